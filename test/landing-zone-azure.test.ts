// The Azure landing zone, control by control, on the synthesized JSON.
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { loadAppSpec } from "../lib/app/load";
import { parseTargetsFile } from "../lib/cli/targets-file";
import { SpecValidationError } from "../lib/core/errors";
import { CONTROLS } from "../lib/landing-zone/controls";
import { loadLandingZoneSpec } from "../lib/landing-zone/load";
import { parseLandingZoneSpec } from "../lib/landing-zone/spec";
import { targets } from "../lib/targets";
import { HUB_PEERING_ACTIONS } from "../lib/targets/azure/landing-zone/identity";
import { DEFENDER_PLANS } from "../lib/targets/azure/landing-zone/tenancies";
import { assignmentName, BUILT_IN, CONFIDENTIAL_VM_SKUS, planAssignments } from "../lib/targets/azure/landing-zone/policies";
import { AZURE_EU_LOCATIONS } from "../lib/targets/azure/target";
import { EXAMPLE_AZURE_LANDING_ZONES } from "../stacks/targets";
import { synthZone, synthZoneWithApps, zoneWith } from "./support/landing-zone";

const DIR = join(__dirname, "..", "examples", "landing-zones");
const MINDEF = loadLandingZoneSpec(join(DIR, "mindef.yaml"));
const LAB = loadLandingZoneSpec(join(DIR, "lab.yaml"));
const azure = targets.azure({ location: "westeurope", landingZones: EXAMPLE_AZURE_LANDING_ZONES });
const ids = EXAMPLE_AZURE_LANDING_ZONES.mindef;
const { json, zone } = synthZone(MINDEF, azure);
const res = (j: any, type: string): [string, any][] => Object.entries(j.resource?.[type] ?? {});
const one = (type: string, part: string, j = json): any => {
  const found = res(j, type).filter(([id]) => id.includes(part));
  if (found.length !== 1) throw new Error(`expected one ${type} matching ${part}, found ${found.map(([id]) => id).join(", ") || "none"}`);
  return found[0][1];
};
const ref = (type: string, part: string, attr = "id") => `\${${type}.${res(json, type).find(([id]) => id.includes(part))![0]}.${attr}}`;
const group = (unit?: string) => ref("azurerm_management_group", unit ? `unit-${unit}_` : "management-groups_root_");
const assignments = (definition: string) => res(json, "azurerm_management_group_policy_assignment").map(([, a]) => a).filter((a) => a.policy_definition_id === definition);
const params = (a: any) => JSON.parse(a.parameters);

describe("management groups and subscriptions", () => {
  test("a group for the zone and one per unit, children under their parent", () => {
    expect(res(json, "azurerm_management_group")).toHaveLength(MINDEF.units.length + 1);
    expect(one("azurerm_management_group", "unit-confidential_")).toMatchObject({ name: "mindef-confidential", parent_management_group_id: group("restricted") });
    expect(one("azurerm_management_group", "unit-workloads_").parent_management_group_id).toBe(group());
    expect(one("azurerm_management_group", "management-groups_root_").parent_management_group_id).toBeUndefined();
  });

  test("each tenancy's existing subscription, from the target, is moved into its unit's group", () => {
    expect(one("azurerm_management_group_subscription_association", "tenancy-dossier_")).toMatchObject({ management_group_id: group("restricted"), subscription_id: expect.stringContaining("data.azurerm_subscription.") });
    expect(one("azurerm_subscription", "tenancy-dossier_", { resource: json.data }).subscription_id).toBe(ids.subscriptions.dossier);
    expect(json.resource.azurerm_subscription).toBeUndefined();
  });

  test("a zone without the ids of its tenancies and groups is an error naming each missing one", () => {
    expect(() => synthZone(MINDEF, targets.azure({ location: "westeurope" }))).toThrow(/landingZones\.mindef\.subscriptions\.depot .*landingZones\.mindef\.principals\."GG-Platform-Admins".*breakglass-2/);
  });

  test("a targets file gives an Azure target the ids of its zones", () => {
    const [t] = parseTargetsFile({ targets: { "azure-nl": { kind: "azure", location: "westeurope", landingZones: { mindef: ids } } } }, "targets.yaml");
    expect((t as any).landingZones.mindef.subscriptions.depot).toBe(ids.subscriptions.depot);
  });

  test("the target refuses ids that are not GUIDs, with the field path", () => {
    try {
      targets.azure({ location: "westeurope", landingZones: { mindef: { subscriptions: { depot: "my-sub" }, principals: {} } } });
      throw new Error("accepted");
    } catch (e) {
      expect(e).toBeInstanceOf(SpecValidationError);
      expect((e as SpecValidationError).issues).toEqual([{ path: "landingZones.mindef.subscriptions.depot", message: expect.stringContaining('"my-sub" is not a subscription id') }]);
    }
  });
});

