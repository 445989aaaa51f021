// The Google Cloud landing zone, control by control, on the synthesized JSON; and the S3NS universe.
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { loadAppSpec } from "../lib/app/load";
import { CONTROLS } from "../lib/landing-zone/controls";
import { loadLandingZoneSpec } from "../lib/landing-zone/load";
import { targets } from "../lib/targets";
import type { GcpTargetProps } from "../lib/targets/gcp/target";
import { hubFirewallRules } from "../lib/targets/gcp/landing-zone/hub";
import { platformHomes } from "../lib/targets/gcp/landing-zone/placement";
import { synthZone, synthZoneWithApps, zoneWith } from "./support/landing-zone";

const DIR = join(__dirname, "..", "examples", "landing-zones");
const MINDEF = loadLandingZoneSpec(join(DIR, "mindef.yaml"));
const DEPOT = loadAppSpec(join(DIR, "apps", "depot.yaml"));
const DOSSIER = loadAppSpec(join(DIR, "apps", "dossier.yaml"));
const ORG = { organizationId: "123456789012", billingAccount: "012345-6789AB-CDEF01", groupDomain: "mindef.example.nl" };
const gcpTarget = (extra: Partial<GcpTargetProps> = {}) => targets.gcp({ project: "polder-examples", region: "europe-west4", ...ORG, ...extra });
const s3ns = targets.gcp({ project: "polder-examples", region: "u-france-east1", universeDomain: "s3nsapis.fr", name: "s3ns", ...ORG });

const { json, zone } = synthZone(MINDEF, gcpTarget());
const res = (j: any, type: string): [string, any][] => Object.entries(j.resource?.[type] ?? {});
const one = (j: any, type: string, part: string): any => {
  const found = res(j, type).filter(([id]) => id.includes(part));
  if (found.length !== 1) throw new Error(`expected one ${type} matching ${part}, found ${found.map(([id]) => id).join(", ") || "none"}`);
  return found[0][1];
};
const ref = (j: any, type: string, part: string, attr: string) => `\${${type}.${res(j, type).find(([id]) => id.includes(part))![0]}.${attr}}`;
const folder = (unit: string, attr = "name") => ref(json, "google_folder", `hierarchy_unit-${unit}_`, attr);
const zoneFolder = (attr = "name") => ref(json, "google_folder", "hierarchy_zone_", attr);
/** Rules of the policy of `constraint` on `parent`, or undefined. */
const policyAt = (j: any, parent: string, constraint: string) => res(j, "google_org_policy_policy").find(([, p]) => p.parent === parent && p.name === `${parent}/policies/${constraint}`)?.[1].spec.rules;
const control = (id: string, z = zone) => z.controls().controls.find((c) => c.id === id)!;

