import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { loadAppSpec } from "../lib/app/load";
import type { AppSpec, ResolvedAppSpec } from "../lib/app/spec";
import { CapabilityError, SpecValidationError } from "../lib/core/errors";
import { evaluatePlacement } from "../lib/policy/placement";
import { targets } from "../lib/targets";
import { type GcpTargetProps } from "../lib/targets/gcp/target";
import { specWith, synthApp, type TfJson } from "./support/synth";

/** A bootstrap that serves something: an endpoint refuses a vm-group that runs nothing. */
const SERVES = "#!/bin/sh\npython3 -m http.server 8080\n";
const gcp = (props: Partial<GcpTargetProps> = {}) => targets.gcp({ project: "polder-demo", region: "europe-west4", ...props });
const s3ns = (props: Partial<GcpTargetProps> = {}) => gcp({ region: "u-france-east1", universeDomain: "s3nsapis.fr", name: "s3ns", ...props });

/** Synthesized JSON with cdktf's "//" comments kept (strategy notes, Checkov skips). */
function synth(spec: AppSpec | ResolvedAppSpec, target = gcp()): { json: TfJson & Record<string, any>; text: string } {
  const { stack } = synthApp(spec, target);
  const json = JSON.parse(JSON.stringify(stack.toTerraform()));
  return { json, text: JSON.stringify(json) };
}
function all(json: TfJson, type: string): [string, any][] {
  return Object.entries(json.resource?.[type] ?? {});
}
function one(json: TfJson, type: string, part = ""): any {
  const found = all(json, type).filter(([id]) => id.includes(part));
  if (found.length !== 1) throw new Error(`expected one ${type} matching '${part}', found ${found.length}: ${found.map(([id]) => id).join(", ")}`);
  return found[0][1];
}
const APP_KEY = /^\$\{google_kms_crypto_key\.demo_foundation_gcp_key_[0-9A-F]+\.id\}$/;
/** Members granted the app key. */
function keyUsers(json: TfJson): string[] {
  return all(json, "google_kms_crypto_key_iam_member").map(([, g]) => g.member);
}
function errorOf(make: () => unknown): Error {
  try {
    make();
  } catch (e) {
    return e as Error;
  }
  throw new Error("expected an error");
}

describe("provider and foundation", () => {
  test("the provider names project and region, maps labels, and has no universe_domain on public Google Cloud", () => {
    const { json } = synth(specWith({ k: { kind: "key" } }), gcp());
    const provider = json.provider!.google[0];
    expect(provider).toMatchObject({ project: "polder-demo", region: "europe-west4", default_labels: { "polder-app": "demo", "polder-owner": "team-demo", "polder-classification": "intern", "polder-managed-by": "polder" } });
    expect(provider.universe_domain).toBeUndefined();
  });

  test("a universe target sets universe_domain and the prefixed project", () => {
    const { json } = synth(specWith({ k: { kind: "key" } }), s3ns());
    expect(json.provider!.google[0]).toMatchObject({ project: "s3ns:polder-demo", universe_domain: "s3nsapis.fr" });
  });

  test("the app key: rotation, HSM protection level, kept from destroy, in a key ring in the region", () => {
    const { json } = synth(specWith({}));
    expect(one(json, "google_kms_key_ring")).toMatchObject({ location: "europe-west4", lifecycle: { prevent_destroy: true } });
    expect(one(json, "google_kms_crypto_key", "foundation")).toMatchObject({ rotation_period: "7776000s", version_template: { protection_level: "HSM" }, lifecycle: { prevent_destroy: true } });
  });

  test("software key custody gives a SOFTWARE key", () => {
    const { json } = synth(specWith({}), gcp({ keyCustody: "software" }));
    expect(one(json, "google_kms_crypto_key", "foundation").version_template.protection_level).toBe("SOFTWARE");
  });

  test("external key custody: an EXTERNAL key whose version points at the external key, no rotation by Cloud KMS", () => {
    const { json } = synth(specWith({}), gcp({ keyCustody: "external", externalKeyUri: "https://ekm.example.nl/v0/keys/app" }));
    const key = one(json, "google_kms_crypto_key", "foundation");
    expect(key).toMatchObject({ skip_initial_version_creation: true, version_template: { protection_level: "EXTERNAL", algorithm: "EXTERNAL_SYMMETRIC_ENCRYPTION" } });
    expect(key.rotation_period).toBeUndefined();
    expect(one(json, "google_kms_crypto_key_version").external_protection_level_options.external_key_uri).toBe("https://ekm.example.nl/v0/keys/app");
    expect(json.output!.polder_app_key_setup.value).toMatch(/gcloud kms keys set-primary-version/);
  });
});