describe("policy assignments", () => {
  test("allowed locations on the zone's root lists exactly the EU locations", () => {
    const [a] = assignments(BUILT_IN.allowedLocations).filter((x) => x.management_group_id === group());
    expect(a.policy_definition_id).toBe("/providers/Microsoft.Authorization/policyDefinitions/e56962a6-4747-49cd-b67b-bf8b01975c4c");
    expect(params(a).listOfAllowedLocations.value).toEqual([...AZURE_EU_LOCATIONS]);
    for (const l of ["uksouth", "switzerlandnorth", "norwayeast", "eastus", "global"]) expect(params(a).listOfAllowedLocations.value).not.toContain(l);
    expect(a.enforce).toBe(true);
  });

  test("resource groups, too, only in EU locations", () => {
    const [a] = assignments(BUILT_IN.allowedResourceGroupLocations).filter((x) => x.management_group_id === group());
    expect(a.policy_definition_id).toContain("e765b5de-1225-4ba3-bd56-1ac6695af988");
    expect(params(a).listOfAllowedLocations.value).toEqual([...AZURE_EU_LOCATIONS]);
  });

  test("the residency tier allows only the home location, on its top-most units", () => {
    const home = assignments(BUILT_IN.allowedLocations).filter((x) => x.management_group_id !== group());
    expect(home.map((a) => a.management_group_id).sort()).toEqual([group("geheim"), group("restricted"), group("workloads")].sort());
    for (const a of home) expect(params(a).listOfAllowedLocations.value).toEqual(["westeurope"]);
  });

  test("data-protection units get the Sovereign Landing Zone's L2 initiatives and secure transfer", () => {
    for (const id of [BUILT_IN.slzL2CmkKeyVault, BUILT_IN.slzL2Https, BUILT_IN.slzL2Tls, BUILT_IN.storageSecureTransfer])
      expect(assignments(id).map((a) => a.management_group_id).sort()).toEqual([group("geheim"), group("restricted")].sort());
    expect(params(assignments(BUILT_IN.slzL2Https)[0]).effect_deny.value).toBe("Deny");
    expect(assignments(BUILT_IN.slzL2Tls)[0]).toMatchObject({ identity: { type: "SystemAssigned" }, location: "westeurope" });
    expect(params(assignments(BUILT_IN.storageSecureTransfer)[0]).effect.value).toBe("Deny");
  });

  test("confidential units allow only confidential-computing VM sizes", () => {
    const [a] = assignments(BUILT_IN.allowedVmSkus);
    expect(a.management_group_id).toBe(group("confidential"));
    const skus: string[] = params(a).listOfAllowedSKUs.value;
    expect(skus).toEqual([...CONFIDENTIAL_VM_SKUS]);
    for (const s of skus) expect(s).toMatch(/^Standard_(DC|EC)\d+(a|ad|e|ed)s_v5$/);
  });

  test("storage can never be made public anywhere in the zone", () => {
    const [a] = assignments(BUILT_IN.storageNoPublicAccess);
    expect(a).toMatchObject({ management_group_id: group(), enforce: true });
    expect(params(a).effect.value).toBe("Deny");
  });

  test("required tags are evaluated, not denied, on the units holding tenancies", () => {
    const tags = assignments(BUILT_IN.requireTag);
    expect(tags.map((a) => a.management_group_id).sort()).toEqual([group("geheim"), group("restricted"), group("sandbox"), group("workloads")].sort());
    for (const a of tags) expect(a).toMatchObject({ enforce: false, parameters: JSON.stringify({ tagName: { value: "polder-cost-center" } }) });
  });

  test("assignment names fit the 24 characters a management group allows, and stay distinct", () => {
    for (const [, a] of res(json, "azurerm_management_group_policy_assignment")) expect(a.name.length).toBeLessThanOrEqual(24);
    expect(assignmentName("tag", "a-very-long-tag-key-for-costs")).not.toBe(assignmentName("tag", "a-very-long-tag-key-for-costz"));
  });

  test("a zone without tiers or required tags gets only the zone-wide assignments (planning, pure)", () => {
    const plan = planAssignments({ units: LAB.units, location: "westeurope", keyCustody: "key-vault", requiredTags: [], tagKey: (k) => k });
    expect(plan.map((p) => [p.unit, p.name])).toEqual([[undefined, "eu-locations"], [undefined, "eu-rg-locations"], [undefined, "no-public-storage"]]);
  });

  test("with a Managed HSM, the L2 key initiative is the mHSM one", () => {
    const plan = planAssignments({ units: MINDEF.units, location: "westeurope", keyCustody: "managed-hsm", requiredTags: [], tagKey: (k) => k });
    expect(plan.filter((p) => p.name === "sov-l2-cmk").map((p) => p.policyDefinitionId)).toEqual([BUILT_IN.slzL2CmkManagedHsm, BUILT_IN.slzL2CmkManagedHsm]);
  });
});