describe("hierarchy and tenancies", () => {
  test("a folder for the zone under the organization, a folder per unit, children under their parent", () => {
    expect(one(json, "google_folder", "hierarchy_zone_")).toMatchObject({ display_name: "mindef", parent: "organizations/123456789012", deletion_protection: true });
    expect(res(json, "google_folder")).toHaveLength(MINDEF.units.length + 1);
    expect(one(json, "google_folder", "unit-confidential_").parent).toBe(folder("restricted"));
    expect(one(json, "google_folder", "unit-workloads_").parent).toBe(zoneFolder());
  });

  test("a project per tenancy in its unit's folder, billed to the target's account, no default network, never deleted", () => {
    expect(one(json, "google_project", "tenancy-depot_")).toMatchObject({
      project_id: "mindef-depot",
      folder_id: folder("workloads", "folder_id"),
      billing_account: "012345-6789AB-CDEF01",
      auto_create_network: false,
      deletion_policy: "PREVENT",
      labels: { "polder-cost-center": "cc-4150", "polder-tenancy": "depot" },
    });
  });

  test("a tenancy project enables only the APIs Polder's apps use", () => {
    const apis = res(json, "google_project_service")
      .filter(([id]) => id.includes("tenancy-depot_"))
      .map(([, s]) => s.service)
      .sort();
    expect(apis).toEqual(["cloudkms", "compute", "container", "dns", "iam", "logging", "monitoring", "secretmanager", "servicenetworking", "sqladmin", "storage"].map((a) => `${a}.googleapis.com`));
  });

  test("the audit project lives in the management unit, the hub's host project in connectivity", () => {
    expect(platformHomes(MINDEF)).toEqual({ audit: "management", hub: "connectivity" });
    expect(one(json, "google_project", "audit_project").folder_id).toBe(folder("management", "folder_id"));
    expect(one(json, "google_project", "hub_project").folder_id).toBe(folder("connectivity", "folder_id"));
  });

  test("units with data-protection and tenancies get an Assured Workloads folder (EU regions and support) their projects live in", () => {
    const aw = one(json, "google_assured_workloads_workload", "assured-restricted_");
    expect(aw).toMatchObject({ compliance_regime: "EU_REGIONS_AND_SUPPORT", organization: "123456789012", provisioned_resources_parent: folder("restricted"), resource_settings: [{ resource_type: "CONSUMER_FOLDER" }] });
    expect(one(json, "google_project", "tenancy-dossier_").folder_id).toMatch(/google_assured_workloads_workload\.[^.]*assured-restricted[^.]*\.resources .*CONSUMER_FOLDER/);
    // The confidential unit holds no tenancy: no workload for it.
    expect(res(json, "google_assured_workloads_workload").map(([id]) => id.replace(/_[0-9A-F]{8}$/, "").split("assured-")[1]).sort()).toEqual(["confidential", "geheim", "restricted"]);
  });
});

describe("organization policies", () => {
  test("resources only in EU locations on the zone's folder", () => {
    expect(policyAt(json, zoneFolder(), "gcp.resourceLocations")).toEqual([{ values: { allowed_values: ["in:eu-locations"] } }]);
  });

  test("units with residency allow only the home region, children inherit", () => {
    for (const unit of ["workloads", "restricted", "geheim"]) expect(policyAt(json, folder(unit), "gcp.resourceLocations")).toEqual([{ values: { allowed_values: ["in:europe-west4-locations"] } }]);
    expect(policyAt(json, folder("confidential"), "gcp.resourceLocations")).toBeUndefined();
    expect(policyAt(json, folder("sandbox"), "gcp.resourceLocations")).toBeUndefined();
  });

  test("projects in an Assured Workloads folder keep the home region on the project (the workload's policy allows every EU region)", () => {
    const project = `projects/${ref(json, "google_project", "tenancy-dossier_", "project_id")}`;
    expect(policyAt(json, project, "gcp.resourceLocations")).toEqual([{ values: { allowed_values: ["in:europe-west4-locations"] } }]);
  });

  test.each([
    ["compute.vmExternalIpAccess", { deny_all: "TRUE" }],
    ["storage.uniformBucketLevelAccess", { enforce: "TRUE" }],
    ["storage.publicAccessPrevention", { enforce: "TRUE" }],
    ["iam.disableServiceAccountKeyCreation", { enforce: "TRUE" }],
    ["compute.requireOsLogin", { enforce: "TRUE" }],
    ["sql.restrictPublicIp", { enforce: "TRUE" }],
    ["resourcemanager.allowedExportDestinations", { deny_all: "TRUE" }],
  ])("the zone's folder has %s", (constraint, rule) => {
    expect(policyAt(json, zoneFolder(), constraint)).toEqual([rule]);
  });

  test("IAM grants only to the organization's own Cloud Identity customer", () => {
    const rules = policyAt(json, zoneFolder(), "iam.allowedPolicyMemberDomains");
    expect(rules[0].values.allowed_values).toEqual([expect.stringMatching(/^\$\{data\.google_organization\.[^.]+\.directory_customer_id\}$/)]);
    expect(Object.values<any>(json.data.google_organization)[0].organization).toBe("organizations/123456789012");
  });

  test("data-protection units require customer-managed keys for the stores Polder makes, and HTTPS to Cloud Storage", () => {
    const denied = policyAt(json, folder("restricted"), "gcp.restrictNonCmekServices")[0].values.denied_values;
    expect(denied).toEqual(expect.arrayContaining(["storage.googleapis.com", "sqladmin.googleapis.com", "compute.googleapis.com"]));
    expect(policyAt(json, folder("restricted"), "storage.secureHttpTransport")).toEqual([{ enforce: "TRUE" }]);
    expect(policyAt(json, folder("workloads"), "gcp.restrictNonCmekServices")).toBeUndefined();
  });

  test("the confidential unit allows only Confidential VMs", () => {
    expect(policyAt(json, folder("confidential"), "compute.restrictNonConfidentialComputing")).toEqual([{ values: { denied_values: ["compute.googleapis.com"] } }]);
    expect(control("confidential-compute").status).toBe("enforced");
  });
});