describe("network", () => {
  const { json } = synth(specWith({}));
  test("a custom-mode VPC without automatic subnets", () => expect(one(json, "google_compute_network")).toMatchObject({ auto_create_subnetworks: false }));
  test("the workload subnet has Private Google Access and flow logs", () =>
    expect(one(json, "google_compute_subnetwork")).toMatchObject({ ip_cidr_range: "10.0.0.0/19", private_ip_google_access: true, log_config: { metadata: "INCLUDE_ALL_METADATA" } }));
  test("Cloud Router and NAT for egress", () => {
    one(json, "google_compute_router");
    expect(one(json, "google_compute_router_nat")).toMatchObject({ nat_ip_allocate_option: "AUTO_ONLY" });
  });
  test("ingress and egress are denied at the bottom; only internal egress and HTTPS out are allowed", () => {
    const rules = all(json, "google_compute_firewall").map(([, r]) => r);
    expect(rules.filter((r) => r.deny).map((r) => [r.direction, r.priority])).toEqual([["INGRESS", 65534], ["EGRESS", 65534]]);
    const allows = rules.filter((r) => r.allow);
    expect(allows.every((r) => r.direction === "EGRESS")).toBe(true);
    expect(allows.find((r) => r.destination_ranges.includes("0.0.0.0/0")).allow).toEqual([{ protocol: "tcp", ports: ["443"] }]);
  });
});