describe("audit", () => {
  test("every log container of the archive is immutable: locked, for the retention, append-only", () => {
    const containers = res(json, "azurerm_storage_container").map(([, c]) => c.name).sort();
    expect(containers).toContain("insights-activity-logs");
    expect(containers).toContain("insights-logs-signinlogs");
    const policies = res(json, "azurerm_storage_container_immutability_policy").map(([, p]) => p);
    expect(policies).toHaveLength(containers.length);
    for (const p of policies) expect(p).toMatchObject({ immutability_period_in_days: 2557, locked: true, protected_append_writes_enabled: true });
  });

  test("the archive is encrypted with the zone's HSM key, private, TLS 1.2, kept", () => {
    const account = one("azurerm_storage_account", "audit_archive");
    expect(account).toMatchObject({
      customer_managed_key: { key_vault_key_id: ref("azurerm_key_vault_key", "audit_key", "versionless_id") },
      min_tls_version: "TLS1_2",
      https_traffic_only_enabled: true,
      shared_access_key_enabled: false,
      allow_nested_items_to_be_public: false,
      infrastructure_encryption_enabled: true,
      network_rules: { default_action: "Deny" },
      lifecycle: { prevent_destroy: true },
    });
    expect(one("azurerm_key_vault_key", "audit_key")).toMatchObject({ key_type: "RSA-HSM", lifecycle: { prevent_destroy: true } });
    expect(one("azurerm_key_vault", "audit_vault")).toMatchObject({ sku_name: "premium", purge_protection_enabled: true, public_network_access_enabled: false, lifecycle: { prevent_destroy: true } });
  });

  test("without immutability the containers get no policy and the report says so", () => {
    const mutable = synthZone({ ...MINDEF, audit: { retentionDays: 400, immutable: false } }, azure);
    expect(mutable.json.resource.azurerm_storage_container_immutability_policy).toBeUndefined();
    expect(mutable.zone.controls().controls.find((c) => c.id === "audit-immutable")).toMatchObject({ status: "not-enforced", reason: "the spec sets audit.immutable: false" });
  });

  test("the activity log of every tenancy subscription and of the platform goes to the workspace and the archive", () => {
    const settings = res(json, "azurerm_monitor_diagnostic_setting").map(([, s]) => s).filter((s) => s.name === "mindef-activity");
    expect(settings).toHaveLength(MINDEF.tenancies.length + 1);
    for (const s of settings) {
      expect(s).toMatchObject({ log_analytics_workspace_id: ref("azurerm_log_analytics_workspace", "audit_workspace"), storage_account_id: ref("azurerm_storage_account", "audit_archive") });
      expect(s.enabled_log.map((l: any) => l.category)).toContain("Administrative");
    }
    expect(one("azurerm_monitor_diagnostic_setting", "tenancy-depot_activity-log").target_resource_id).toMatch(/^\$\{data\.azurerm_subscription\..*tenancy-depot.*\.id\}$/);
  });

  test("the tenant's Entra ID logs go to the workspace and the archive", () => {
    expect(one("azurerm_monitor_aad_diagnostic_setting", "entra")).toMatchObject({
      log_analytics_workspace_id: ref("azurerm_log_analytics_workspace", "audit_workspace"),
      storage_account_id: ref("azurerm_storage_account", "audit_archive"),
      enabled_log: expect.arrayContaining([{ category: "AuditLogs" }, { category: "SignInLogs" }]),
    });
  });

  test("the audit resource group cannot be deleted", () => {
    expect(one("azurerm_management_lock", "audit")).toMatchObject({ lock_level: "CanNotDelete", scope: ref("azurerm_resource_group", "audit_group") });
  });
});

