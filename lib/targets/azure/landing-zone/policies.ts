// Azure Policy assignments of the landing zone, planned as plain data: which built-in definition
// or initiative goes on which management group with which parameters. Pure: tested alone.
//
// Every id below is Microsoft's own (built-in), never a definition Polder invents, and each names
// where it was checked:
// - "MicrosoftDocs": the built-in policy reference (docs.microsoft.com, azure-policy samples
//   "built-in-policies/policyDefinitions/..."), display name as there.
// - "ALZ-SLZ": Azure/Azure-Landing-Zones-Library, platform/slz/policy_assignments/<file>, the
//   Sovereign Landing Zone's assignment of that initiative for its control level.
// The Sovereign Landing Zone's L1 initiative (bebfcba2-e789-4da6-9043-726ef3a00d02, preview,
// Enforce-Sov-L1-Regions) and its baseline initiatives (c1cbff38-…, 03de05a4-…) build on the two
// location definitions below; Polder assigns those GA definitions directly, so the allowed list is
// exactly the one it tests, and the confidential sizes through the GA VM-size definition.
import type { ResolvedUnit, Tier } from "../../../landing-zone/units";
import { AZURE_EU_LOCATIONS } from "../target";

const definition = (guid: string) => `/providers/Microsoft.Authorization/policyDefinitions/${guid}`;
const initiative = (guid: string) => `/providers/Microsoft.Authorization/policySetDefinitions/${guid}`;

/** Built-in policy definitions and initiatives the zone assigns. */
export const BUILT_IN = {
  /** "Allowed locations" (General/AllowedLocations_Deny.json; excludes resource groups and 'global' resources). MicrosoftDocs. */
  allowedLocations: definition("e56962a6-4747-49cd-b67b-bf8b01975c4c"),
  /** "Allowed locations for resource groups" (General/ResourceGroupAllowedLocations_Deny.json). MicrosoftDocs. */
  allowedResourceGroupLocations: definition("e765b5de-1225-4ba3-bd56-1ac6695af988"),
  /** "Require a tag on resources" (Tags/RequireTag_Deny.json; not resource groups). MicrosoftDocs. */
  requireTag: definition("871b6d14-10aa-478d-b590-94f262ecfa99"),
  /** "Require a tag on resource groups". MicrosoftDocs. */
  requireResourceGroupTag: definition("96670d01-0a4d-4649-9c89-2d3abc0a5025"),
  /** "Storage account public access should be disallowed" (Audit, Deny, Disabled). MicrosoftDocs. */
  storageNoPublicAccess: definition("4fa4b6c0-31ca-4c0d-b10d-24b96f62a751"),
  /** "Secure transfer to storage accounts should be enabled" (Audit, Deny, Disabled). MicrosoftDocs. */
  storageSecureTransfer: definition("404c3081-a854-4457-ae30-26a93ef643f9"),
  /** "Allowed virtual machine size SKUs" (listOfAllowedSKUs). MicrosoftDocs. */
  allowedVmSkus: definition("cccc23c7-8427-4f53-ad12-b6a63eb452b3"),
  /** "Sovereignty - Enforce Encryption-at-Rest with Customer Managed Keys (CMK) with Azure Key Vault Premium across Azure Services" (preview). ALZ-SLZ Enforce-Sov-L2-CMKP.alz_policy_assignment.json. */
  slzL2CmkKeyVault: initiative("f15f4d95-c59c-4395-9317-be6978d0743f"),
  /** "Sovereignty - Enforce Encryption-at-Rest with CMK with Azure Key Vault mHSM across Azure Services" (preview). ALZ-SLZ Enforce-Sov-L2-CMKM.alz_policy_assignment.json. */
  slzL2CmkManagedHsm: initiative("7a00a7fc-fdf4-4ad8-8fa2-a94acc223e8e"),
  /** "Sovereignty - Enforce Encryption-in-Transit across Azure Services - HTTPS" (preview). ALZ-SLZ Enforce-Sov-L2-HTTPS.alz_policy_assignment.json. */
  slzL2Https: initiative("c7c0ab87-63da-4706-ba95-ff564e38402b"),
  /** "Sovereignty - Enforce Encryption-in-Transit across Azure Services - TLS Version" (preview). ALZ-SLZ Enforce-Sov-L2-TLS.alz_policy_assignment.json. */
  slzL2Tls: initiative("f1fe6a81-eee9-47b8-9f7f-80685141209e"),
} as const;

