// Google Cloud: the names that must be unique in the project, the region or the universe, listed
// by the target without loading the realizer, held to the synthesized JSON, and checked by every
// synth run across its stacks.
import { mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { loadAppSpec } from "../lib/app/load";
import { parseAppSpec, type ResolvedAppSpec } from "../lib/app/spec";
import { planSynth, runMain } from "../lib/cli/main";
import { findNameCollisions } from "../lib/core/unique-names";
import { targets } from "../lib/targets";
import type { GcpTarget } from "../lib/targets/gcp/target";
import { gcpUniqueNames } from "../lib/targets/gcp/unique-names";
import { projectTargets } from "../stacks/targets";
import { synthApp, type TfJson } from "./support/synth";

const examplesDir = join(__dirname, "..", "examples");
const egress = { proxy: "http://proxy.example.nl:3128", cidrs: ["10.255.1.0/24"] };
const gcp = targets.gcp({ project: "polder-names", region: "europe-west4", egress });
const s3ns = targets.gcp({ project: "polder-names", region: "u-france-east1", universeDomain: "s3nsapis.fr", name: "s3ns", egress });

function specFile(name: string, components: string): string {
  const file = join(mkdtempSync(join(tmpdir(), "polder-names-gcp-")), `${name}.yaml`);
  writeFileSync(file, `name: ${name}\nowner: team\nclassification: intern\ncomponents:\n${components}`);
  return file;
}

function synthErrors(args: string[], target: GcpTarget): { code: number; err: string; outdir: string } {
  const errors: string[] = [];
  const outdir = join(mkdtempSync(join(tmpdir(), "polder-names-gcp-out-")), "out");
  const code = runMain([...args, "--outdir", outdir], { targets: [target], examplesDir }, { log: () => {}, error: (m: string) => errors.push(m) });
  return { code, err: errors.join("\n"), outdir };
}

describe("a synth run on Google Cloud", () => {
  test("refuses two apps whose components would get one Cloud SQL instance name in the project, naming both owners", () => {
    const { code, err, outdir } = synthErrors(["--spec", specFile("xx-yy", "  a:\n    kind: postgres\n"), "--spec", specFile("xx", "  yy-a:\n    kind: postgres\n")], gcp);
    expect(code).toBe(1);
    expect(err).toContain(
      `Cloud SQL instance "xx-yy-a" on Google Cloud project 'polder-names': component 'a' of app 'xx-yy' and component 'yy-a' of app 'xx'`,
    );
    expect(() => readdirSync(outdir)).toThrow();
  });

  test("refuses two apps whose buckets would get one Cloud Storage name, which is unique in the whole universe", () => {
    const { code, err } = synthErrors(["--spec", specFile("xx-yy", "  a:\n    kind: bucket\n"), "--spec", specFile("xx", "  yy-a:\n    kind: bucket\n")], gcp);
    expect(code).toBe(1);
    expect(err).toContain(`Cloud Storage bucket "xx-yy-a-polder-names" on every Google Cloud project of universe googleapis.com: component 'a' of app 'xx-yy' and component 'yy-a' of app 'xx'`);
  });

  test("refuses an app whose key component is named like the app key, which Cloud KMS never frees", () => {
    const { code, err } = synthErrors(["--spec", specFile("keys", "  app:\n    kind: key\n")], gcp);
    expect(code).toBe(1);
    expect(err).toContain(
      `KMS key "polder-keys/app" on Google Cloud project 'polder-names', region 'europe-west4': app 'keys' itself and component 'app' of app 'keys' (Cloud KMS never deletes key rings and keys: a name once used in the project and region stays taken)`,
    );
  });

  test("refuses two vm-groups of one app: their workload firewall rule is named per app, and Google refuses a second", () => {
    const vm = (n: string) => `  ${n}:\n    kind: vm-group\n    bootstrap: "#!/bin/sh\\nexec /opt/app/serve"\n`;
    const { code, err } = synthErrors(["--spec", specFile("twovms", vm("one") + vm("two"))], gcp);
    expect(code).toBe(1);
    expect(err).toContain(`firewall rule "twovms-ingress-workload" on Google Cloud project 'polder-names': component 'one' of app 'twovms' and component 'two' of app 'twovms'`);
  });

  test("compares two targets on one project: project-wide names collide across regions, regional ones do not", () => {
    const west1 = targets.gcp({ project: "polder-names", region: "europe-west1", name: "gcp-west1" });
    const a = parseAppSpec({ name: "xx-yy", owner: "t", classification: "intern", components: { a: { kind: "kubernetes" } } });
    const b = parseAppSpec({ name: "xx", owner: "t", classification: "intern", components: { "yy-a": { kind: "kubernetes" } } });
    const found = findNameCollisions([{ app: a, target: gcp }, { app: b, target: west1 }]).map((c) => `${c.namespace} ${c.name} on ${c.scope}`);
    expect(found).toEqual(["service account xx-yy-a-nodes on Google Cloud project 'polder-names'"]);
  });

  test("refuses one app on two targets that share a project, naming both targets: each stack would create its VPC", () => {
    const west1 = targets.gcp({ project: "polder-names", region: "europe-west1", name: "gcp-west1" });
    const errors: string[] = [];
    const outdir = join(mkdtempSync(join(tmpdir(), "polder-names-gcp-out-")), "out");
    const code = runMain(["--spec", specFile("twice", "  files:\n    kind: bucket\n"), "--outdir", outdir], { targets: [gcp, west1], examplesDir }, { log: () => {}, error: (m: string) => errors.push(m) });
    expect(code).toBe(1);
    expect(errors.join("\n")).toContain(`VPC network "twice" on Google Cloud project 'polder-names': app 'twice' itself on target 'gcp' and app 'twice' itself on target 'gcp-west1'`);
  });

  test("keeps the universes apart: the same project id in S3NS is another project", () => {
    const a = parseAppSpec({ name: "xx-yy", owner: "t", classification: "intern", components: { a: { kind: "bucket" } } });
    const b = parseAppSpec({ name: "xx", owner: "t", classification: "intern", components: { "yy-a": { kind: "bucket" } } });
    expect(findNameCollisions([{ app: a, target: gcp }, { app: b, target: s3ns }])).toEqual([]);
  });
});

// Every resource type the Google realizers make whose name the API checks beyond the app: the
// name space it is listed under and how its name reads in the JSON.
const NAMED: Record<string, [string, (r: any, json: TfJson) => string]> = {
  google_kms_key_ring: ["KMS key ring", (r) => r.name],
  google_kms_crypto_key: ["KMS key", (r, json) => `${refName(json, r.key_ring)}/${r.name}`],
  google_service_account: ["service account", (r) => r.account_id],
  google_compute_network: ["VPC network", (r) => r.name],
  google_compute_subnetwork: ["subnetwork", (r) => r.name],
  google_compute_router: ["Cloud Router", (r) => r.name],
  google_compute_firewall: ["firewall rule", (r) => r.name],
  google_compute_global_address: ["global address", (r) => r.name],
  google_dns_managed_zone: ["Cloud DNS managed zone", (r) => r.name],
  google_secret_manager_secret: ["Secret Manager secret", (r) => r.secret_id],
  google_logging_project_bucket_config: ["log bucket", (r) => r.bucket_id],
  google_logging_project_sink: ["log sink", (r) => r.name],
  google_storage_bucket: ["Cloud Storage bucket", (r) => r.name],
  google_sql_database_instance: ["Cloud SQL instance", (r) => r.name],
  google_container_cluster: ["GKE cluster", (r) => r.name],
  google_compute_region_instance_group_manager: ["regional instance group manager", (r) => r.name],
  google_compute_address: ["regional address", (r) => r.name],
  google_compute_forwarding_rule: ["regional forwarding rule", (r) => r.name],
  google_compute_region_health_check: ["regional health check", (r) => r.name],
  google_compute_region_security_policy: ["regional security policy", (r) => r.name],
  google_compute_region_backend_service: ["regional backend service", (r) => r.name],
  google_compute_region_ssl_policy: ["regional SSL policy", (r) => r.name],
  google_compute_region_url_map: ["regional URL map", (r) => r.name],
  google_compute_region_target_https_proxy: ["regional target HTTPS proxy", (r) => r.name],
  google_compute_region_target_http_proxy: ["regional target HTTP proxy", (r) => r.name],
  google_certificate_manager_dns_authorization: ["Certificate Manager DNS authorization", (r) => r.name],
  google_certificate_manager_certificate: ["Certificate Manager certificate", (r) => r.name],
};

/** Resource types with no name of their own the API checks beyond their parent, and why. */
const NOT_NAMED: Record<string, string> = {
  google_compute_router_nat: "named inside its router",
  google_compute_region_instance_template: "name_prefix: Terraform appends a unique suffix",
  google_container_node_pool: "named inside its cluster",
  google_sql_database: "named inside its instance",
  google_sql_user: "named inside its instance",
  google_dns_record_set: "named inside its zone",
  google_kms_crypto_key_version: "numbered by Cloud KMS",
  google_service_networking_connection: "one per network",
  google_project_iam_audit_config: "no name",
  google_project_iam_member: "no name",
  google_kms_crypto_key_iam_member: "no name",
  google_storage_bucket_iam_member: "no name",
  google_secret_manager_secret_iam_member: "no name",
  google_service_account_iam_member: "no name",
};

/** The name of the resource a `${type.id.id}` reference points at. */
function refName(json: TfJson, ref: string): string {
  const [, type, id] = /^\$\{([a-z0-9_]+)\.([^.]+)\.id\}$/.exec(ref)!;
  return json.resource![type][id].name;
}

function synthesizedNames(json: TfJson): string[] {
  const names: string[] = [];
  for (const [type, resources] of Object.entries(json.resource ?? {})) {
    if (NOT_NAMED[type]) continue;
    if (!NAMED[type]) throw new Error(`${type}: a resource type the list does not know; add it to NAMED or NOT_NAMED`);
    const [namespace, nameOf] = NAMED[type];
    for (const r of Object.values(resources)) names.push(`${namespace}: ${nameOf(r, json)}`);
  }
  return names.sort();
}

const listed = (spec: ResolvedAppSpec, target: GcpTarget) =>
  gcpUniqueNames(spec, target)
    .map((n) => `${n.namespace}: ${n.name}`)
    .sort();

describe("Google unique names", () => {
  const full = parseAppSpec({
    name: "names",
    owner: "team",
    classification: "intern",
    components: {
      key: { kind: "key" },
      audit: { kind: "log-sink" },
      token: { kind: "secret" },
      zone: { kind: "dns-zone", domain: "names.example.nl" },
      inner: { kind: "dns-zone", domain: "names.internal", private: true },
      files: { kind: "bucket" },
      db: { kind: "postgres" },
      cluster: { kind: "kubernetes" },
      vms: { kind: "vm-group", bootstrap: "#!/bin/sh\nexec /opt/app/serve" },
      api: { kind: "public-endpoint", domain: "api.names.example.nl", backend: "vms", zone: "zone" },
    },
  });

  test.each([
    ["gcp", gcp],
    ["s3ns (storage secrets, external public zones, Private Service Connect, Autopilot, no OS Login)", s3ns],
  ])("are exactly the names the synthesized stack gives those resources on %s", (_, target) => {
    expect(listed(full, target)).toEqual(synthesizedNames(synthApp(full, target).json));
  });

  test("are exactly the synthesized names for every example allowed on the Google project targets", () => {
    const specs = readdirSync(examplesDir)
      .filter((f) => f.endsWith(".yaml"))
      .map((f) => loadAppSpec(join(examplesDir, f)));
    const google = projectTargets({}).filter((t): t is GcpTarget => t.id === "gcp");
    const { build } = planSynth(specs, google, false);
    // intake is classified (no NAT, the Private Google Access zone, egress to named destinations); planning is allowed on neither.
    expect(build.map((e) => `${e.spec.name}-${e.target.name}`)).toEqual(expect.arrayContaining(["intake-gcp", "logistics-gcp", "logistics-s3ns"]));
    for (const { spec, target } of build) expect(listed(spec, target as GcpTarget), `${spec.name} on ${target.name}`).toEqual(synthesizedNames(synthApp(spec, target).json));
  });

  test("are listed by the target value itself, without loading the realizer", () => {
    expect(gcp.uniqueNames?.(full)).toEqual(gcpUniqueNames(full, gcp));
  });
});
