import { OrganizationsAccount } from "@cdktf/provider-aws/lib/organizations-account";
import { OrganizationsOrganizationalUnit } from "@cdktf/provider-aws/lib/organizations-organizational-unit";
import { OrganizationsPolicy } from "@cdktf/provider-aws/lib/organizations-policy";
import { OrganizationsPolicyAttachment } from "@cdktf/provider-aws/lib/organizations-policy-attachment";
import { Construct } from "constructs";
import type { ResolvedUnit, Tier } from "../../../landing-zone/units";
import { awsTags } from "../stack";
import { AWS_EU_REGIONS, AWS_EUSC_REGIONS, type AwsTarget } from "../target";
import type { AwsZoneContext } from "./context";
import { confidentialPolicy, dataProtectionPolicy, guardrailsPolicy, type PolicyDocument, quarantinePolicy, regionDenyPolicy, tagPolicy } from "./policies";

/** The role Organizations creates in every new account, which the management account assumes. */
export const ACCOUNT_ACCESS_ROLE = "OrganizationAccountAccessRole";

/** EU regions of the target's partition: what the baseline region deny allows. */
export function euRegionsOf(target: AwsTarget): readonly string[] {
  return target.partition === "aws-eusc" ? AWS_EUSC_REGIONS : AWS_EU_REGIONS;
}

/** Top-most units that enforce `tier` (their children inherit the SCP). */
function tierRoots(units: readonly ResolvedUnit[], tier: Tier): ResolvedUnit[] {
  const byName = new Map(units.map((u) => [u.name, u]));
  return units.filter((u) => u.tiers.includes(tier) && !(u.parent && byName.get(u.parent)!.tiers.includes(tier)));
}

/**
 * Organizational units mirroring the units, an account per tenancy, and the organization
 * policies: baseline guardrails and the EU region deny on every top-level unit, the tier policies
 * on the units that enforce them, deny-all on the quarantine unit, and a tag policy.
 */
export class AwsOrganizationTree extends Construct {
  readonly units = new Map<string, OrganizationsOrganizationalUnit>();
  readonly accounts = new Map<string, OrganizationsAccount>();
  readonly policies = new Map<string, OrganizationsPolicy>();

  constructor(
    scope: Construct,
    private readonly ctx: AwsZoneContext,
  ) {
    super(scope, "organization");
    const { spec } = ctx;
    for (const unit of spec.units) {
      const parentId = unit.parent ? this.units.get(unit.parent)!.id : ctx.rootId;
      this.units.set(unit.name, new OrganizationsOrganizationalUnit(this, `unit-${unit.name}`, { name: unit.name, parentId }));
    }
    for (const t of spec.tenancies) {
      const account = new OrganizationsAccount(this, `tenancy-${t.name}`, {
        name: `${spec.name}-${t.name}`,
        email: t.email,
        parentId: this.units.get(t.unit)!.id,
        roleName: ACCOUNT_ACCESS_ROLE,
        iamUserAccessToBilling: "DENY",
        closeOnDeletion: false,
        tags: { ...awsTags(t.tags), "polder:tenancy": t.name, "polder:tenancy-owner": t.owner },
        // AWS cannot read role_name and iam_user_access_to_billing back: without this every plan
        // would want to replace the account. An account is never destroyed by Terraform.
        lifecycle: { preventDestroy: true, ignoreChanges: ["role_name", "iam_user_access_to_billing"] },
      });
      this.accounts.set(t.name, account);
    }

    const top = spec.units.filter((u) => !u.parent);
    const baseline = top.filter((u) => u.kind !== "quarantine");
    this.scp("guardrails", "baseline guardrails: no leaving the organization, no switching off audit or security services, no root user", guardrailsPolicy(), baseline);
    this.scp("eu-regions", `only EU regions of partition ${ctx.target.partition} (${euRegionsOf(ctx.target).join(", ")}); global services exempt`, regionDenyPolicy("DenyOutsideEuRegions", euRegionsOf(ctx.target)), baseline);
    this.scp("residency", `residency tier: only the zone's home region ${ctx.region}`, regionDenyPolicy("DenyOutsideHomeRegion", [ctx.region]), tierRoots(spec.units, "residency"));
    this.scp("data-protection", "data-protection tier: encrypted data stores, TLS only", dataProtectionPolicy(), tierRoots(spec.units, "data-protection"));
    this.scp("confidential", "confidential tier: only instance families with AMD SEV-SNP", confidentialPolicy(), tierRoots(spec.units, "confidential"));
    this.scp(
      "quarantine",
      "quarantine: nothing runs until the account is moved to its unit",
      quarantinePolicy(),
      top.filter((u) => u.kind === "quarantine"),
    );
    if (spec.tags.required.length) {
      const policy = new OrganizationsPolicy(this, "policy-tags", {
        name: `${spec.name}-required-tags`,
        description: `required tags of landing zone ${spec.name}: ${spec.tags.required.join(", ")}`,
        type: "TAG_POLICY",
        content: JSON.stringify(tagPolicy(spec.tags.required)),
      });
      this.policies.set("tags", policy);
      for (const u of baseline) new OrganizationsPolicyAttachment(this, `policy-tags-${u.name}`, { policyId: policy.id, targetId: this.units.get(u.name)!.id });
    }
  }

  private scp(id: string, description: string, content: PolicyDocument, targets: readonly ResolvedUnit[]): void {
    if (targets.length === 0) return;
    const zone = this.ctx.spec.name;
    const policy = new OrganizationsPolicy(this, `policy-${id}`, {
      name: `${zone}-${id}`,
      description,
      type: "SERVICE_CONTROL_POLICY",
      content: JSON.stringify(content),
    });
    this.policies.set(id, policy);
    for (const u of targets) new OrganizationsPolicyAttachment(this, `policy-${id}-${u.name}`, { policyId: policy.id, targetId: this.units.get(u.name)!.id });
  }
}