describe("security services, budgets, identity", () => {
  test("Defender for Cloud plans in every tenancy subscription, through its own provider", () => {
    const plans = res(json, "azurerm_security_center_subscription_pricing").filter(([id]) => id.includes("tenancy-dossier_"));
    expect(plans.map(([, p]) => p.resource_type).sort()).toEqual([...DEFENDER_PLANS].sort());
    for (const [, p] of plans) expect(p).toMatchObject({ tier: "Standard", provider: "azurerm.tenancy-dossier" });
    expect(json.provider.azurerm.find((p: any) => p.alias === "tenancy-dossier").subscription_id).toBe(ids.subscriptions.dossier);
  });

  test("a monthly budget per tenancy notifying the contacts and the tenancy at each threshold", () => {
    const budget = one("azurerm_consumption_budget_subscription", "tenancy-dossier_");
    expect(budget).toMatchObject({ amount: 8000, time_grain: "Monthly", lifecycle: { ignore_changes: ["time_period"] } });
    expect(budget.notification.map((n: any) => n.threshold)).toEqual([50, 80, 100]);
    expect(budget.notification[0]).toMatchObject({ operator: "GreaterThanOrEqualTo", threshold_type: "Actual", contact_emails: ["finance-cloud@mindef.example.nl", "platform@mindef.example.nl", "dossier@mindef.example.nl"] });
  });

  test("more thresholds than an Azure budget takes is an error naming the field", () => {
    const spec = parseLandingZoneSpec(zoneWith({ budgets: { monthly: 10, contacts: ["f@example.nl"], thresholds: [10, 20, 30, 40, 50, 60] } }));
    expect(() => synthZone(spec, targets.azure({ location: "westeurope" }))).toThrow(/budgets\.thresholds has 6 entries.*at most 5/);
  });

  test("each unit's admin group is Owner of its unit's group; break-glass accounts of the zone's root", () => {
    expect(one("azurerm_role_assignment", "identity_admin-restricted_")).toMatchObject({ scope: group("restricted"), role_definition_name: "Owner", principal_id: ids.principals["GG-Restricted-Admins"], principal_type: "Group" });
    expect(one("azurerm_role_assignment", "break-glass-breakglass-1")).toMatchObject({ scope: group(), role_definition_name: "Owner", principal_id: ids.principals["breakglass-1"], principal_type: "User" });
  });
});

describe("app deployers", () => {
  test("may peer with the hub (peering actions only, on the hub VNet) and log to the zone's workspace", () => {
    const role = one("azurerm_role_definition", "hub-peering-role");
    expect(role).toMatchObject({ assignable_scopes: [ref("azurerm_virtual_network", "hub_vnet")], permissions: [{ actions: [...HUB_PEERING_ACTIONS] }] });
    expect(one("azurerm_role_assignment", "app-deployers_depot-hub-peering")).toMatchObject({ scope: ref("azurerm_virtual_network", "hub_vnet"), role_definition_id: ref("azurerm_role_definition", "hub-peering-role", "role_definition_resource_id"), principal_id: ids.appDeployers.depot });
    expect(one("azurerm_role_assignment", "app-deployers_depot-workspace")).toMatchObject({ scope: ref("azurerm_log_analytics_workspace", "audit_workspace"), role_definition_name: "Log Analytics Contributor" });
  });

  test("a deployer named for no tenancy is an error", () => {
    const t = targets.azure({ location: "westeurope", landingZones: { mindef: { ...ids, appDeployers: { attic: ids.appDeployers.depot } } } });
    expect(() => synthZone(MINDEF, t)).toThrow(/appDeployers\.attic: names no tenancy/);
  });
});