describe("audit trail", () => {
  const bucket = one(json, "google_logging_project_bucket_config", "audit_bucket");

  test("the log bucket is locked with the spec's retention, in the home region, in the audit project", () => {
    expect(bucket).toMatchObject({ locked: true, retention_days: 2557, location: "europe-west4", project: ref(json, "google_project", "audit_project", "project_id") });
    expect(bucket.lifecycle.prevent_destroy).toBe(true);
  });

  test("the log bucket is encrypted with the zone's key, which the audit project's Logging service account may use", () => {
    expect(bucket.cmek_settings.kms_key_name).toBe(ref(json, "google_kms_crypto_key", "audit_key", "id"));
    const grant = one(json, "google_kms_crypto_key_iam_member", "logging-key-use");
    expect(grant).toMatchObject({ role: "roles/cloudkms.cryptoKeyEncrypterDecrypter", crypto_key_id: ref(json, "google_kms_crypto_key", "audit_key", "id") });
    expect(grant.member).toMatch(/^serviceAccount:\$\{data\.google_logging_project_cmek_settings\.[^.]+\.service_account_id\}$/);
    const settings = Object.values<any>(json.data.google_logging_project_cmek_settings)[0];
    expect(settings.project).toBe(ref(json, "google_project", "audit_project", "project_id"));
    expect(bucket.depends_on.some((d: string) => d.includes("logging-key-use"))).toBe(true);
    expect(one(json, "google_kms_crypto_key", "audit_key").rotation_period).toBe("7776000s");
  });

  test("an aggregated sink on the zone's folder routes every project's audit and flow logs into the bucket, and may write there", () => {
    const sink = one(json, "google_logging_folder_sink", "audit_sink");
    expect(sink).toMatchObject({ folder: zoneFolder("folder_id"), include_children: true });
    expect(sink.destination).toContain(`/buckets/${ref(json, "google_logging_project_bucket_config", "audit_bucket", "bucket_id")}`);
    expect(sink.filter).toContain('logName:"/logs/cloudaudit."');
    expect(sink.filter).toContain("vpc_flows");
    expect(one(json, "google_project_iam_member", "sink-writer")).toMatchObject({ role: "roles/logging.bucketWriter", member: ref(json, "google_logging_folder_sink", "audit_sink", "writer_identity") });
  });

  test("Data Access audit logs for every service of the zone, reads too in data-protection units", () => {
    expect(one(json, "google_folder_iam_audit_config", "data-access")).toMatchObject({ folder: zoneFolder(), service: "allServices", audit_log_config: [{ log_type: "ADMIN_READ" }, { log_type: "DATA_WRITE" }] });
    expect(one(json, "google_folder_iam_audit_config", "data-read-restricted").audit_log_config).toEqual([{ log_type: "DATA_READ" }]);
  });

  test("each project states its own audit configuration for every service, reads too in data-protection units", () => {
    expect(one(json, "google_project_iam_audit_config", "tenancy-dossier_").audit_log_config.map((c: any) => c.log_type)).toEqual(["ADMIN_READ", "DATA_READ", "DATA_WRITE"]);
    expect(one(json, "google_project_iam_audit_config", "tenancy-depot_")).toMatchObject({ service: "allServices", audit_log_config: [{ log_type: "ADMIN_READ" }, { log_type: "DATA_WRITE" }] });
  });

  test("audit.immutable: false leaves the bucket unlocked and says so", () => {
    const { json: j, zone: z } = synthZone(zoneWith({ audit: { immutable: false } }), gcpTarget());
    expect(one(j, "google_logging_project_bucket_config", "audit_bucket").locked).toBe(false);
    expect(control("audit-immutable", z)).toMatchObject({ status: "not-enforced", reason: "the spec sets audit.immutable: false" });
  });

  test("a retention Cloud Logging cannot keep is refused", () => {
    expect(() => synthZone(zoneWith({ audit: { retentionDays: 3653 } }), gcpTarget())).toThrow(/audit.retentionDays 3653 .*at most 3650/);
  });
});

