import { BudgetsBudget } from "@cdktf/provider-aws/lib/budgets-budget";
import { ConfigConfigurationRecorder } from "@cdktf/provider-aws/lib/config-configuration-recorder";
import { ConfigConfigurationRecorderStatus } from "@cdktf/provider-aws/lib/config-configuration-recorder-status";
import { ConfigDeliveryChannel } from "@cdktf/provider-aws/lib/config-delivery-channel";
import { EbsEncryptionByDefault } from "@cdktf/provider-aws/lib/ebs-encryption-by-default";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import type { OrganizationsAccount } from "@cdktf/provider-aws/lib/organizations-account";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { S3AccountPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-account-public-access-block";
import { Construct } from "constructs";
import { Fn, Lazy, Token } from "../../../core/cdktf";
import type { ResolvedTenancy } from "../../../landing-zone/spec";
import { awsTags } from "../stack";
import { type AwsZoneAudit, TENANCY_CONFIG_ROLE } from "./audit";
import type { AwsZoneContext } from "./context";
import { assumeRolePolicy } from "../iam";
import { ACCOUNT_ACCESS_ROLE } from "./organization";

/** AWS Budgets counts cost in US dollars only (any other unit is an InvalidParameterException). */
export const AWS_BUDGET_UNIT = "USD";

/** The role apps placed in a tenancy deploy through; the guardrails do not exempt it. */
export const APP_DEPLOY_ROLE = "polder-app-deployer";

/** The role in a vended account the management account assumes to build its baseline. */
export function accountAccessRoleArn(ctx: AwsZoneContext, account: OrganizationsAccount): string {
  return ctx.arn("iam", `role/${ACCOUNT_ACCESS_ROLE}`, { region: false, account: account.id });
}

/**
 * Per vended account: a monthly cost budget (kept in the management account, filtered to the
 * account) that notifies the contacts at each threshold, and the account's own baseline made
 * through its access role: EBS encryption by default, the account-wide S3 public access block and
 * a Config recorder delivering to the zone's log archive (which Security Hub's controls read).
 */
export class AwsTenancyBaseline extends Construct {
  /** The role apps placed in this tenancy deploy through. */
  readonly deployRole: IamRole;

  constructor(scope: Construct, ctx: AwsZoneContext, tenancy: ResolvedTenancy, account: OrganizationsAccount, audit: AwsZoneAudit) {
    super(scope, `tenancy-${tenancy.name}`);
    const { spec } = ctx;
    new BudgetsBudget(this, "budget", {
      name: `${spec.name}-${tenancy.name}-monthly`,
      budgetType: "COST",
      timeUnit: "MONTHLY",
      limitAmount: String(tenancy.monthlyBudget),
      limitUnit: AWS_BUDGET_UNIT,
      costFilter: [{ name: "LinkedAccount", values: [account.id] }],
      notification: spec.budgets.thresholds.map((threshold) => ({
        comparisonOperator: "GREATER_THAN",
        threshold,
        thresholdType: "PERCENTAGE",
        notificationType: "ACTUAL",
        subscriberEmailAddresses: [...new Set([...spec.budgets.contacts, tenancy.email])],
      })),
    });

    // A provider per account, assuming the role Organizations made there. Terraform configures it
    // once the account exists: the first apply of a new tenancy targets the account
    // (`-target=aws_organizations_account.<id>`), the next apply does the rest.
    const provider = new AwsProvider(this, "provider", {
      alias: `tenancy-${tenancy.name}`,
      region: ctx.region,
      assumeRole: [{ roleArn: accountAccessRoleArn(ctx, account), sessionName: `polder-${spec.name}` }],
      defaultTags: [{ tags: Token.asStringMap(Lazy.anyValue({ produce: () => ({ ...awsTags(ctx.stack.tags), ...awsTags(tenancy.tags) }) })) }],
    });
    new EbsEncryptionByDefault(this, "ebs-encryption", { provider, enabled: true });
    new S3AccountPublicAccessBlock(this, "s3-public-access-block", {
      provider,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    const configRole = new IamRole(this, "config-role", { provider, name: TENANCY_CONFIG_ROLE, assumeRolePolicy: assumeRolePolicy(ctx.principal("config")) });
    new IamRolePolicyAttachment(this, "config-role-policy", { provider, role: configRole.name, policyArn: ctx.managedPolicyArn("service-role/AWS_ConfigRole") });
    new IamRolePolicy(this, "config-role-delivery", { provider, role: configRole.id, policy: audit.configDeliveryPolicy() });
    const recorder = new ConfigConfigurationRecorder(this, "config-recorder", {
      provider,
      name: "polder",
      roleArn: configRole.arn,
      recordingGroup: { allSupported: true, includeGlobalResourceTypes: true },
    });
    // The archive's policy and key admit Config from every account of the organization.
    const channel = new ConfigDeliveryChannel(this, "config-delivery", { provider, name: "polder", s3BucketName: audit.bucket.id, s3KmsKeyArn: audit.key.arn, dependsOn: [recorder] });
    new ConfigConfigurationRecorderStatus(this, "config-recorder-status", { provider, name: recorder.name, isEnabled: true, dependsOn: [channel] });

    // Apps deploy through their own role, assumable from the management account only; as a
    // non-platform role it is bound by every guardrail of the unit.
    this.deployRole = new IamRole(this, "app-deployer", {
      provider,
      name: APP_DEPLOY_ROLE,
      description: `apps of tenancy ${tenancy.name} in landing zone ${spec.name} deploy through this role`,
      maxSessionDuration: 3600,
      assumeRolePolicy: Fn.jsonencode({
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Principal: { AWS: ctx.arn("iam", "root", { region: false }) }, Action: "sts:AssumeRole" }],
      }),
    });
    new IamRolePolicyAttachment(this, "app-deployer-policy", { provider, role: this.deployRole.name, policyArn: ctx.managedPolicyArn("PowerUserAccess") });
    new IamRolePolicyAttachment(this, "app-deployer-iam-policy", { provider, role: this.deployRole.name, policyArn: ctx.managedPolicyArn("IAMFullAccess") });
  }
}