describe("hub", () => {
  test("egress: firewall — Azure Firewall Premium, threat intelligence and IDPS deny, TLS out only", () => {
    expect(one("azurerm_firewall", "hub_firewall")).toMatchObject({ sku_tier: "Premium", firewall_policy_id: ref("azurerm_firewall_policy", "hub_firewall-policy"), zones: ["1", "2"] });
    expect(one("azurerm_firewall_policy", "hub_firewall-policy")).toMatchObject({ threat_intelligence_mode: "Deny", intrusion_detection: { mode: "Deny" } });
    const rule = one("azurerm_firewall_policy_rule_collection_group", "hub").network_rule_collection[0];
    expect(rule).toMatchObject({ action: "Allow", rule: [{ destination_ports: ["443", "853"], protocols: ["TCP"] }] });
    expect(one("azurerm_subnet", "firewall-subnet")).toMatchObject({ name: "AzureFirewallSubnet", address_prefixes: ["10.250.64.0/20"] });
  });

  test("egress: nat — a NAT gateway and no firewall, reported as not central", () => {
    const lab = synthZone(LAB, azure);
    expect(lab.json.resource.azurerm_firewall).toBeUndefined();
    expect(Object.keys(lab.json.resource.azurerm_nat_gateway)).toHaveLength(1);
    expect(lab.zone.controls().controls.find((c) => c.id === "central-egress")!.status).toBe("not-enforced");
  });
});

describe("report", () => {
  test("every control is answered, with the resource types that enforce it", () => {
    const report = zone.controls();
    expect(report.controls.map((c) => c.id)).toEqual(CONTROLS.map((c) => c.id));
    const types = new Set(Object.keys(json.resource));
    for (const c of report.controls) for (const r of c.resources) if (c.status === "enforced") expect(types.has(r)).toBe(true);
  });
});

describe("an app in the zone on Azure", () => {
  const apps = [loadAppSpec(join(DIR, "apps", "depot.yaml")), loadAppSpec(join(DIR, "apps", "dossier.yaml"))];
  const { stacks } = synthZoneWithApps(MINDEF, apps, azure);
  const app = stacks["depot-azure"];
  const remote = /^\$\{data\.terraform_remote_state\.[^}]*mindef-azure[^}]*\.outputs\.[^}]+\}$/;

  test("runs in its tenancy's subscription, read from the zone's state", () => {
    const provider = app.provider.azurerm.find((p: any) => !p.alias);
    expect(provider.subscription_id).toMatch(remote);
    expect(provider.subscription_id).toContain("tenancy-depot");
  });

  test("peers its VNet with the hub in both directions, the hub's half in the platform subscription", () => {
    const peerings = Object.entries<any>(app.resource.azurerm_virtual_network_peering);
    const toHub = peerings.find(([id]) => id.includes("peering-to-hub"))![1];
    const fromHub = peerings.find(([id]) => id.includes("peering-from-hub"))![1];
    expect(toHub.remote_virtual_network_id).toMatch(remote);
    expect(toHub.provider).toBeUndefined();
    expect(fromHub).toMatchObject({ provider: "azurerm.landing-zone-hub", virtual_network_name: expect.stringMatching(remote), remote_virtual_network_id: expect.stringContaining("azurerm_virtual_network.") });
    expect(app.provider.azurerm.find((p: any) => p.alias === "landing-zone-hub").subscription_id).toMatch(remote);
  });

  test("its VNet's flow logs are analysed in the zone's workspace", () => {
    const flow = Object.values<any>(app.resource.azurerm_network_watcher_flow_log)[0];
    expect(flow.traffic_analytics.workspace_resource_id).toMatch(remote);
    expect(flow.traffic_analytics.workspace_id).toMatch(remote);
  });

  test("a classified app placed in the zone (dossier) uses its own tenancy", () => {
    expect(stacks["dossier-azure"].provider.azurerm.find((p: any) => !p.alias).subscription_id).toContain("tenancy-dossier");
  });
});
