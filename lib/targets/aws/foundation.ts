import { DataAwsCallerIdentity } from "@cdktf/provider-aws/lib/data-aws-caller-identity";
import { DataAwsIamPolicyDocument, type DataAwsIamPolicyDocumentStatement } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { DataAwsPartition } from "@cdktf/provider-aws/lib/data-aws-partition";
import { DataAwsServicePrincipal } from "@cdktf/provider-aws/lib/data-aws-service-principal";
import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { Construct } from "constructs";
import { skipCheck } from "../../core/checks";
import type { FoundationContext } from "../../core/realizer";
import { AwsAccessLogs } from "./access-logs";
import type { AwsTarget } from "./target";

/**
 * Per-app baseline on AWS: the app's customer-managed KMS key (every data store and log of the
 * app is encrypted with it) and partition-aware helpers, so no ARN or principal says `arn:aws:`.
 */
export class AwsFoundation extends Construct {
  readonly appName: string;
  readonly region: string;
  readonly partition: DataAwsPartition;
  readonly caller: DataAwsCallerIdentity;
  readonly key: KmsKey;
  /**
   * What the app's workloads (VM groups, pods) may use, registered by the data components as they
   * are realized (before any workload: see the realize order): IAM statements for the workload role.
   */
  readonly workloadAccess: DataAwsIamPolicyDocumentStatement[] = [];
  /** Security groups and ports of the app's databases, which workloads must reach. */
  readonly databases: { readonly name: string; readonly securityGroupId: string; readonly port: number }[] = [];
  private readonly principals = new Map<string, DataAwsServicePrincipal>();
  private accessLogBucket?: AwsAccessLogs;
  private readonly keyPolicy: DataAwsIamPolicyDocument;
  private readonly keyStatements: DataAwsIamPolicyDocumentStatement[];
  private autoScalingAllowed = false;

  constructor(scope: Construct, ctx: FoundationContext) {
    super(scope, "aws");
    const target = ctx.stack.target as AwsTarget;
    this.appName = ctx.app.name;
    this.region = target.region;
    this.partition = new DataAwsPartition(this, "partition");
    this.caller = new DataAwsCallerIdentity(this, "caller");

    this.keyStatements = [
        {
          sid: "AccountAdministers",
          principals: [{ type: "AWS", identifiers: [this.arn("iam", "root", { region: false })] }],
          actions: ["kms:*"],
          resources: ["*"],
        },
        {
          sid: "CloudWatchLogsOfThisAccount",
          principals: [{ type: "Service", identifiers: [`logs.${this.region}.${this.partition.dnsSuffix}`] }],
          actions: ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
          resources: ["*"],
          condition: [
            {
              test: "ArnLike",
              variable: "kms:EncryptionContext:aws:logs:arn",
              values: [this.arn("logs", "log-group:*")],
            },
          ],
        },
    ];
    const policy = new DataAwsIamPolicyDocument(this, "key-policy", { statement: [...this.keyStatements] });
    this.keyPolicy = policy;
    const keyPolicyReason = "key policy: KMS requires Resource \"*\" (it means this key); the account-root kms:* statement is the AWS default that keeps the key administrable through IAM";
    skipCheck(policy, "CKV_AWS_109", keyPolicyReason);
    skipCheck(policy, "CKV_AWS_111", keyPolicyReason);
    skipCheck(policy, "CKV_AWS_356", keyPolicyReason);
    this.key = new KmsKey(this, "key", {
      description: `polder app ${ctx.app.name}: customer-managed key for its data and logs`,
      enableKeyRotation: true,
      deletionWindowInDays: 30,
      policy: policy.json,
      lifecycle: { preventDestroy: true },
    });
    new KmsAlias(this, "key-alias", { name: `alias/polder/${ctx.app.name}`, targetKeyId: this.key.keyId });
  }

  /**
   * Lets the Auto Scaling service-linked role use the app key for the encrypted volumes of the
   * instances it launches (VM groups, EKS managed node groups): AWS "Required KMS key policy for
   * use with encrypted volumes". Added only to apps that launch instances, because KMS refuses a
   * key policy naming a role that does not exist: the account needs AWSServiceRoleForAutoScaling
   * (see the README).
   */
  allowAutoScaling(): void {
    if (this.autoScalingAllowed) return;
    this.autoScalingAllowed = true;
    const slr = [this.arn("iam", "role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling", { region: false })];
    this.keyStatements.push(
      {
        sid: "AutoScalingUsesKeyForEncryptedVolumes",
        principals: [{ type: "AWS", identifiers: slr }],
        actions: ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"],
        resources: ["*"],
      },
      {
        sid: "AutoScalingAttachesEncryptedVolumes",
        principals: [{ type: "AWS", identifiers: slr }],
        actions: ["kms:CreateGrant"],
        resources: ["*"],
        condition: [{ test: "Bool", variable: "kms:GrantIsForAWSResource", values: ["true"] }],
      },
    );
    this.keyPolicy.putStatement([...this.keyStatements]);
  }

  /** The app's access-log bucket (S3 server access logs, ALB access logs), made on first use. */
  accessLogs(): AwsAccessLogs {
    this.accessLogBucket ??= new AwsAccessLogs(this, this);
    return this.accessLogBucket;
  }

  /** `arn:<partition>:<service>:<region>:<account>:<resource>`; global services drop the region. */
  arn(service: string, resource: string, opts: { region?: boolean; account?: boolean } = {}): string {
    const region = opts.region === false ? "" : this.region;
    const account = opts.account === false ? "" : this.caller.accountId;
    return `arn:${this.partition.partition}:${service}:${region}:${account}:${resource}`;
  }

  /** ARN of an AWS-managed IAM policy, e.g. `AmazonEKSClusterPolicy`. */
  managedPolicyArn(name: string): string {
    return `arn:${this.partition.partition}:iam::aws:policy/${name}`;
  }

  /** The service principal of a service in this partition and region (e.g. `eks`). */
  servicePrincipal(service: string): string {
    let p = this.principals.get(service);
    if (!p) {
      p = new DataAwsServicePrincipal(this, `principal-${service}`, { serviceName: service, region: this.region });
      this.principals.set(service, p);
    }
    return p.name;
  }
}
