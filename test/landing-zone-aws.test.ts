// The AWS landing zone, control by control, on the synthesized JSON.
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { loadLandingZoneSpec } from "../lib/landing-zone/load";
import { targets } from "../lib/targets";
import { AWS_EU_REGIONS } from "../lib/targets/aws/target";
import { GLOBAL_SERVICE_ACTIONS } from "../lib/targets/aws/landing-zone/policies";
import { synthZone, zoneWith } from "./support/landing-zone";

const MINDEF = loadLandingZoneSpec(join(__dirname, "..", "examples", "landing-zones", "mindef.yaml"));
const aws = targets.aws({ region: "eu-central-1" });
const { json, zone } = synthZone(MINDEF, aws);
const res = (type: string): [string, any][] => Object.entries(json.resource?.[type] ?? {});
const one = (type: string, part: string): any => {
  const found = res(type).filter(([id]) => id.includes(part));
  if (found.length !== 1) throw new Error(`expected one ${type} matching ${part}, found ${found.map(([id]) => id).join(", ") || "none"}`);
  return found[0][1];
};
const ref = (type: string, part: string, attr = "id") => `\${${type}.${res(type).find(([id]) => id.includes(part))![0]}.${attr}}`;
const policy = (id: string) => JSON.parse(one("aws_organizations_policy", `policy-${id}_`).content);
const attachedTo = (id: string) =>
  res("aws_organizations_policy_attachment")
    .filter(([, a]) => a.policy_id === ref("aws_organizations_policy", `policy-${id}_`))
    .map(([, a]) => a.target_id)
    .sort();
const ou = (unit: string) => ref("aws_organizations_organizational_unit", `unit-${unit}_`);

describe("organization", () => {
  test("an OU per unit, children under their parent, top-level units under the root", () => {
    expect(res("aws_organizations_organizational_unit")).toHaveLength(MINDEF.units.length);
    expect(one("aws_organizations_organizational_unit", "unit-confidential_").parent_id).toBe(ou("restricted"));
    expect(one("aws_organizations_organizational_unit", "unit-restricted_").parent_id).toContain("data.aws_organizations_organization");
  });

  test("an account per tenancy in its unit's OU, never destroyed by Terraform", () => {
    const account = one("aws_organizations_account", "tenancy-dossier_");
    expect(account).toMatchObject({ name: "mindef-dossier", email: "dossier@mindef.example.nl", parent_id: ou("restricted"), role_name: "OrganizationAccountAccessRole", close_on_deletion: false });
    expect(account.lifecycle.prevent_destroy).toBe(true);
    expect(account.tags["polder:cost-center"]).toBe("cc-4200");
  });
});

describe("region deny", () => {
  const doc = policy("eu-regions");
  const statement = doc.Statement[0];

  test("denies every action outside exactly the EU regions of the partition", () => {
    expect(statement.Effect).toBe("Deny");
    expect(statement.Resource).toBe("*");
    expect(statement.Condition).toEqual({ StringNotEquals: { "aws:RequestedRegion": [...AWS_EU_REGIONS] } });
    for (const r of statement.Condition.StringNotEquals["aws:RequestedRegion"]) expect(r).toMatch(/^eu-/);
  });

  test("exempts only global services (NotAction), never a regional data service", () => {
    expect(statement.NotAction).toEqual([...GLOBAL_SERVICE_ACTIONS]);
    for (const regional of ["ec2:*", "s3:*", "rds:*", "eks:*", "lambda:*", "dynamodb:*", "s3:PutObject", "ec2:RunInstances", "secretsmanager:*"]) expect(statement.NotAction).not.toContain(regional);
    expect(statement.Action).toBeUndefined();
  });

  test("applies to every top-level unit (children inherit), the quarantine aside", () => {
    const top = MINDEF.units.filter((u) => !u.parent && u.kind !== "quarantine").map((u) => ou(u.name)).sort();
    expect(attachedTo("eu-regions")).toEqual(top);
  });

  test("the residency tier keeps its units in the home region only", () => {
    expect(policy("residency").Statement[0].Condition.StringNotEquals["aws:RequestedRegion"]).toEqual(["eu-central-1"]);
    // data-protection includes residency (tiers are cumulative), so geheim and restricted carry it too.
    expect(attachedTo("residency")).toEqual([ou("geheim"), ou("restricted"), ou("workloads")].sort());
  });

  test("in aws-eusc the allowed region is the sovereign cloud's and no ARN names the aws partition", () => {
    const eusc = synthZone(MINDEF, targets.aws({ region: "eusc-de-east-1", partition: "aws-eusc", name: "aws-eusc" })).json;
    const scp = Object.values<any>(eusc.resource.aws_organizations_policy).find((p) => p.name === "mindef-eu-regions");
    expect(JSON.parse(scp.content).Statement[0].Condition.StringNotEquals["aws:RequestedRegion"]).toEqual(["eusc-de-east-1"]);
    expect(JSON.stringify(eusc)).not.toContain("arn:aws:");
  });
});