describe("hub, identity, budgets", () => {
  test("a shared-VPC host project with the hub subnet and Cloud NAT; every tenancy project is its service project", () => {
    expect(one(json, "google_compute_shared_vpc_host_project", "hub_host").project).toBe(ref(json, "google_project", "hub_project", "project_id"));
    expect(one(json, "google_compute_subnetwork", "hub_shared").ip_cidr_range).toBe(MINDEF.hubNetwork.subnets.transit[0]);
    expect(one(json, "google_compute_router_nat", "hub_nat").source_subnetwork_ip_ranges_to_nat).toBe("ALL_SUBNETWORKS_ALL_IP_RANGES");
    const services = res(json, "google_compute_shared_vpc_service_project").map(([, s]) => s);
    expect(services).toHaveLength(MINDEF.tenancies.length);
    expect(services.find((s) => s.service_project === ref(json, "google_project", "tenancy-depot_", "project_id")).host_project).toBe(ref(json, "google_compute_shared_vpc_host_project", "hub_host", "project"));
  });

  test("the hub VPC's own firewall admits nothing in and only HTTPS and private ranges out", () => {
    const rules = res(json, "google_compute_firewall").map(([, r]) => r);
    expect(rules.find((r) => r.name === "mindef-hub-deny-all-ingress")).toMatchObject({ direction: "INGRESS", deny: [{ protocol: "all" }], source_ranges: ["0.0.0.0/0"] });
    expect(rules.filter((r) => r.direction === "EGRESS" && r.allow).flatMap((r) => r.allow)).toEqual([{ protocol: "all" }, { protocol: "tcp", ports: ["443"] }]);
  });

  test("the hierarchical firewall policy is attached to the zone's folder and, with egress firewall, denies all but HTTPS out", () => {
    expect(one(json, "google_compute_firewall_policy_association", "firewall-policy-zone").attachment_target).toBe(zoneFolder());
    const rules = res(json, "google_compute_firewall_policy_rule").map(([, r]) => r);
    const last = rules.find((r) => r.priority === 2200);
    expect(last).toMatchObject({ direction: "EGRESS", action: "deny", match: { dest_ip_ranges: ["0.0.0.0/0"] } });
    expect(rules.find((r) => r.priority === 2100)).toMatchObject({ action: "goto_next", match: { layer4_configs: [{ ip_protocol: "tcp", ports: ["443"] }] } });
    expect(hubFirewallRules({ egress: "nat", iap: true }).some((r) => r.action === "deny" && r.direction === "EGRESS")).toBe(false);
  });

  test("each unit's admin group is Folder Admin on its unit's folder; the break-glass users on the zone's folder", () => {
    const members = res(json, "google_folder_iam_member").map(([, m]) => m);
    expect(members).toContainEqual(expect.objectContaining({ folder: folder("restricted"), role: "roles/resourcemanager.folderAdmin", member: "group:gg-restricted-admins@mindef.example.nl" }));
    expect(members.filter((m) => m.member.startsWith("user:")).map((m) => [m.folder, m.member])).toEqual([
      [zoneFolder(), "user:breakglass-1@mindef.example.nl"],
      [zoneFolder(), "user:breakglass-2@mindef.example.nl"],
    ]);
    expect(control("break-glass-mfa").status).toBe("not-enforced");
  });

  test("a group name that cannot be an address is refused with the field", () => {
    expect(() => synthZone(zoneWith({ identity: { adminGroups: { apps: "GG Apps" }, breakGlass: [{ name: "bg-one", contact: "a@example.nl" }, { name: "bg-two", contact: "b@example.nl" }] } }), gcpTarget())).toThrow(/identity\.adminGroups\.apps: "GG Apps"/);
  });

  test("a monthly budget per tenancy project, in the spec's currency, notifying its and the zone's contacts at each threshold", () => {
    const budget = one(json, "google_billing_budget", "tenancy-dossier_");
    expect(budget).toMatchObject({ billing_account: "012345-6789AB-CDEF01", amount: { specified_amount: { currency_code: "EUR", units: "8000" } } });
    expect(budget.budget_filter.projects).toEqual([`projects/${ref(json, "google_project", "tenancy-dossier_", "number")}`]);
    expect(budget.threshold_rules.map((r: any) => r.threshold_percent)).toEqual([0.5, 0.8, 1]);
    const emails = budget.all_updates_rule.monitoring_notification_channels.map((c: string) => res(json, "google_monitoring_notification_channel").find(([id]) => c.includes(id))![1].labels.email_address);
    expect(emails.sort()).toEqual(["dossier@mindef.example.nl", "finance-cloud@mindef.example.nl", "platform@mindef.example.nl"]);
  });

  test("essential contacts: billing and security contacts on the zone's folder, the tenancy's contact on its project", () => {
    const contacts = res(json, "google_essential_contacts_contact").map(([, c]) => c);
    expect(contacts).toContainEqual(expect.objectContaining({ parent: zoneFolder(), email: "finance-cloud@mindef.example.nl", notification_category_subscriptions: ["BILLING"] }));
    expect(contacts).toContainEqual(expect.objectContaining({ parent: zoneFolder(), email: "soc@mindef.example.nl", notification_category_subscriptions: expect.arrayContaining(["SECURITY"]) }));
    expect(contacts).toContainEqual(expect.objectContaining({ parent: `projects/${ref(json, "google_project", "tenancy-depot_", "project_id")}`, email: "depot@mindef.example.nl" }));
  });
});

