import { AccessanalyzerAnalyzer } from "@cdktf/provider-aws/lib/accessanalyzer-analyzer";
import { Cloudtrail } from "@cdktf/provider-aws/lib/cloudtrail";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { ConfigConfigurationAggregator } from "@cdktf/provider-aws/lib/config-configuration-aggregator";
import { ConfigConfigurationRecorder } from "@cdktf/provider-aws/lib/config-configuration-recorder";
import { ConfigConfigurationRecorderStatus } from "@cdktf/provider-aws/lib/config-configuration-recorder-status";
import { ConfigDeliveryChannel } from "@cdktf/provider-aws/lib/config-delivery-channel";
import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { GuarddutyDetector } from "@cdktf/provider-aws/lib/guardduty-detector";
import { GuarddutyOrganizationAdminAccount } from "@cdktf/provider-aws/lib/guardduty-organization-admin-account";
import { GuarddutyOrganizationConfiguration } from "@cdktf/provider-aws/lib/guardduty-organization-configuration";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketLifecycleConfiguration } from "@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration";
import { S3BucketObjectLockConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-object-lock-configuration";
import { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy";
import { SecurityhubAccount } from "@cdktf/provider-aws/lib/securityhub-account";
import { SecurityhubOrganizationAdminAccount } from "@cdktf/provider-aws/lib/securityhub-organization-admin-account";
import { SecurityhubOrganizationConfiguration } from "@cdktf/provider-aws/lib/securityhub-organization-configuration";
import { Construct } from "constructs";
import { skipCheck } from "../../../core/checks";
import { Fn } from "../../../core/cdktf";
import { applyBucketBaseline, denyInsecureTransport } from "../bucket-baseline";
import { assumeRolePolicy } from "../iam";
import type { AwsZoneContext } from "./context";

/** Name of the Config recorder's role in every vended account. */
export const TENANCY_CONFIG_ROLE = "polder-config";

/** The Config recorder roles of a zone, in any partition and account: the archive admits them. */
function configRolePatterns(zone: string): string[] {
  return [`arn:*:iam::*:role/${TENANCY_CONFIG_ROLE}`, `arn:*:iam::*:role/${zone}-config`];
}

/** Days the trail's CloudWatch copy is kept for searching; the bucket keeps the record. */
const TRAIL_LOG_GROUP_DAYS = 365;

/**
 * The zone's audit: a customer-managed key, a log-archive bucket with Object Lock in compliance
 * mode (nobody, root included, can delete or overwrite a record before its retention ends), an
 * organization trail of every account and region into it, and the organization-wide security
 * services (GuardDuty, Security Hub, Config, IAM Access Analyzer) administered from this account.
 */
export class AwsZoneAudit extends Construct {
  readonly key: KmsKey;
  readonly bucket: S3Bucket;
  readonly trail: Cloudtrail;

  constructor(scope: Construct, ctx: AwsZoneContext) {
    super(scope, "audit");
    const { spec } = ctx;
    const account = ctx.caller.accountId;
    const trailArn = ctx.arn("cloudtrail", `trail/${spec.name}-organization`);

    const keyPolicy = new DataAwsIamPolicyDocument(this, "key-policy", {
      statement: [
        { sid: "AccountAdministers", principals: [{ type: "AWS", identifiers: [ctx.arn("iam", "root", { region: false })] }], actions: ["kms:*"], resources: ["*"] },
        {
          sid: "CloudTrailEncryptsOrganizationTrail",
          principals: [{ type: "Service", identifiers: [ctx.principal("cloudtrail")] }],
          actions: ["kms:GenerateDataKey*", "kms:DescribeKey"],
          resources: ["*"],
          condition: [{ test: "StringEquals", variable: "aws:SourceArn", values: [trailArn] }],
        },
        {
          sid: "ConfigAndFlowLogsDeliver",
          principals: [{ type: "Service", identifiers: [ctx.principal("config"), ctx.principal("delivery.logs")] }],
          actions: ["kms:GenerateDataKey*", "kms:Decrypt"],
          resources: ["*"],
          condition: [{ test: "StringEquals", variable: "aws:SourceOrgID", values: [ctx.organization.id] }],
        },
        {
          sid: "ConfigRolesOfTheOrganizationDeliver",
          principals: [{ type: "AWS", identifiers: ["*"] }],
          actions: ["kms:GenerateDataKey*", "kms:Decrypt"],
          resources: ["*"],
          condition: [
            { test: "StringEquals", variable: "aws:PrincipalOrgID", values: [ctx.organization.id] },
            { test: "ArnLike", variable: "aws:PrincipalArn", values: configRolePatterns(spec.name) },
          ],
        },
        {
          sid: "CloudWatchLogsOfThisAccount",
          principals: [{ type: "Service", identifiers: [ctx.principal("logs")] }],
          actions: ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
          resources: ["*"],
          condition: [{ test: "ArnLike", variable: "kms:EncryptionContext:aws:logs:arn", values: [ctx.arn("logs", "log-group:*")] }],
        },
      ],
    });
    const keyPolicyReason = "key policy: KMS requires Resource \"*\" (it means this key); the account-root kms:* statement is the AWS default that keeps the key administrable through IAM";
    for (const id of ["CKV_AWS_109", "CKV_AWS_111", "CKV_AWS_356"]) skipCheck(keyPolicy, id, keyPolicyReason);
    this.key = new KmsKey(this, "key", {
      description: `polder landing zone ${spec.name}: audit trail, configuration history and flow logs`,
      enableKeyRotation: true,
      deletionWindowInDays: 30,
      policy: keyPolicy.json,
      lifecycle: { preventDestroy: true },
    });
    new KmsAlias(this, "key-alias", { name: `alias/polder/${spec.name}/audit`, targetKeyId: this.key.keyId });

    // Object Lock can only be switched on when a bucket is created.
    this.bucket = new S3Bucket(this, "bucket", {
      bucket: `${spec.name}-audit-${account}`,
      objectLockEnabled: spec.audit.immutable,
      forceDestroy: false,
      lifecycle: { preventDestroy: true },
    });
    skipCheck(this.bucket, "CKV_AWS_144", "the audit archive stays in the zone's home region for residency; Object Lock, versioning and prevent_destroy guard it");
    skipCheck(this.bucket, "CKV_AWS_18", "this is the log archive itself: its access logs would need a second archive, which would need a third; records in it are write-once (Object Lock) and encrypted with the zone key, whose use CloudTrail records");
    applyBucketBaseline(this, this.bucket, { kmsKeyArn: this.key.arn, versioning: true });
    if (spec.audit.immutable)
      new S3BucketObjectLockConfigurationA(this, "object-lock", {
        bucket: this.bucket.id,
        rule: { defaultRetention: { mode: "COMPLIANCE", days: spec.audit.retentionDays } },
      });
    new S3BucketLifecycleConfiguration(this, "lifecycle", {
      bucket: this.bucket.id,
      rule: [
        {
          id: "retention",
          status: "Enabled",
          filter: [{ prefix: "" }],
          // A day after the lock ends, so expiry never races the lock.
          expiration: [{ days: spec.audit.retentionDays + 1 }],
          noncurrentVersionExpiration: [{ noncurrentDays: spec.audit.retentionDays + 1 }],
          abortIncompleteMultipartUpload: [{ daysAfterInitiation: 7 }],
        },
      ],
    });
    const bucketPolicy = new DataAwsIamPolicyDocument(this, "bucket-policy", {
      statement: [
        denyInsecureTransport(this.bucket),
        {
          sid: "ServicesReadAcl",
          principals: [{ type: "Service", identifiers: [ctx.principal("cloudtrail"), ctx.principal("config"), ctx.principal("delivery.logs")] }],
          actions: ["s3:GetBucketAcl", "s3:ListBucket"],
          resources: [this.bucket.arn],
        },
        {
          sid: "CloudTrailWritesOrganizationTrail",
          principals: [{ type: "Service", identifiers: [ctx.principal("cloudtrail")] }],
          actions: ["s3:PutObject"],
          resources: [`${this.bucket.arn}/AWSLogs/*`],
          condition: [{ test: "StringEquals", variable: "aws:SourceArn", values: [trailArn] }],
        },
        {
          sid: "ConfigAndFlowLogsWrite",
          principals: [{ type: "Service", identifiers: [ctx.principal("config"), ctx.principal("delivery.logs")] }],
          actions: ["s3:PutObject"],
          resources: [`${this.bucket.arn}/AWSLogs/*`, `${this.bucket.arn}/flow-logs/*`, `${this.bucket.arn}/network-firewall/*`],
          condition: [{ test: "StringEquals", variable: "aws:SourceOrgID", values: [ctx.organization.id] }],
        },
        {
          // Config delivers with the recorder's own role (an IAM role, not the service-linked one).
          sid: "ConfigRolesOfTheOrganizationWrite",
          principals: [{ type: "AWS", identifiers: ["*"] }],
          actions: ["s3:PutObject", "s3:GetBucketAcl", "s3:ListBucket"],
          resources: [this.bucket.arn, `${this.bucket.arn}/AWSLogs/*`],
          condition: [
            { test: "StringEquals", variable: "aws:PrincipalOrgID", values: [ctx.organization.id] },
            { test: "ArnLike", variable: "aws:PrincipalArn", values: configRolePatterns(spec.name) },
          ],
        },
      ],
    });
    const policy = new S3BucketPolicy(this, "policy", { bucket: this.bucket.id, policy: bucketPolicy.json });

    const logGroup = new CloudwatchLogGroup(this, "trail-logs", {
      name: `/polder/${spec.name}/organization-trail`,
      retentionInDays: TRAIL_LOG_GROUP_DAYS,
      kmsKeyId: this.key.arn,
      lifecycle: { preventDestroy: true },
    });
    const trailRole = new IamRole(this, "trail-role", { name: `${spec.name}-organization-trail`, assumeRolePolicy: assumeRolePolicy(ctx.principal("cloudtrail")) });
    new IamRolePolicy(this, "trail-role-policy", {
      role: trailRole.id,
      policy: Fn.jsonencode({
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: `${logGroup.arn}:log-stream:*` }],
      }),
    });
    this.trail = new Cloudtrail(this, "trail", {
      name: `${spec.name}-organization`,
      s3BucketName: this.bucket.id,
      kmsKeyId: this.key.arn,
      isOrganizationTrail: true,
      isMultiRegionTrail: true,
      includeGlobalServiceEvents: true,
      enableLogFileValidation: true,
      cloudWatchLogsGroupArn: `${logGroup.arn}:*`,
      cloudWatchLogsRoleArn: trailRole.arn,
      dependsOn: [policy],
      // The audit trail is never removed by a plan: stopping it takes a deliberate change here.
      lifecycle: { preventDestroy: true },
    });
    skipCheck(this.trail, "CKV_AWS_252", "findings and alarms go through GuardDuty and Security Hub, which read the trail; an SNS topic per delivered log file would only add noise");

    // Security services, administered for the whole organization from this account.
    const detector = new GuarddutyDetector(this, "guardduty", { enable: true, findingPublishingFrequency: "FIFTEEN_MINUTES" });
    const gdAdmin = new GuarddutyOrganizationAdminAccount(this, "guardduty-admin", { adminAccountId: account });
    new GuarddutyOrganizationConfiguration(this, "guardduty-organization", { detectorId: detector.id, autoEnableOrganizationMembers: "ALL", dependsOn: [gdAdmin] });

    const hub = new SecurityhubAccount(this, "securityhub", { enableDefaultStandards: true, autoEnableControls: true });
    const shAdmin = new SecurityhubOrganizationAdminAccount(this, "securityhub-admin", { adminAccountId: account, dependsOn: [hub] });
    new SecurityhubOrganizationConfiguration(this, "securityhub-organization", { autoEnable: true, autoEnableStandards: "DEFAULT", dependsOn: [shAdmin] });

    const configRole = new IamRole(this, "config-role", { name: `${spec.name}-config`, assumeRolePolicy: assumeRolePolicy(ctx.principal("config")) });
    new IamRolePolicyAttachment(this, "config-role-policy", { role: configRole.name, policyArn: ctx.managedPolicyArn("service-role/AWS_ConfigRole") });
    new IamRolePolicy(this, "config-role-delivery", { role: configRole.id, policy: this.configDeliveryPolicy() });
    const recorder = new ConfigConfigurationRecorder(this, "config-recorder", {
      name: `${spec.name}-config`,
      roleArn: configRole.arn,
      recordingGroup: { allSupported: true, includeGlobalResourceTypes: true },
    });
    const channel = new ConfigDeliveryChannel(this, "config-delivery", { name: `${spec.name}-config`, s3BucketName: this.bucket.id, s3KmsKeyArn: this.key.arn, dependsOn: [recorder, policy] });
    new ConfigConfigurationRecorderStatus(this, "config-recorder-status", { name: recorder.name, isEnabled: true, dependsOn: [channel] });
    const aggregatorRole = new IamRole(this, "config-aggregator-role", { name: `${spec.name}-config-aggregator`, assumeRolePolicy: assumeRolePolicy(ctx.principal("config")) });
    new IamRolePolicyAttachment(this, "config-aggregator-role-policy", { role: aggregatorRole.name, policyArn: ctx.managedPolicyArn("service-role/AWSConfigRoleForOrganizations") });
    new ConfigConfigurationAggregator(this, "config-aggregator", {
      name: `${spec.name}-organization`,
      organizationAggregationSource: { allRegions: true, roleArn: aggregatorRole.arn },
    });

    new AccessanalyzerAnalyzer(this, "access-analyzer", { analyzerName: `${spec.name}-organization`, type: "ORGANIZATION" });
  }

  /** What a Config recorder's role needs to deliver into the archive: write there, use the key. */
  configDeliveryPolicy(): string {
    return Fn.jsonencode({
      Version: "2012-10-17",
      Statement: [
        { Effect: "Allow", Action: ["s3:PutObject"], Resource: `${this.bucket.arn}/AWSLogs/*` },
        { Effect: "Allow", Action: ["s3:GetBucketAcl", "s3:ListBucket"], Resource: this.bucket.arn },
        { Effect: "Allow", Action: ["kms:GenerateDataKey*", "kms:Decrypt"], Resource: this.key.arn },
      ],
    });
  }
}