describe("kinds", () => {
  test("bucket: regional, app key, uniform access, public access prevention, versioning, lifecycle, soft delete, kept", () => {
    const { json } = synth(specWith({ docs: { kind: "bucket", noncurrentVersionDays: 30 } }));
    const b = one(json, "google_storage_bucket");
    expect(b).toMatchObject({ location: "EUROPE-WEST4", uniform_bucket_level_access: true, public_access_prevention: "enforced", versioning: { enabled: true }, soft_delete_policy: { retention_duration_seconds: 604800 }, lifecycle: { prevent_destroy: true } });
    expect(b.encryption.default_kms_key_name).toMatch(APP_KEY);
    expect(b.lifecycle_rule).toContainEqual({ action: { type: "Delete" }, condition: { days_since_noncurrent_time: 30, with_state: "ARCHIVED" } });
    expect(keyUsers(json)).toContainEqual(expect.stringMatching(/google_storage_project_service_account/));
    expect(one(json, "google_project_iam_audit_config").audit_log_config).toEqual([{ log_type: "DATA_READ" }, { log_type: "DATA_WRITE" }]);
  });

  test("bucket with deletionProtection false has no prevent_destroy", () => {
    const { json } = synth(specWith({ scratch: { kind: "bucket", deletionProtection: false } }));
    expect(one(json, "google_storage_bucket").lifecycle).toBeUndefined();
  });

  test("secret: Secret Manager, replicated only to the region with the app key, no version, readable by the workloads", () => {
    const { json } = synth(specWith({ token: { kind: "secret" } }));
    const s = one(json, "google_secret_manager_secret");
    expect(s.replication.user_managed.replicas).toEqual([{ location: "europe-west4", customer_managed_encryption: { kms_key_name: expect.stringMatching(APP_KEY) } }]);
    expect(s).toMatchObject({ deletion_protection: true, lifecycle: { prevent_destroy: true } });
    expect(json.resource!.google_secret_manager_secret_version).toBeUndefined();
    expect(keyUsers(json)).toContainEqual(expect.stringMatching(/@gcp-sa-secretmanager\.iam\.gserviceaccount\.com$/));
    expect(one(json, "google_secret_manager_secret_iam_member")).toMatchObject({ role: "roles/secretmanager.secretAccessor", member: expect.stringMatching(/google_service_account\.demo_foundation_gcp_workloads/) });
  });

  test("log-sink: a log bucket in the region with retention and the app key, the Logging agent granted, and a sink", () => {
    const { json } = synth(specWith({ audit: { kind: "log-sink", retentionDays: 731 } }));
    const b = one(json, "google_logging_project_bucket_config");
    expect(b).toMatchObject({ location: "europe-west4", retention_days: 731, lifecycle: { prevent_destroy: true } });
    expect(b.cmek_settings.kms_key_name).toMatch(APP_KEY);
    expect(keyUsers(json)).toContainEqual(expect.stringMatching(/google_logging_project_cmek_settings/));
    expect(one(json, "google_logging_project_sink").destination).toMatch(/\/locations\/europe-west4\/buckets\//);
  });

  test("dns-zone: a public zone is signed with DNSSEC and its records rendered for Cloud DNS", () => {
    const { json } = synth(specWith({ zone: { kind: "dns-zone", domain: "example.nl", records: [{ name: "@", type: "CAA", values: ['0 issue "pki.goog"'] }, { name: "@", type: "TXT", values: ["v=spf1 -all"] }] } }));
    expect(one(json, "google_dns_managed_zone")).toMatchObject({ dns_name: "example.nl.", visibility: "public", dnssec_config: { state: "on" } });
    expect(one(json, "google_dns_record_set", "txt")).toMatchObject({ name: "example.nl.", rrdatas: ['"v=spf1 -all"'] });
  });

  test("dns-zone: a private zone is bound to the app network", () => {
    const { json } = synth(specWith({ zone: { kind: "dns-zone", domain: "internal.example.nl", private: true } }));
    expect(one(json, "google_dns_managed_zone")).toMatchObject({ visibility: "private", private_visibility_config: { networks: [{ network_url: expect.stringMatching(/google_compute_network/) }] } });
  });

  test("postgres: private IP through private services access, app key, TLS only, PITR, deletion protection, IAM auth, no password", () => {
    const { json, text } = synth(specWith({ db: { kind: "postgres", size: "medium", backupRetentionDays: 21 } }));
    const i = one(json, "google_sql_database_instance");
    expect(i).toMatchObject({ database_version: "POSTGRES_16", deletion_protection: true, lifecycle: { prevent_destroy: true } });
    expect(i.encryption_key_name).toMatch(APP_KEY);
    expect(i.settings).toMatchObject({ availability_type: "REGIONAL", deletion_protection_enabled: true, ip_configuration: { ipv4_enabled: false, ssl_mode: "ENCRYPTED_ONLY" }, backup_configuration: { enabled: true, point_in_time_recovery_enabled: true, backup_retention_settings: { retained_backups: 21 } } });
    expect(i.settings.database_flags).toContainEqual({ name: "cloudsql.iam_authentication", value: "on" });
    expect(i.root_password).toBeUndefined();
    expect(text).not.toMatch(/"password"/);
    expect(one(json, "google_sql_user")).toMatchObject({ type: "CLOUD_IAM_SERVICE_ACCOUNT" });
    one(json, "google_service_networking_connection");
    expect(keyUsers(json)).toContainEqual(expect.stringMatching(/@gcp-sa-cloud-sql\.iam\.gserviceaccount\.com$/));
  });

  test("postgres: small is zonal unless highAvailability", () => {
    expect(one(synth(specWith({ db: { kind: "postgres" } })).json, "google_sql_database_instance").settings.availability_type).toBe("ZONAL");
  });

  test("kubernetes: private GKE Standard with workload identity, shielded nodes, secrets with the app key, release channel, network policy", () => {
    const { json } = synth(specWith({ k8s: { kind: "kubernetes" } }));
    const c = one(json, "google_container_cluster");
    expect(c).toMatchObject({
      private_cluster_config: { enable_private_nodes: true, enable_private_endpoint: true },
      workload_identity_config: { workload_pool: "polder-demo.svc.id.goog" },
      enable_shielded_nodes: true,
      database_encryption: { state: "ENCRYPTED", key_name: expect.stringMatching(APP_KEY) },
      release_channel: { channel: "REGULAR" },
      network_policy: { enabled: true },
      deletion_protection: true,
    });
    expect(one(json, "google_container_node_pool").node_config).toMatchObject({ boot_disk_kms_key: expect.stringMatching(APP_KEY), shielded_instance_config: { enable_secure_boot: true }, workload_metadata_config: { mode: "GKE_METADATA" } });
    expect(keyUsers(json)).toEqual(expect.arrayContaining([expect.stringMatching(/@container-engine-robot\.iam\./), expect.stringMatching(/@compute-system\.iam\./)]));
  });

  test("kubernetes: pods of KSA workloads in the app's namespace act as the app's workload service account", () => {
    const { json } = synth(specWith({ k8s: { kind: "kubernetes" } }));
    expect(one(json, "google_service_account_iam_member")).toMatchObject({
      role: "roles/iam.workloadIdentityUser",
      service_account_id: expect.stringMatching(/google_service_account\.demo_foundation_gcp_workloads_[0-9A-F]+\.name/),
      member: expect.stringMatching(/^serviceAccount:\$\{google_container_cluster\.[^}]+\.workload_identity_config\[0\]\.workload_pool\}\[demo\/workloads\]$/),
    });
  });

  test("vm-group: regional MIG of shielded, OS Login VMs without external IPs, CMEK disks, the workloads' account", () => {
    const { json } = synth(specWith({ web: { kind: "vm-group", count: 3, port: 8080 } }));
    const t = one(json, "google_compute_region_instance_template");
    expect(t.network_interface).toEqual([{ subnetwork: expect.any(String) }]);
    expect(t).toMatchObject({ shielded_instance_config: { enable_secure_boot: true, enable_vtpm: true }, metadata: { "enable-oslogin": "TRUE" }, service_account: { scopes: ["cloud-platform"] } });
    expect(t.disk[0].disk_encryption_key.kms_key_self_link).toMatch(APP_KEY);
    expect(one(json, "google_compute_region_instance_group_manager")).toMatchObject({ target_size: 3, named_port: [{ name: "workload", port: 8080 }] });
    const ingress = all(json, "google_compute_firewall").map(([, r]) => r).filter((r) => r.direction === "INGRESS" && r.allow);
    expect(ingress.map((r) => r.allow[0].ports[0]).sort()).toEqual(["22", "8080"]);
    expect(ingress.find((r) => r.allow[0].ports[0] === "22").source_ranges).toEqual(["35.235.240.0/20"]);
  });

  test("public-endpoint: regional external ALB, managed certificate, TLS 1.2+, redirect, Cloud Armor, logging, backend reached from the proxies only", () => {
    const { json } = synth(specWith({ web: { kind: "vm-group", bootstrap: SERVES }, site: { kind: "public-endpoint", domain: "www.example.nl", backend: "web" } }));
    expect(all(json, "google_compute_forwarding_rule").map(([, r]) => [r.load_balancing_scheme, r.port_range])).toEqual([["EXTERNAL_MANAGED", "443"], ["EXTERNAL_MANAGED", "80"]]);
    expect(one(json, "google_compute_region_ssl_policy")).toMatchObject({ min_tls_version: "TLS_1_2" });
    expect(one(json, "google_compute_region_url_map", "redirect").default_url_redirect).toMatchObject({ https_redirect: true });
    expect(one(json, "google_certificate_manager_certificate")).toMatchObject({ location: "europe-west4", managed: { domains: ["www.example.nl"] } });
    const backend = one(json, "google_compute_region_backend_service");
    expect(backend).toMatchObject({ load_balancing_scheme: "EXTERNAL_MANAGED", log_config: { enable: true }, provider: "google-beta", security_policy: expect.stringMatching(/google_compute_region_security_policy/) });
    expect(one(json, "google_compute_region_security_policy").rules.some((r: any) => /evaluatePreconfiguredWaf\('sqli/.test(r.match.expr?.expression ?? ""))).toBe(true);
    const fromLb = all(json, "google_compute_firewall").map(([, r]) => r).find((r) => r.source_ranges?.includes("35.191.0.0/16"));
    expect(fromLb).toMatchObject({ direction: "INGRESS", allow: [{ protocol: "tcp", ports: ["8080"] }], source_ranges: ["100.68.16.0/23", "35.191.0.0/16", "130.211.0.0/22"] });
    expect(json.output).toHaveProperty("site_certificate_validation_record");
  });

  test("public-endpoint: allowedCidrs narrow Cloud Armor to those ranges and deny the rest", () => {
    const { json } = synth(specWith({ web: { kind: "vm-group", bootstrap: SERVES }, site: { kind: "public-endpoint", domain: "www.example.nl", backend: "web", allowedCidrs: ["198.51.100.0/24"] } }));
    const rules = one(json, "google_compute_region_security_policy").rules;
    expect(rules.find((r: any) => r.priority === 2147483647).action).toBe("deny(403)");
    expect(rules.find((r: any) => r.action === "allow").match.config.src_ip_ranges).toEqual(["198.51.100.0/24"]);
  });

  test("public-endpoint on a port the vm-group does not serve is an error naming the field", () => {
    const e = errorOf(() => synth(specWith({ web: { kind: "vm-group", port: 8080, bootstrap: SERVES }, site: { kind: "public-endpoint", domain: "www.example.nl", backend: "web", port: 9000 } })));
    expect(e).toBeInstanceOf(SpecValidationError);
    expect(e.message).toMatch(/components\.site\.port: 9000/);
  });
});

describe("overrides", () => {
  test("gcp overrides a kind does not take are errors naming the field", () => {
    const e = errorOf(() => synth(specWith({ docs: { kind: "bucket", overrides: { gcp: { storageClass: "NEARLINE" } } } as never })));
    expect(e.message).toMatch(/components\.docs\.overrides\.gcp: unknown field/);
  });

  test("an unknown field inside overrides.gcp is an error listing the allowed ones", () => {
    const e = errorOf(() => synth(specWith({ db: { kind: "postgres", overrides: { gcp: { tier: "db-custom-2-7680", edition: "X" } } } as never })));
    expect(e.message).toMatch(/overrides\.gcp\.edition: unknown field: allowed are tier/);
  });

  test("overrides.gcp.tier sets the Cloud SQL tier", () => {
    const { json } = synth(specWith({ db: { kind: "postgres", overrides: { gcp: { tier: "db-custom-4-16384" } } } }));
    expect(one(json, "google_sql_database_instance").settings.tier).toBe("db-custom-4-16384");
  });
});

describe("a sovereign universe (S3NS)", () => {
  const logistics = loadAppSpec(join(__dirname, "..", "examples", "logistics.yaml"));
  const { json, text } = synth(logistics, s3ns());

  test.each([
    ["logistics", () => text],
    ["intake (external keys)", () => synth(loadAppSpec(join(__dirname, "..", "examples", "intake.yaml")), s3ns({ keyCustody: "external", externalKeyUri: "https://ekm.example.fr/v0/keys/a" })).text],
  ])("%s: no API host, e-mail or URL names the public universe's domain", (_name, textOf) => {
    const text = textOf();
    const hosts = text.match(/[a-z0-9.-]*googleapis\.com[^"]*/g) ?? [];
    // Only service names and full resource names, which are the same in every universe.
    expect(hosts.filter((h) => !/^(logging\.googleapis\.com\/projects\/|storage\.googleapis\.com$)/.test(h))).toEqual([]);
    expect(hosts.length).toBeGreaterThan(0);
    expect(text).not.toMatch(/https?:\/\/[^"]*googleapis\.com/);
    expect(text).not.toMatch(/@[a-z0-9-]+\.iam\.gserviceaccount\.com/);
  });

  test("the google-beta provider (Cloud Armor on the regional backend) is in the universe too", () => {
    expect(json.provider!["google-beta"][0]).toMatchObject({ project: "s3ns:polder-demo", region: "u-france-east1", universe_domain: "s3nsapis.fr", default_labels: { "polder-app": "logistics" } });
  });

  test("service agents are in the universe's domain", () => {
    expect(keyUsers(json).filter((m) => m.includes("@"))).toEqual(expect.arrayContaining([expect.stringMatching(/@gcp-sa-cloud-sql\.s3ns-system\.iam\.gserviceaccount\.com$/), expect.stringMatching(/@compute-system\.s3ns-system\.iam\.gserviceaccount\.com$/)]));
  });

  test("the bucket connection's host is the universe's storage API", () => {
    expect(json.output!["documents_connection"].value.host).toBe("storage.s3nsapis.fr");
  });

  test("kubernetes falls back to Autopilot, and the note names the universe and what it lacks", () => {
    const c = one(json, "google_container_cluster");
    expect(c.enable_autopilot).toBe(true);
    expect(c.database_encryption).toBeUndefined();
    expect(c["//"].polder).toMatch(/autopilot.*fallback: managed: GKE Standard is not offered \(Autopilot only\) in universe s3nsapis\.fr/);
    expect(json.output!["api-cluster_connection"].value.strategy).toBe("autopilot");
  });

  test("a secret falls back to its own CMEK bucket, readable by the workloads", () => {
    expect(json.resource!.google_secret_manager_secret).toBeUndefined();
    const b = one(json, "google_storage_bucket", "api-token");
    expect(b["//"].polder).toMatch(/secret as storage.*Secret Manager is not offered in universe s3nsapis\.fr/);
    expect(json.output!["api-token_connection"].value).toMatchObject({ strategy: "storage", secret_ref: expect.stringMatching(/^gs:\/\/.*\/value$/) });
  });

  test("a public zone falls back to records as an output; the endpoint's records become outputs too", () => {
    expect(json.resource!.google_dns_managed_zone).toBeUndefined();
    expect(json.output!["zone_dns_records"].description).toMatch(/public Cloud DNS zones are not offered in universe s3nsapis\.fr/);
    expect(json.output!["zone_dns_records"].value.records).toContainEqual({ name: "logistiek.defensie.example.nl.", type: "TXT", ttl: 300, rrdatas: ['"v=spf1 -all"'] });
    expect(json.output).toHaveProperty("api_dns_record");
  });

  test("postgres goes through Private Service Connect on Enterprise Plus, C3 tier, Hyperdisk", () => {
    const i = one(json, "google_sql_database_instance");
    expect(i.settings).toMatchObject({ edition: "ENTERPRISE_PLUS", tier: "db-perf-optimized-C-8", disk_type: "HYPERDISK_BALANCED", ip_configuration: { psc_config: [{ psc_enabled: true }] } });
    expect(i.settings.ip_configuration.private_network).toBeUndefined();
    expect(json.resource!.google_service_networking_connection).toBeUndefined();
    expect(one(json, "google_compute_forwarding_rule", "orders-db").target).toMatch(/psc_service_attachment_link/);
  });

  test("a machine type the universe lacks is an error naming the universe", () => {
    const e = errorOf(() => synth(specWith({ web: { kind: "vm-group", overrides: { gcp: { machineType: "e2-standard-2" } } } as never }), s3ns()));
    expect(e.message).toMatch(/overrides\.gcp\.machineType: "e2-standard-2" is not offered in universe s3nsapis\.fr/);
  });

  test("pinning GKE Standard there is an error naming what is offered", () => {
    const e = errorOf(() => synth(specWith({ k8s: { kind: "kubernetes", strategy: "managed" } }), s3ns()));
    expect(e.message).toMatch(/strategy "managed" is not offered for kubernetes by gcp \(s3nsapis\.fr\/u-france-east1\): offered are autopilot/);
  });

  test("VMs boot from the universe's image projects on Hyperdisk, without OS Login", () => {
    const { json: vm } = synth(specWith({ web: { kind: "vm-group" } }), s3ns());
    const t = one(vm, "google_compute_region_instance_template");
    expect(t).toMatchObject({ machine_type: "c3-standard-4", metadata: { "enable-oslogin": "FALSE" } });
    expect(t.disk[0]).toMatchObject({ disk_type: "hyperdisk-balanced", source_image: "projects/s3ns-system:ubuntu-os-cloud/global/images/family/ubuntu-2404-lts-amd64" });
  });
});

test("the Berlin universe has no strategy for nothing: every kind is offered (no CapabilityError)", () => {
  const berlin = gcp({ region: "u-germany-northeast1", universeDomain: "apis-berlin-build0.goog", name: "berlin" });
  expect(() => synth(loadAppSpec(join(__dirname, "..", "examples", "logistics.yaml")), berlin)).not.toThrow(CapabilityError);
});

describe("connection outputs are the same as on AWS for every example", () => {
  const dir = join(__dirname, "..", "examples");
  const examples = readdirSync(dir).filter((f) => /\.ya?ml$/.test(f));
  const shape = (json: TfJson) =>
    Object.fromEntries(Object.entries(json.output ?? {}).filter(([k]) => k.endsWith("_connection")).map(([k, o]) => [k, Object.keys(o.value).sort()]));
  const cases = examples.flatMap((file) => [gcp(), s3ns()].map((t) => [file, t.name, t] as const));
  test.each(cases)("%s on %s", (file, _name, target) => {
    const spec = loadAppSpec(join(dir, file));
    const aws = targets.aws({ region: "eu-central-1" });
    if (!evaluatePlacement(spec, target).allowed || !evaluatePlacement(spec, aws).allowed) return;
    expect(shape(synthApp(spec, target).json)).toEqual(shape(synthApp(spec, aws).json));
  });
});