describe("guardrails", () => {
  const statements = policy("guardrails").Statement;
  const sid = (s: string) => statements.find((x: any) => x.Sid === s);

  test("no account can leave the organization", () => {
    expect(sid("DenyLeaveOrganization")).toMatchObject({ Effect: "Deny", Action: ["organizations:LeaveOrganization"] });
  });

  test("nobody but the platform role can stop the trail or switch off security services", () => {
    const s = sid("ProtectAuditAndSecurityServices");
    expect(s.Action).toEqual(expect.arrayContaining(["cloudtrail:StopLogging", "cloudtrail:DeleteTrail", "guardduty:DeleteDetector", "securityhub:DisableSecurityHub", "config:StopConfigurationRecorder", "access-analyzer:DeleteAnalyzer"]));
    expect(s.Condition).toEqual({ ArnNotLike: { "aws:PrincipalArn": ["arn:*:iam::*:role/OrganizationAccountAccessRole"] } });
  });

  test("a member account's root user can do nothing", () => {
    expect(sid("DenyRootUser")).toMatchObject({ Effect: "Deny", Action: "*", Condition: { StringLike: { "aws:PrincipalArn": ["arn:*:iam::*:root"] } } });
  });

  test("data-protection denies unencrypted stores and plain-text S3 on its units only", () => {
    const dp = policy("data-protection").Statement;
    expect(dp.map((s: any) => s.Sid)).toEqual(["DenyUnencryptedVolumes", "DenyUnencryptedDatabases", "DenyUnencryptedFileSystems", "DenyPlainTextS3"]);
    expect(attachedTo("data-protection")).toEqual([ou("geheim"), ou("restricted")].sort());
  });

  test("confidential allows only SEV-SNP instance families, on the confidential unit", () => {
    expect(policy("confidential").Statement[0]).toMatchObject({ Action: ["ec2:RunInstances"], Condition: { StringNotLike: { "ec2:InstanceType": ["m6a.*", "c6a.*", "r6a.*"] } } });
    expect(attachedTo("confidential")).toEqual([ou("confidential")]);
  });

  test("the quarantine unit denies everything to all but the platform role", () => {
    expect(attachedTo("quarantine")).toEqual([ou("quarantine")]);
    expect(policy("quarantine").Statement[0]).toMatchObject({ Effect: "Deny", Action: "*" });
  });

  test("every SCP fits the 5,120-character limit", () => {
    for (const [, p] of res("aws_organizations_policy")) expect(p.content.length).toBeLessThanOrEqual(5120);
  });

  test("a tag policy for the required tags", () => {
    const tags = one("aws_organizations_policy", "policy-tags_");
    expect(tags.type).toBe("TAG_POLICY");
    expect(JSON.parse(tags.content).tags["polder:cost-center"].tag_key).toEqual({ "@@assign": "polder:cost-center" });
  });
});

