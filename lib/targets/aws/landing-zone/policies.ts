// Organization policies of the AWS landing zone, as plain JSON documents: pure, tested alone.
// SCPs are capped at 5,120 characters; these are written minified by the realizer.

/**
 * Actions of global services a region deny must not block: they are served from one region
 * (us-east-1 in `aws`) whatever region a user works in. The list of AWS Control Tower's region
 * deny control (GRREGIONDENY, "Controls that enhance data residency protection", AWS Control Tower
 * guide), which AWS Landing Zone Accelerator also follows.
 */
export const GLOBAL_SERVICE_ACTIONS = [
  "a4b:*",
  "access-analyzer:*",
  "acm:*",
  "aws-marketplace-management:*",
  "aws-marketplace:*",
  "aws-portal:*",
  "budgets:*",
  "ce:*",
  "chatbot:*",
  "chime:*",
  "cloudfront:*",
  "config:*",
  "cur:*",
  "directconnect:*",
  "ec2:DescribeRegions",
  "ec2:DescribeTransitGateways",
  "ec2:DescribeVpnGateways",
  "fms:*",
  "globalaccelerator:*",
  "health:*",
  "iam:*",
  "importexport:*",
  "kms:*",
  "mobileanalytics:*",
  "networkmanager:*",
  "organizations:*",
  "pricing:*",
  "route53-recovery-cluster:*",
  "route53-recovery-control-config:*",
  "route53-recovery-readiness:*",
  "route53:*",
  "route53domains:*",
  "s3:DeleteMultiRegionAccessPoint",
  "s3:DescribeMultiRegionAccessPointOperation",
  "s3:GetAccountPublic",
  "s3:GetAccountPublicAccessBlock",
  "s3:GetBucketLocation",
  "s3:GetBucketPublicAccessBlock",
  "s3:GetMultiRegionAccessPoint",
  "s3:GetMultiRegionAccessPointPolicy",
  "s3:GetMultiRegionAccessPointPolicyStatus",
  "s3:GetStorageLensConfiguration",
  "s3:GetStorageLensDashboard",
  "s3:ListAllMyBuckets",
  "s3:ListMultiRegionAccessPoints",
  "s3:ListStorageLensConfigurations",
  "s3:PutAccountPublic",
  "s3:PutAccountPublicAccessBlock",
  "shield:*",
  "sts:*",
  "support:*",
  "trustedadvisor:*",
  "waf-regional:*",
  "waf:*",
  "wafv2:*",
] as const;

export interface PolicyDocument {
  readonly Version: "2012-10-17";
  readonly Statement: readonly Record<string, unknown>[];
}

const doc = (...statements: Record<string, unknown>[]): PolicyDocument => ({ Version: "2012-10-17", Statement: statements });

/** Denies every action outside `regions`, except the global services'. */
export function regionDenyPolicy(sid: string, regions: readonly string[]): PolicyDocument {
  if (regions.length === 0) throw new RangeError("a region deny needs at least one allowed region");
  return doc({
    Sid: sid,
    Effect: "Deny",
    NotAction: [...GLOBAL_SERVICE_ACTIONS],
    Resource: "*",
    Condition: { StringNotEquals: { "aws:RequestedRegion": [...regions] } },
  });
}

/** Actions that switch off the audit trail or a security service. */
export const PROTECTED_SECURITY_ACTIONS = [
  "cloudtrail:DeleteTrail",
  "cloudtrail:PutEventSelectors",
  "cloudtrail:StopLogging",
  "cloudtrail:UpdateTrail",
  "config:DeleteConfigurationRecorder",
  "config:DeleteDeliveryChannel",
  "config:StopConfigurationRecorder",
  "guardduty:DeleteDetector",
  "guardduty:DisassociateFromAdministratorAccount",
  "guardduty:DisassociateFromMasterAccount",
  "guardduty:UpdateDetector",
  "securityhub:DisableSecurityHub",
  "securityhub:DisassociateFromAdministratorAccount",
  "securityhub:DisassociateFromMasterAccount",
  "access-analyzer:DeleteAnalyzer",
  "ec2:DisableEbsEncryptionByDefault",
  "s3:PutAccountPublicAccessBlock",
] as const;

