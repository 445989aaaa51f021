import { OrgPolicyPolicy } from "@cdktf/provider-google/lib/org-policy-policy";
import { Construct } from "constructs";
import type { ResolvedLandingZoneSpec } from "../../../landing-zone/spec";
import type { ResolvedUnit, Tier } from "../../../landing-zone/units";
import type { UniverseProfile } from "../universes";
import { PUBLIC_UNIVERSE } from "../universes";
import { api } from "./projects";

/** A rule of an organization policy: a boolean constraint enforced, or a list constraint's values. */
export type OrgPolicyRule = { readonly enforce: true } | { readonly allow: readonly string[] } | { readonly deny: readonly string[] } | { readonly denyAll: true };

/** Where a policy is set: the zone's folder, a unit's folder, or a tenancy's project. */
export type PolicyParent = { readonly zone: true } | { readonly unit: string } | { readonly tenancy: string };

export interface PlannedOrgPolicy {
  readonly parent: PolicyParent;
  /** Constraint name without `constraints/`, e.g. `gcp.resourceLocations`. */
  readonly constraint: string;
  readonly rule: OrgPolicyRule;
  /** Why, in one line (becomes the policy's comment in the report). */
  readonly why: string;
}

/** Google's value group of every EU region and the EU multi-region (`in:eu-locations`). */
export const EU_LOCATIONS = "in:eu-locations";

/** The value group of one region and its zones, e.g. `in:europe-west4-locations`. */
export function regionLocations(region: string): string {
  return `in:${region}-locations`;
}

/**
 * Services whose resources must use a customer-managed key in data-protection units
 * (`gcp.restrictNonCmekServices` denies creating them without one): the stores Polder's apps make,
 * all of which the app key encrypts. GKE only where the universe offers application-layer secrets
 * encryption, since the constraint needs it for clusters; Secret Manager only where it exists.
 */
export function cmekServices(u: UniverseProfile): string[] {
  return ["storage", "sqladmin", "compute", ...(u.gkeSecretsEncryption ? ["container"] : []), ...(u.secretManager ? ["secretmanager"] : [])].map(api);
}

/** Units that enforce a tier and whose parent does not: the policy is set there and inherited below. */
export function tierRoots(spec: ResolvedLandingZoneSpec, tier: Tier): ResolvedUnit[] {
  return spec.units.filter((u) => u.tiers.includes(tier) && !(u.parent && spec.units.find((p) => p.name === u.parent)?.tiers.includes(tier)));
}

/**
 * Every organization policy of the zone, pure: the baseline on the zone's folder, the tiers on
 * the units that take them up (inherited by their children), and the home region on each tenancy
 * project in an Assured Workloads folder (the workload's own location policy on its folder would
 * otherwise widen the unit's to every EU region).
 */
export function planOrgPolicies(spec: ResolvedLandingZoneSpec, opts: { readonly region: string; readonly universe: UniverseProfile; readonly customerId: string; readonly assuredUnits: readonly string[] }): PlannedOrgPolicy[] {
  const zone = { zone: true } as const;
  const publicUniverse = opts.universe === PUBLIC_UNIVERSE;
  const out: PlannedOrgPolicy[] = [];
  // In a partner universe every location is the universe's own region (structural residency), and
  // its value groups are not documented: no location policy rather than one the API refuses.
  if (publicUniverse) out.push({ parent: zone, constraint: "gcp.resourceLocations", rule: { allow: [EU_LOCATIONS] }, why: "resources only in EU locations" });
  out.push(
    { parent: zone, constraint: "resourcemanager.allowedExportDestinations", rule: { denyAll: true }, why: "no project can be moved out of the organization" },
    { parent: zone, constraint: "compute.vmExternalIpAccess", rule: { denyAll: true }, why: "no VM gets an external IP" },
    { parent: zone, constraint: "compute.skipDefaultNetworkCreation", rule: { enforce: true }, why: "no open default network in new projects" },
    { parent: zone, constraint: "storage.uniformBucketLevelAccess", rule: { enforce: true }, why: "buckets use IAM only, no object ACLs" },
    { parent: zone, constraint: "storage.publicAccessPrevention", rule: { enforce: true }, why: "no bucket or object can be made public" },
    { parent: zone, constraint: "iam.disableServiceAccountKeyCreation", rule: { enforce: true }, why: "no service-account keys" },
    { parent: zone, constraint: "iam.automaticIamGrantsForDefaultServiceAccounts", rule: { enforce: true }, why: "default service accounts get no Editor role" },
    { parent: zone, constraint: "sql.restrictPublicIp", rule: { enforce: true }, why: "Cloud SQL instances get no public IP" },
  );
  if (opts.universe.osLogin) out.push({ parent: zone, constraint: "compute.requireOsLogin", rule: { enforce: true }, why: "SSH to VMs only through OS Login (IAM), never metadata keys" });
  // A partner universe documents some IAM policies as unusable without naming this one: not set there.
  if (publicUniverse) out.push({ parent: zone, constraint: "iam.allowedPolicyMemberDomains", rule: { allow: [opts.customerId] }, why: "IAM grants only to identities of the organization's Cloud Identity" });
  for (const u of tierRoots(spec, "residency"))
    if (publicUniverse) out.push({ parent: { unit: u.name }, constraint: "gcp.resourceLocations", rule: { allow: [regionLocations(opts.region)] }, why: `residency: only ${opts.region}` });
  if (publicUniverse)
    for (const t of spec.tenancies.filter((x) => opts.assuredUnits.includes(x.unit) && spec.units.find((u) => u.name === x.unit)!.tiers.includes("residency")))
      out.push({ parent: { tenancy: t.name }, constraint: "gcp.resourceLocations", rule: { allow: [regionLocations(opts.region)] }, why: `residency in an Assured Workloads folder: only ${opts.region}` });
  for (const u of tierRoots(spec, "data-protection")) {
    out.push({ parent: { unit: u.name }, constraint: "gcp.restrictNonCmekServices", rule: { deny: cmekServices(opts.universe) }, why: "data stores only with a customer-managed key" });
    out.push({ parent: { unit: u.name }, constraint: "storage.secureHttpTransport", rule: { enforce: true }, why: "Cloud Storage only over HTTPS" });
  }
  for (const u of tierRoots(spec, "confidential"))
    out.push({ parent: { unit: u.name }, constraint: "compute.restrictNonConfidentialComputing", rule: { deny: [api("compute")] }, why: "VMs and GKE nodes only as Confidential VMs" });
  return out;
}

/** Creates the planned policies (`google_org_policy_policy`, the v2 API) on their folders and projects. */
export class GcpZonePolicies extends Construct {
  readonly policies: OrgPolicyPolicy[] = [];

  constructor(scope: Construct, planned: readonly PlannedOrgPolicy[], parentOf: (p: PolicyParent) => string) {
    super(scope, "policies");
    for (const p of planned) {
      const parent = parentOf(p.parent);
      const where = "zone" in p.parent ? "zone" : "unit" in p.parent ? `unit-${p.parent.unit}` : `tenancy-${p.parent.tenancy}`;
      const r = p.rule;
      const rule = "enforce" in r ? { enforce: "TRUE" } : "denyAll" in r ? { denyAll: "TRUE" } : "allow" in r ? { values: { allowedValues: [...r.allow] } } : { values: { deniedValues: [...r.deny] } };
      this.policies.push(new OrgPolicyPolicy(this, `${where}-${p.constraint}`, { name: `${parent}/policies/${p.constraint}`, parent, spec: { rules: [rule] } }));
    }
  }
}
