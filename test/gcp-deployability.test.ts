// Issue #9's class checks, for the Google targets: read from the synthesized JSON of every example
// on gcp and s3ns. Key use: whatever is encrypted with an app key, the Google service agent that
// encrypts it may use the key, and the resource waits for that grant. Flows: the baseline denies,
// the endpoint's proxies and health checkers reach the backend's port, workloads reach their
// data. Secrets: every secret_ref in an output is readable by the app's workload service account.
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { loadAppSpec } from "../lib/app/load";
import { evaluatePlacement } from "../lib/policy/placement";
import { targets } from "../lib/targets";
import { GCP_EXTRA_RANGES } from "../lib/targets/gcp/address-plan";
import { HEALTH_CHECK_RANGES } from "../lib/targets/gcp/network";
import { synthApp, type TfJson } from "./support/synth";

const dir = join(__dirname, "..", "examples");
const TARGETS = [
  targets.gcp({ project: "polder-demo", region: "europe-west4" }),
  targets.gcp({ project: "polder-demo", region: "u-france-east1", universeDomain: "s3nsapis.fr", name: "s3ns", keyCustody: "external", externalKeyUri: "https://ekm.example.fr/v0/keys/a" }),
];
const cases = readdirSync(dir)
  .filter((f) => /\.ya?ml$/.test(f))
  .flatMap((file) => {
    const spec = loadAppSpec(join(dir, file));
    return TARGETS.filter((t) => evaluatePlacement(spec, t).allowed).map((t) => [`${file} on ${t.name}`, synthApp(spec, t).json] as const);
  });

type Res = [type: string, id: string, config: any];
function resources(json: TfJson): Res[] {
  return Object.entries(json.resource ?? {}).flatMap(([type, byId]) => Object.entries(byId).map(([id, c]) => [type, id, c] as Res));
}
const ref = (type: string, id: string) => `${type}.${id}`;

/** Where each resource type names the key it is encrypted with, and whose agent uses the key. */
const KEY_USES: { type: string; key: (c: any) => string | undefined; agent: RegExp }[] = [
  { type: "google_storage_bucket", key: (c) => c.encryption?.default_kms_key_name, agent: /google_storage_project_service_account/ },
  { type: "google_sql_database_instance", key: (c) => c.encryption_key_name, agent: /@gcp-sa-cloud-sql\./ },
  { type: "google_secret_manager_secret", key: (c) => c.replication?.user_managed?.replicas?.[0]?.customer_managed_encryption?.kms_key_name, agent: /@gcp-sa-secretmanager\./ },
  { type: "google_logging_project_bucket_config", key: (c) => c.cmek_settings?.kms_key_name, agent: /google_logging_project_cmek_settings/ },
  { type: "google_container_cluster", key: (c) => c.database_encryption?.key_name, agent: /@container-engine-robot\./ },
  { type: "google_container_cluster", key: (c) => c.cluster_autoscaling?.auto_provisioning_defaults?.boot_disk_kms_key, agent: /@compute-system\./ },
  { type: "google_container_node_pool", key: (c) => c.node_config?.boot_disk_kms_key, agent: /@compute-system\./ },
  { type: "google_compute_region_instance_template", key: (c) => c.disk?.[0]?.disk_encryption_key?.kms_key_self_link, agent: /@compute-system\./ },
];