/**
 * The role the platform manages a vended account's baseline through (the one Organizations
 * creates), in any partition and account. Only it may change what the guardrails protect; apps
 * deploy through their own role, which is not exempt.
 */
export const PLATFORM_ROLE_PATTERN = "arn:*:iam::*:role/OrganizationAccountAccessRole";

/** The baseline guardrails every unit gets: no leaving, no switching off audit or security, no root. */
export function guardrailsPolicy(): PolicyDocument {
  return doc(
    { Sid: "DenyLeaveOrganization", Effect: "Deny", Action: ["organizations:LeaveOrganization"], Resource: "*" },
    {
      Sid: "ProtectAuditAndSecurityServices",
      Effect: "Deny",
      Action: [...PROTECTED_SECURITY_ACTIONS],
      Resource: "*",
      Condition: { ArnNotLike: { "aws:PrincipalArn": [PLATFORM_ROLE_PATTERN] } },
    },
    // Any partition: "arn:*:iam::*:root" names the root user of every member account.
    { Sid: "DenyRootUser", Effect: "Deny", Action: "*", Resource: "*", Condition: { StringLike: { "aws:PrincipalArn": ["arn:*:iam::*:root"] } } },
  );
}

/** Data-protection tier (L2): data stores created encrypted, data reached over TLS only. */
export function dataProtectionPolicy(): PolicyDocument {
  return doc(
    { Sid: "DenyUnencryptedVolumes", Effect: "Deny", Action: ["ec2:CreateVolume"], Resource: "*", Condition: { Bool: { "ec2:Encrypted": "false" } } },
    { Sid: "DenyUnencryptedDatabases", Effect: "Deny", Action: ["rds:CreateDBInstance", "rds:CreateDBCluster"], Resource: "*", Condition: { Bool: { "rds:StorageEncrypted": "false" } } },
    { Sid: "DenyUnencryptedFileSystems", Effect: "Deny", Action: ["elasticfilesystem:CreateFileSystem"], Resource: "*", Condition: { Bool: { "elasticfilesystem:Encrypted": "false" } } },
    { Sid: "DenyPlainTextS3", Effect: "Deny", Action: ["s3:*"], Resource: "*", Condition: { Bool: { "aws:SecureTransport": "false" } } },
  );
}

/** Quarantine: nothing runs until the platform moves the account to its unit. */
export function quarantinePolicy(): PolicyDocument {
  return doc({ Sid: "DenyAllButPlatform", Effect: "Deny", Action: "*", Resource: "*", Condition: { ArnNotLike: { "aws:PrincipalArn": [PLATFORM_ROLE_PATTERN] } } });
}

/** Instance families with AMD SEV-SNP (confidential computing) in EC2. */
export const CONFIDENTIAL_INSTANCE_TYPES = ["m6a.*", "c6a.*", "r6a.*"] as const;

/** Confidential tier (L3): instances only of families that can run with AMD SEV-SNP. */
export function confidentialPolicy(): PolicyDocument {
  return doc({
    Sid: "DenyNonConfidentialInstanceTypes",
    Effect: "Deny",
    Action: ["ec2:RunInstances"],
    Resource: "*",
    Condition: { StringNotLike: { "ec2:InstanceType": [...CONFIDENTIAL_INSTANCE_TYPES] } },
  });
}

/** AWS tag policy standardizing the required keys (Polder's `polder:` prefix) on the taggable resources it makes. */
export function tagPolicy(keys: readonly string[]): Record<string, unknown> {
  return {
    tags: Object.fromEntries(
      keys.map((k) => [
        `polder:${k}`,
        { tag_key: { "@@assign": `polder:${k}` }, enforced_for: { "@@assign": ["ec2:instance", "ec2:volume", "rds:db", "s3:bucket"] } },
      ]),
    ),
  };
}