describe("target and report", () => {
  test("a target without organization, billing account or group domain is refused, naming them", () => {
    expect(() => synthZone(MINDEF, targets.gcp({ project: "polder-examples", region: "europe-west4", organizationId: "123456789012" }))).toThrow(/set billingAccount, groupDomain on the target/);
  });

  test("a tenancy whose project id would be the zone's audit or hub project is refused", () => {
    expect(() => synthZone(zoneWith({ tenancies: { hub: { unit: "apps" } } }), gcpTarget())).toThrow(/tenancies\.hub: its project id 'zone-hub' is the zone's own hub project/);
  });

  test("a malformed billing account is a target error", () => {
    expect(() => gcpTarget({ billingAccount: "0123-45" })).toThrow(/billingAccount.*three groups of six/);
  });

  test("every control is answered, none left as planned", () => {
    const report = zone.controls();
    expect(report.controls.map((c) => c.id)).toEqual(CONTROLS.map((c) => c.id));
    for (const c of report.controls) if (c.status !== "enforced") expect(c.reason).toBeTruthy();
    expect(control("eu-regions").resources).toEqual(["google_org_policy_policy"]);
  });
});

describe("in the S3NS universe", () => {
  const { json: u, zone: uz } = synthZone(MINDEF, s3ns);
  const uZone = ref(u, "google_folder", "hierarchy_zone_", "name");

  test("no Assured Workloads: the universe is the sovereign regime", () => {
    expect(u.resource.google_assured_workloads_workload).toBeUndefined();
    expect(one(u, "google_project", "tenancy-dossier_").folder_id).toBe(ref(u, "google_folder", "unit-restricted_", "folder_id"));
  });

  test("projects carry the universe's prefix", () => {
    expect(one(u, "google_project", "tenancy-depot_").project_id).toBe("s3ns:mindef-depot");
  });

  test("residency is structural: no location policy, controls say why", () => {
    expect(res(u, "google_org_policy_policy").some(([, p]) => p.name.endsWith("gcp.resourceLocations"))).toBe(false);
    expect(control("eu-regions", uz)).toMatchObject({ status: "structural", reason: expect.stringContaining("u-france-east1") });
    expect(control("residency-home-region", uz).status).toBe("structural");
  });

  test("no OS Login or domain-restricted sharing policies the universe does not offer; the rest of the baseline holds", () => {
    expect(policyAt(u, uZone, "compute.requireOsLogin")).toBeUndefined();
    expect(policyAt(u, uZone, "iam.allowedPolicyMemberDomains")).toBeUndefined();
    expect(policyAt(u, uZone, "compute.vmExternalIpAccess")).toEqual([{ deny_all: "TRUE" }]);
    expect(res(u, "google_compute_firewall_policy_rule").some(([, r]) => r.match.src_ip_ranges?.includes("35.235.240.0/20"))).toBe(false);
  });

  test("CMEK policy leaves out what the universe lacks (Secret Manager, GKE secrets encryption)", () => {
    const denied = policyAt(u, ref(u, "google_folder", "unit-restricted_", "name"), "gcp.restrictNonCmekServices")[0].values.denied_values;
    expect(denied).not.toContain("secretmanager.googleapis.com");
    expect(denied).not.toContain("container.googleapis.com");
  });
});

describe("apps in the zone", () => {
  const { stacks } = synthZoneWithApps(MINDEF, [DEPOT, DOSSIER], gcpTarget());
  const app = stacks["depot-gcp"];
  const remote = /^\$\{data\.terraform_remote_state\.[^}]*mindef-gcp[^}]*\.outputs\.[^}]+\}$/;

  test("the app's provider builds in its tenancy's project, read from the zone's state", () => {
    expect(app.provider.google[0].project).toMatch(remote);
    expect(Object.values<any>(app.data.terraform_remote_state)[0].config.path).toContain("terraform.mindef-gcp.tfstate");
  });

  test("its foundation reads the tenancy project, and its names use the tenancy's project id", () => {
    expect(Object.values<any>(app.data.google_project)[0].project_id).toMatch(remote);
    const bucket = Object.values<any>(app.resource.google_storage_bucket).find((b) => b.name.startsWith("depot-stock"));
    expect(bucket.name).toContain("mindef-depot");
  });

  test("the zone's stack exports the tenancy's project", () => {
    expect(Object.values<any>(stacks["mindef-gcp"].output).some((o) => /google_project\.[^.]*tenancy-depot_project[^.]*\.project_id/.test(o.value))).toBe(true);
  });

  test("its subnet has flow logs, which the zone's folder sink collects", () => {
    expect(Object.values<any>(app.resource.google_compute_subnetwork).find((s) => s.name === "depot-workloads").log_config).toBeDefined();
  });

  test("an app outside a zone keeps the target's project", () => {
    const { stacks: alone } = synthZoneWithApps(MINDEF, [{ ...DEPOT, landingZone: undefined }], gcpTarget());
    expect(alone["depot-gcp"].provider.google[0].project).toBe("polder-examples");
  });
});