/**
 * Confidential-computing VM sizes (AMD SEV-SNP DCasv5/DCadsv5/ECasv5/ECadsv5, Intel TDX
 * DCesv5/DCedsv5): the v5 families of the allowedVirtualMachineSKUs list in ALZ-SLZ
 * Enforce_Sovereign_Conf.alz_policy_assignment.json (the SGX DCsv2/DCsv3 sizes left out: they
 * protect enclaves, not the whole VM).
 */
export const CONFIDENTIAL_VM_SKUS: readonly string[] = [
  ...[2, 4, 8, 16, 32, 48, 64, 96].flatMap((n) => [`Standard_DC${n}as_v5`, `Standard_DC${n}ads_v5`, `Standard_DC${n}es_v5`, `Standard_DC${n}eds_v5`]),
  ...[2, 4, 8, 16, 20, 32, 48, 64, 96].flatMap((n) => [`Standard_EC${n}as_v5`, `Standard_EC${n}ads_v5`]),
];

/** One assignment of a built-in definition or initiative to a unit's management group (or the zone's root). */
export interface PlannedAssignment {
  /** Unit it is assigned to; undefined for the zone's root management group. */
  readonly unit?: string;
  /** Assignment name: at most 24 characters on a management group, unique on it. */
  readonly name: string;
  readonly displayName: string;
  readonly policyDefinitionId: string;
  readonly parameters: Readonly<Record<string, unknown>>;
  /** false: DoNotEnforce (evaluated and reported, nothing denied). */
  readonly enforce: boolean;
  /** Needs a managed identity (the initiative has Modify or DeployIfNotExists effects). */
  readonly identity: boolean;
  /** Control ids it serves. */
  readonly controls: readonly string[];
}

const value = (v: unknown) => ({ value: v });

/** Top-most units that enforce `tier` (their children inherit the assignment). */
export function tierRoots(units: readonly ResolvedUnit[], tier: Tier): ResolvedUnit[] {
  const byName = new Map(units.map((u) => [u.name, u]));
  return units.filter((u) => u.tiers.includes(tier) && !(u.parent && byName.get(u.parent)!.tiers.includes(tier)));
}

/** A short, readable, unique-per-scope assignment name (management-group scope allows 24 characters). */
export function assignmentName(...parts: string[]): string {
  const full = parts.join("-");
  if (full.length <= 24) return full;
  let h = 0x811c9dc5;
  for (let i = 0; i < full.length; i++) h = Math.imul(h ^ full.charCodeAt(i), 0x01000193) >>> 0;
  return `${full.slice(0, 17).replace(/-+$/, "")}-${h.toString(36).slice(-6)}`;
}

/**
 * The zone's assignments: EU locations and no public storage on the whole zone; the home
 * location on residency units; the Sovereign Landing Zone's L2 initiatives and secure transfer on
 * data-protection units; confidential VM sizes only on confidential units; the required tags
 * (audited, see below) on the units that hold tenancies.
 */