describe.each(cases)("%s", (_name, json) => {
  const all = resources(json);
  const grants = all.filter(([type]) => type === "google_kms_crypto_key_iam_member").map(([type, id, c]) => ({ ref: ref(type, id), key: c.crypto_key_id as string, member: c.member as string, role: c.role as string }));
  const firewalls = all.filter(([type]) => type === "google_compute_firewall").map(([, , c]) => c);

  test("every resource encrypted with an app key waits for its agent's grant on that key", () => {
    let checked = 0;
    for (const use of KEY_USES)
      for (const [type, id, c] of all.filter(([t]) => t === use.type)) {
        const key = use.key(c);
        if (!key) continue;
        checked++;
        const grant = grants.find((g) => g.key === key && use.agent.test(g.member) && g.role === "roles/cloudkms.cryptoKeyEncrypterDecrypter");
        expect(grant, `${ref(type, id)}: no grant on ${key} for ${use.agent}`).toBeDefined();
        // The cluster waits for its grants; its node pool comes after the cluster.
        const waits = type === "google_container_node_pool" ? all.find(([t]) => t === "google_container_cluster")![2].depends_on : c.depends_on;
        expect(waits ?? [], `${ref(type, id)} does not wait for ${grant!.ref}`).toContain(grant!.ref);
      }
    expect(checked).toBeGreaterThan(0);
  });

  test("the firewall denies every ingress and egress at the bottom and allows no ingress from anywhere", () => {
    expect(firewalls.filter((f) => f.deny && f.priority === 65534).map((f) => f.direction).sort()).toEqual(["EGRESS", "INGRESS"]);
    expect(firewalls.filter((f) => f.direction === "INGRESS" && f.allow && f.source_ranges?.includes("0.0.0.0/0"))).toEqual([]);
  });

  test("each public endpoint's proxies and health checkers reach its backend's port, on the backend's machines only", () => {
    const endpoints = Object.values(json.output ?? {}).filter((o: any) => o.value?.kind === "public-endpoint");
    for (const backend of all.filter(([type]) => type === "google_compute_region_backend_service")) {
      const port = all.find(([type, id]) => type === "google_compute_region_health_check" && backend[2].health_checks[0].includes(`.${id}.`))![2].http_health_check.port;
      const rule = firewalls.find((f) => f.direction === "INGRESS" && f.source_ranges?.includes(GCP_EXTRA_RANGES.proxyOnly) && HEALTH_CHECK_RANGES.every((r) => f.source_ranges.includes(r)));
      expect(rule, `${backend[1]}: no ingress from the proxy-only subnet and health checkers`).toBeDefined();
      expect(rule.allow).toEqual([{ protocol: "tcp", ports: [String(port)] }]);
      expect(rule.target_service_accounts).toHaveLength(1);
    }
    expect(all.filter(([type]) => type === "google_compute_region_backend_service")).toHaveLength(endpoints.length);
  });

  test("workloads may reach their data: egress inside the app's ranges covers Cloud SQL's range exactly when a database allocated it", () => {
    const internal = firewalls.find((f) => f.direction === "EGRESS" && f.allow?.some((a: any) => a.protocol === "tcp" && !a.ports));
    const allocated = all.some(([type]) => type === "google_compute_global_address");
    expect(internal.destination_ranges.includes(GCP_EXTRA_RANGES.privateServices)).toBe(allocated);
  });

  test("every secret_ref is readable by the app's workload service account", () => {
    const workloads = all.find(([type, id]) => type === "google_service_account" && id.includes("foundation_gcp_workloads"))!;
    const sa = `google_service_account.${workloads[1]}`;
    for (const [name, o] of Object.entries(json.output ?? {}) as [string, any][]) {
      const secretRef: string | undefined = o.value?.secret_ref;
      if (!secretRef || o.value.kind === "key") continue;
      if (o.value.kind === "postgres") {
        expect(secretRef, name).toBe(`\${${sa}.id}`);
        expect(all.some(([type, , c]) => type === "google_sql_user" && c.type === "CLOUD_IAM_SERVICE_ACCOUNT" && c.name.includes(sa)), name).toBe(true);
      } else if (secretRef.startsWith("gs://")) {
        expect(all.some(([type, , c]) => type === "google_storage_bucket_iam_member" && secretRef.includes(c.bucket) && c.role === "roles/storage.objectViewer" && c.member.includes(sa)), name).toBe(true);
      } else {
        expect(all.some(([type, , c]) => type === "google_secret_manager_secret_iam_member" && c.secret_id === secretRef && c.role === "roles/secretmanager.secretAccessor" && c.member.includes(sa)), name).toBe(true);
      }
    }
  });
});