describe("audit", () => {
  test("an organization trail of every region, validated, KMS-encrypted, into the archive", () => {
    expect(one("aws_cloudtrail", "trail")).toMatchObject({
      is_organization_trail: true,
      is_multi_region_trail: true,
      include_global_service_events: true,
      enable_log_file_validation: true,
      kms_key_id: ref("aws_kms_key", "audit_key", "arn"),
      s3_bucket_name: ref("aws_s3_bucket", "audit_bucket"),
      lifecycle: { prevent_destroy: true },
    });
  });

  test("the archive is immutable: Object Lock in compliance mode for the retention", () => {
    expect(one("aws_s3_bucket", "audit_bucket")).toMatchObject({ object_lock_enabled: true, force_destroy: false, lifecycle: { prevent_destroy: true } });
    expect(one("aws_s3_bucket_object_lock_configuration", "audit")).toMatchObject({ rule: { default_retention: { mode: "COMPLIANCE", days: 2557 } } });
    expect(one("aws_s3_bucket_versioning", "audit").versioning_configuration.status).toBe("Enabled");
  });

  test("the archive is encrypted with the zone's rotating customer-managed key, and private", () => {
    expect(one("aws_s3_bucket_server_side_encryption_configuration", "audit").rule[0].apply_server_side_encryption_by_default).toEqual({ sse_algorithm: "aws:kms", kms_master_key_id: ref("aws_kms_key", "audit_key", "arn") });
    expect(one("aws_kms_key", "audit_key")).toMatchObject({ enable_key_rotation: true, lifecycle: { prevent_destroy: true } });
    expect(one("aws_s3_bucket_public_access_block", "audit")).toMatchObject({ block_public_acls: true, block_public_policy: true, ignore_public_acls: true, restrict_public_buckets: true });
  });

  test("records expire only after the lock", () => {
    expect(one("aws_s3_bucket_lifecycle_configuration", "audit").rule[0].expiration[0].days).toBe(2558);
  });

  test("audit.immutable: false leaves out the lock, and the report says so", () => {
    const z = synthZone(zoneWith({ audit: { immutable: false } }), aws);
    expect(z.json.resource.aws_s3_bucket_object_lock_configuration).toBeUndefined();
    expect(z.zone.controls().controls.find((c) => c.id === "audit-immutable")).toMatchObject({ status: "not-enforced", reason: expect.stringContaining("immutable: false") });
  });

  test("GuardDuty, Security Hub, Config and Access Analyzer for the organization", () => {
    expect(one("aws_guardduty_organization_configuration", "guardduty")).toMatchObject({ auto_enable_organization_members: "ALL" });
    expect(one("aws_securityhub_organization_configuration", "securityhub")).toMatchObject({ auto_enable: true });
    expect(one("aws_config_configuration_aggregator", "audit_config").organization_aggregation_source.all_regions).toBe(true);
    expect(one("aws_config_configuration_recorder_status", "audit_config")).toMatchObject({ is_enabled: true });
    expect(one("aws_accessanalyzer_analyzer", "access")).toMatchObject({ type: "ORGANIZATION" });
  });
});

describe("vended accounts", () => {
  test("EBS encryption by default and the account-wide S3 public access block, through the account's role", () => {
    const ebs = one("aws_ebs_encryption_by_default", "tenancy-logistics");
    expect(ebs).toMatchObject({ enabled: true, provider: "aws.tenancy-logistics" });
    expect(one("aws_s3_account_public_access_block", "tenancy-logistics")).toMatchObject({ block_public_acls: true, block_public_policy: true, ignore_public_acls: true, restrict_public_buckets: true, provider: "aws.tenancy-logistics" });
    const provider = json.provider.aws.find((p: any) => p.alias === "tenancy-logistics");
    expect(provider.assume_role[0].role_arn).toMatch(/^arn:\$\{data\.aws_partition\.[^}]+\.partition\}:iam::\$\{aws_organizations_account\.[^}]*tenancy-logistics[^}]*\.id\}:role\/OrganizationAccountAccessRole$/);
  });

  test("a Config recorder in every vended account, delivering to the zone's archive with the zone key", () => {
    expect(one("aws_config_configuration_recorder", "tenancy-depot")).toMatchObject({ provider: "aws.tenancy-depot", recording_group: { all_supported: true } });
    expect(one("aws_config_delivery_channel", "tenancy-depot")).toMatchObject({ s3_bucket_name: ref("aws_s3_bucket", "audit_bucket"), s3_kms_key_arn: ref("aws_kms_key", "audit_key", "arn") });
    expect(one("aws_config_configuration_recorder_status", "tenancy-depot").is_enabled).toBe(true);
  });

  test("a monthly budget per account notifying the contacts at each threshold", () => {
    const budget = one("aws_budgets_budget", "tenancy-dossier");
    expect(budget).toMatchObject({ budget_type: "COST", time_unit: "MONTHLY", limit_amount: "8000", limit_unit: "USD" });
    expect(budget.cost_filter).toEqual([{ name: "LinkedAccount", values: [ref("aws_organizations_account", "tenancy-dossier_")] }]);
    expect(budget.notification.map((n: any) => n.threshold)).toEqual([50, 80, 100]);
    expect(budget.notification[0].subscriber_email_addresses).toEqual(expect.arrayContaining(["finance-cloud@mindef.example.nl", "dossier@mindef.example.nl"]));
  });
});