export function planAssignments(args: {
  units: readonly ResolvedUnit[];
  location: string;
  keyCustody: "key-vault" | "managed-hsm";
  requiredTags: readonly string[];
  /** Azure tag key of a spec tag key (Polder prefixes its tags). */
  tagKey: (key: string) => string;
}): PlannedAssignment[] {
  const { units } = args;
  const out: PlannedAssignment[] = [];
  const eu = [...AZURE_EU_LOCATIONS];
  out.push(
    { name: "eu-locations", displayName: "EU locations only", policyDefinitionId: BUILT_IN.allowedLocations, parameters: { listOfAllowedLocations: value(eu) }, enforce: true, identity: false, controls: ["eu-regions"] },
    { name: "eu-rg-locations", displayName: "EU locations only (resource groups)", policyDefinitionId: BUILT_IN.allowedResourceGroupLocations, parameters: { listOfAllowedLocations: value(eu) }, enforce: true, identity: false, controls: ["eu-regions"] },
    { name: "no-public-storage", displayName: "Storage accounts never public", policyDefinitionId: BUILT_IN.storageNoPublicAccess, parameters: { effect: value("Deny") }, enforce: true, identity: false, controls: ["public-access-block"] },
  );
  for (const u of tierRoots(units, "residency"))
    out.push(
      { unit: u.name, name: "home-location", displayName: `Residency: ${args.location} only`, policyDefinitionId: BUILT_IN.allowedLocations, parameters: { listOfAllowedLocations: value([args.location]) }, enforce: true, identity: false, controls: ["residency-home-region"] },
      { unit: u.name, name: "home-rg-location", displayName: `Residency: ${args.location} only (resource groups)`, policyDefinitionId: BUILT_IN.allowedResourceGroupLocations, parameters: { listOfAllowedLocations: value([args.location]) }, enforce: true, identity: false, controls: ["residency-home-region"] },
    );
  for (const u of tierRoots(units, "data-protection"))
    out.push(
      {
        unit: u.name,
        name: "sov-l2-cmk",
        displayName: "Sovereignty L2: customer-managed keys (audit)",
        policyDefinitionId: args.keyCustody === "managed-hsm" ? BUILT_IN.slzL2CmkManagedHsm : BUILT_IN.slzL2CmkKeyVault,
        // The Sovereign Landing Zone assigns it with Audit: many services it covers cannot be created with a key in one request.
        parameters: { effect: value("Audit") },
        enforce: true,
        identity: false,
        controls: ["customer-managed-keys"],
      },
      { unit: u.name, name: "sov-l2-https", displayName: "Sovereignty L2: HTTPS only", policyDefinitionId: BUILT_IN.slzL2Https, parameters: { effect_deny: value("Deny"), effect_modify: value("Modify"), effect_AuditIfNotExists: value("AuditIfNotExists") }, enforce: true, identity: true, controls: ["tls-only"] },
      {
        unit: u.name,
        name: "sov-l2-tls",
        displayName: "Sovereignty L2: current TLS versions",
        policyDefinitionId: BUILT_IN.slzL2Tls,
        parameters: { effect_deny: value("Deny"), effect_modify: value("Modify"), effect_deployIfNotExists: value("DeployIfNotExists"), effect_AuditIfNotExists: value("AuditIfNotExists") },
        enforce: true,
        identity: true,
        controls: ["tls-only"],
      },
      { unit: u.name, name: "secure-transfer", displayName: "Storage over HTTPS only", policyDefinitionId: BUILT_IN.storageSecureTransfer, parameters: { effect: value("Deny") }, enforce: true, identity: false, controls: ["tls-only"] },
    );
  for (const u of tierRoots(units, "confidential"))
    out.push({ unit: u.name, name: "confidential-vm-sizes", displayName: "Confidential computing VM sizes only", policyDefinitionId: BUILT_IN.allowedVmSkus, parameters: { listOfAllowedSKUs: value([...CONFIDENTIAL_VM_SKUS]) }, enforce: true, identity: false, controls: ["confidential-compute"] });
  // Azure itself creates untagged resource groups and resources in a tenancy (NetworkWatcherRG with
  // the first VNet, AKS node resource groups): a denying tag policy would break them, so the tag
  // policies report (DoNotEnforce) and Polder's apps set the values as tags on everything they make.
  const holders = units.filter((u) => !u.parent && (u.kind === "workload" || u.kind === "sandbox"));
  for (const u of holders)
    for (const key of args.requiredTags) {
      const tagName = args.tagKey(key);
      out.push(
        { unit: u.name, name: assignmentName("tag", key), displayName: `Required tag ${tagName}`, policyDefinitionId: BUILT_IN.requireTag, parameters: { tagName: value(tagName) }, enforce: false, identity: false, controls: ["required-tags"] },
        { unit: u.name, name: assignmentName("rg-tag", key), displayName: `Required tag ${tagName} (resource groups)`, policyDefinitionId: BUILT_IN.requireResourceGroupTag, parameters: { tagName: value(tagName) }, enforce: false, identity: false, controls: ["required-tags"] },
      );
    }
  return out;
}
