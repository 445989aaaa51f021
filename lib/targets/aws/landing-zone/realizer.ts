import { FlowLog } from "@cdktf/provider-aws/lib/flow-log";
import type { OrganizationsAccount } from "@cdktf/provider-aws/lib/organizations-account";
import type { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { Construct } from "constructs";
import { TerraformOutput } from "../../../core/cdktf";
import { PolderError } from "../../../core/errors";
import type { ControlResult } from "../../../landing-zone/controls";
import { type LandingZoneRealizer, registerLandingZoneRealizer } from "../../../landing-zone/realizer";
import type { ResolvedLandingZoneSpec } from "../../../landing-zone/spec";
import type { AwsNetwork } from "../network";
import { awsConfidentialSupport } from "../confidential";
import type { AwsTarget } from "../target";
import { AwsZoneAudit } from "./audit";
import { AwsZoneContext } from "./context";
import { AwsZoneHub } from "./hub";
import { AwsZoneIdentity, BREAK_GLASS_SESSION_SECONDS } from "./identity";
import { AwsOrganizationTree, euRegionsOf } from "./organization";
import { AWS_BUDGET_UNIT, AwsTenancyBaseline } from "./tenancies";

/** What an app placed in a tenancy needs from the zone. */
interface AwsTenancyHandle {
  readonly roleArn: string;
  readonly account: OrganizationsAccount;
}

function controls(spec: ResolvedLandingZoneSpec, target: AwsTarget): ControlResult[] {
  const scp = "aws_organizations_policy";
  const vended = spec.tenancies.length > 0;
  const noTenancy = "the spec vends no tenancy, so there is no account to set it in";
  return [
    { id: "hierarchy", status: "enforced", how: "an organizational unit per unit under the organization's root", resources: ["aws_organizations_organizational_unit"] },
    { id: "tenancy-vending", status: "enforced", how: "an account per tenancy in its unit's OU", resources: ["aws_organizations_account"] },
    { id: "eu-regions", status: "enforced", how: `SCP denying every action outside ${euRegionsOf(target).join(", ")} except the global services Control Tower's region deny exempts`, resources: [scp, "aws_organizations_policy_attachment"] },
    { id: "deny-leave-organization", status: "enforced", how: "SCP denying organizations:LeaveOrganization", resources: [scp] },
    { id: "audit-trail", status: "enforced", how: "an organization trail of every account and region, with log file validation", resources: ["aws_cloudtrail"] },
    spec.audit.immutable
      ? { id: "audit-immutable", status: "enforced", how: `S3 Object Lock in compliance mode, ${spec.audit.retentionDays} days`, resources: ["aws_s3_bucket", "aws_s3_bucket_object_lock_configuration"] }
      : { id: "audit-immutable", status: "not-enforced", how: "versioning only", resources: ["aws_s3_bucket_versioning"], reason: "the spec sets audit.immutable: false" },
    { id: "audit-encrypted", status: "enforced", how: "SSE-KMS with the zone's rotating customer-managed key", resources: ["aws_kms_key", "aws_s3_bucket_server_side_encryption_configuration"] },
    { id: "protect-security-services", status: "enforced", how: "SCP denying CloudTrail, Config, GuardDuty, Security Hub, Access Analyzer, EBS-encryption and S3-public-access-block changes", resources: [scp] },
    { id: "deny-root-use", status: "enforced", how: "SCP denying every action by a member account's root user", resources: [scp] },
    { id: "threat-detection", status: "enforced", how: "GuardDuty administered for the organization, auto-enabled in every account", resources: ["aws_guardduty_detector", "aws_guardduty_organization_admin_account", "aws_guardduty_organization_configuration"] },
    {
      id: "security-posture",
      status: vended ? "enforced" : "partial",
      how: "Security Hub auto-enabled in every account with the default standards; Config recorders in this account and every vended account, delivering to the log archive, and an organization aggregator",
      resources: ["aws_securityhub_account", "aws_securityhub_organization_configuration", "aws_config_configuration_recorder", "aws_config_configuration_aggregator"],
      ...(vended ? {} : { reason: noTenancy }),
    },
    { id: "access-analysis", status: "enforced", how: "IAM Access Analyzer with the organization as zone of trust", resources: ["aws_accessanalyzer_analyzer"] },
    vended
      ? { id: "default-encryption", status: "enforced", how: "EBS encryption by default in every vended account (through its access role)", resources: ["aws_ebs_encryption_by_default"] }
      : { id: "default-encryption", status: "not-enforced", how: "-", resources: [], reason: noTenancy },
    vended
      ? { id: "public-access-block", status: "enforced", how: "account-level S3 public access block in every vended account", resources: ["aws_s3_account_public_access_block"] }
      : { id: "public-access-block", status: "not-enforced", how: "-", resources: [], reason: noTenancy },
    {
      id: "hub-network",
      status: "partial",
      how: "a transit gateway shared with the organization through RAM (attachments accepted by the platform, never automatically), and the hub VPC",
      resources: ["aws_ec2_transit_gateway", "aws_ram_resource_share", "aws_vpc"],
      reason: "Polder's AWS app network does not attach itself to the transit gateway yet: an app placed in the zone keeps its own NAT egress until it does",
    },
    {
      id: "central-egress",
      status: "partial",
      how:
        spec.hubNetwork.egress === "firewall"
          ? "default route of every transit gateway attachment to the egress VPC, through AWS Network Firewall (TLS and DNS over TLS only) and NAT"
          : "default route of every transit gateway attachment to the egress VPC's NAT gateways (egress: nat, no inspection)",
      resources: spec.hubNetwork.egress === "firewall" ? ["aws_ec2_transit_gateway_route", "aws_networkfirewall_firewall", "aws_nat_gateway"] : ["aws_ec2_transit_gateway_route", "aws_nat_gateway"],
      reason: "no SCP forbids internet gateways in tenancies yet, because Polder's AWS app networks still make their own NAT egress; attached networks go through the hub",
    },
    { id: "admin-groups", status: "enforced", how: "an IAM Identity Center permission set assigned to each unit's group in every account of the unit and below", resources: ["aws_ssoadmin_permission_set", "aws_ssoadmin_account_assignment"] },
    { id: "break-glass", status: "enforced", how: "two IAM roles in the management account, outside IAM Identity Center", resources: ["aws_iam_role"] },
    { id: "break-glass-mfa", status: "enforced", how: `trust policy requires aws:MultiFactorAuthPresent and an MFA younger than ${BREAK_GLASS_SESSION_SECONDS} s`, resources: ["aws_iam_role"] },
    spec.budgets.currency === AWS_BUDGET_UNIT
      ? { id: "budgets", status: "enforced", how: "a monthly cost budget per account with a notification per threshold", resources: ["aws_budgets_budget"] }
      : {
          id: "budgets",
          status: "partial",
          how: "a monthly cost budget per account with a notification per threshold",
          resources: ["aws_budgets_budget"],
          reason: `AWS Budgets counts only in ${AWS_BUDGET_UNIT}: the amounts (${spec.budgets.currency} in the spec) are set as ${AWS_BUDGET_UNIT}`,
        },
    { id: "quotas", status: "not-enforced", how: "-", resources: [], reason: "AWS service quotas are raised on request, not lowered per account; budgets limit spending instead" },
    spec.tags.required.length
      ? {
          id: "required-tags",
          status: "partial",
          how: `tag policy fixing the keys polder:${spec.tags.required.join(", polder:")}; the tenancy's values are default tags of its account baseline and of apps placed there`,
          resources: ["aws_organizations_policy"],
          reason: "AWS tag policies standardize a key's spelling and values; they cannot make a tag mandatory on every resource type",
        }
      : { id: "required-tags", status: "not-enforced", how: "-", resources: [], reason: "the spec requires no tags" },
    { id: "residency-home-region", status: "enforced", how: `SCP denying every action outside ${target.region} (global services exempt) on the units with residency`, resources: [scp] },
    {
      id: "customer-managed-keys",
      status: "partial",
      how: "SCP refusing unencrypted EBS volumes, RDS storage and EFS; Polder's apps use their own customer-managed KMS key",
      resources: [scp],
      reason: "SCP condition keys say whether a store is encrypted, not whether the key is customer-managed",
    },
    { id: "tls-only", status: "enforced", how: "SCP denying S3 requests without TLS (aws:SecureTransport)", resources: [scp] },
    confidentialCompute(target),
  ];
}

/** The confidential tier: the SCP on instance families, and what Polder's apps do in this region. */
function confidentialCompute(target: AwsTarget): ControlResult {
  const support = awsConfidentialSupport(target);
  const apps = support.supported
    ? `Polder's apps in confidential units run kubernetes and vm-group as ${support.how}`
    : `Polder's apps with kubernetes or vm-group are refused in confidential units here: ${support.reason}`;
  return {
    id: "confidential-compute",
    status: "partial",
    how: `SCP allowing only the m6a, c6a and r6a instance families, which support AMD SEV-SNP; ${apps}`,
    resources: ["aws_organizations_policy"],
    reason: "the SCP checks the instance family, not that AMD SEV-SNP is switched on for the instance (it does not use the ec2:CpuOptionsAmdSevSnp condition key), so other tools can launch those families without it",
  };
}

export const awsLandingZoneRealizer: LandingZoneRealizer = {
  realize(scope, { spec, stack, target }) {
    const aws = new Construct(scope, "aws");
    const ctx = new AwsZoneContext(aws, spec, stack, target as AwsTarget);
    const tree = new AwsOrganizationTree(aws, ctx);
    const audit = new AwsZoneAudit(aws, ctx);
    const hub = new AwsZoneHub(aws, ctx, audit);
    new AwsZoneIdentity(aws, ctx, tree.accounts);
    const tenancies = new Map<string, AwsTenancyHandle>();
    for (const t of spec.tenancies) {
      const account = tree.accounts.get(t.name)!;
      const baseline = new AwsTenancyBaseline(aws, ctx, t, account, audit);
      tenancies.set(t.name, { account, roleArn: baseline.deployRole.arn });
      new TerraformOutput(aws, `tenancy-${t.name}-account`, { value: account.id, description: `account of tenancy ${t.name}` }).overrideLogicalId(`tenancy_${t.name.replace(/-/g, "_")}_account_id`);
    }
    new TerraformOutput(aws, "audit-bucket", { value: audit.bucket.arn, description: "the zone's log archive" }).overrideLogicalId("audit_bucket_arn");
    new TerraformOutput(aws, "transit-gateway", { value: hub.transitGateway.id, description: "the hub every tenancy network attaches to" }).overrideLogicalId("transit_gateway_id");
    return { controls: controls(spec, target as AwsTarget), tenancies, logDestination: audit.bucket.arn };
  },

  placeApp(_scope, { stack, zone, tenancy }) {
    const handle = zone.tenancies.get(tenancy.name) as AwsTenancyHandle;
    const provider = stack.node.tryFindChild("aws") as AwsProvider | undefined;
    if (!provider) throw new PolderError(`${stack.node.id}: no AWS provider to point at tenancy '${tenancy.name}'`);
    // The role's ARN is a value of the zone's stack: cdktf turns it into an output there and a
    // terraform_remote_state here, so the app never holds a copied account id.
    provider.assumeRole = [{ roleArn: handle.roleArn, sessionName: `polder-${stack.baseName}` }];
  },

  attachNetwork(scope, { zone, network }) {
    // Flow logs of the app's VPC also go to the zone's log archive (beside the app's own log group).
    new FlowLog(scope, "flow-log", {
      vpcId: (network as AwsNetwork).vpcId,
      trafficType: "ALL",
      logDestinationType: "s3",
      logDestination: `${zone.logDestination}/flow-logs/`,
      maxAggregationInterval: 60,
    });
  },
};

registerLandingZoneRealizer("aws", awsLandingZoneRealizer);