describe("hub network", () => {
  test("a transit gateway shared with the organization only", () => {
    expect(one("aws_ram_resource_share", "hub")).toMatchObject({ allow_external_principals: false });
    expect(one("aws_ram_principal_association", "hub").principal).toContain("data.aws_organizations_organization");
  });

  test("every attachment's default route goes to the egress VPC", () => {
    expect(one("aws_ec2_transit_gateway_route", "default")).toMatchObject({ destination_cidr_block: "0.0.0.0/0", transit_gateway_attachment_id: ref("aws_ec2_transit_gateway_vpc_attachment", "hub") });
  });

  test("egress passes the firewall, then NAT", () => {
    expect(one("aws_route", "transit-0-default-route").vpc_endpoint_id).toContain("aws_networkfirewall_firewall.");
    expect(one("aws_route", "firewall-0-default-route").nat_gateway_id).toBe(ref("aws_nat_gateway", "hub_nat-0_"));
    expect(one("aws_networkfirewall_firewall", "hub")).toMatchObject({ delete_protection: true });
    expect(one("aws_networkfirewall_firewall_policy", "hub").firewall_policy.stateful_default_actions).toContain("aws:drop_established");
    const rules = one("aws_networkfirewall_rule_group", "hub").rule_group;
    expect(rules.rule_variables.ip_sets[0]).toEqual({ key: "HOME_NET", ip_set: { definition: ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"] } });
    expect(rules.rules_source.rules_string.split("\n").map((l: string) => l.split(" (")[0])).toEqual(["pass tls $HOME_NET any -> $EXTERNAL_NET 443", "pass tcp $HOME_NET any -> $EXTERNAL_NET 853"]);
  });

  test("egress: nat routes straight to NAT, without a firewall", () => {
    const lab = synthZone(loadLandingZoneSpec(join(__dirname, "..", "examples", "landing-zones", "lab.yaml")), aws).json;
    expect(lab.resource.aws_networkfirewall_firewall).toBeUndefined();
    const transit = Object.entries<any>(lab.resource.aws_route).find(([id]) => id.includes("transit-0-default-route"))![1];
    expect(transit.nat_gateway_id).toContain("aws_nat_gateway.");
  });

  test("hub subnets follow the plan", () => {
    expect(res("aws_subnet").map(([, s]) => s.cidr_block).sort()).toEqual(["10.250.0.0/20", "10.250.128.0/20", "10.250.144.0/20", "10.250.16.0/20", "10.250.64.0/20", "10.250.80.0/20"]);
  });
});

describe("identity", () => {
  test("each unit's admin group administers every account of its unit and below", () => {
    const assignments = res("aws_ssoadmin_account_assignment").map(([id]) => id.replace(/^mindef_aws_identity_admin-/, "").replace(/_[0-9A-F]+$/, ""));
    expect(assignments.sort()).toEqual(["restricted-analyse", "restricted-dossier", "sandbox-lab", "workloads-depot", "workloads-logistics"]);
  });

  test("two break-glass roles that require MFA", () => {
    const roles = res("aws_iam_role").filter(([id]) => id.includes("break-glass"));
    expect(roles).toHaveLength(2);
    for (const [, role] of roles) {
      // jsonencode() of an HCL object: the condition as Terraform writes it.
      expect(role.assume_role_policy).toContain('"Bool" = {"aws:MultiFactorAuthPresent" = "true"}');
      expect(role.assume_role_policy).toContain('"NumericLessThan" = {"aws:MultiFactorAuthAge" = "3600"}');
      expect(role.max_session_duration).toBe(3600);
    }
  });
});

describe("controls report", () => {
  const report = zone.controls();
  test("answers every control, with a reason wherever it is not enforced", () => {
    for (const c of report.controls) if (c.status !== "enforced") expect(c.reason).toBeTruthy();
  });
  test("per tier: the units that enforce it", () => {
    expect(report.tiers.confidential.units).toEqual(["confidential"]);
    expect(report.tiers["data-protection"].units).toEqual(["restricted", "confidential", "geheim"]);
    expect(report.tiers.baseline.enforced).toContain("eu-regions");
  });
  test("the budget in euros is reported partial: AWS Budgets counts in USD", () => {
    expect(report.controls.find((c) => c.id === "budgets")).toMatchObject({ status: "partial", reason: expect.stringContaining("USD") });
  });
});
