// Sovereign OpenStack: the names a cloud's APIs require to be unique beyond one app (Keystone,
// Designate, object storage, the Barbican look-up, external key references), listed by the
// target without loading the realizer, held to the synthesized JSON, checked on every synth run.
import { mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { loadAppSpec } from "../lib/app/load";
import { parseAppSpec, type ResolvedAppSpec } from "../lib/app/spec";
import { planSynth, runMain } from "../lib/cli/main";
import { findNameCollisions } from "../lib/core/unique-names";
import { targets } from "../lib/targets";
import type { SovereignTarget } from "../lib/targets/openstack/target";
import { sovereignUniqueNames } from "../lib/targets/openstack/unique-names";
import { projectTargets } from "../stacks/targets";
import { synthApp, type TfJson } from "./support/synth";

const examplesDir = join(__dirname, "..", "examples");
const adminAccess = { keyPair: "admins", cidrs: ["192.168.250.0/24"] };
/** One project for every app, Designate, Barbican and Swift (like the project's own target). */
const shared = targets.sovereign({ cloud: "polder", region: "RegionOne", services: { dns: true, keyManager: true, swift: true }, adminAccess });
/** A project per app, buckets on the S3 API, keys and certificates in an external key manager. */
const perApp = targets.sovereign({
  cloud: "polder",
  region: "RegionTwo",
  name: "sovereign-two",
  projectPerApp: true,
  s3Endpoint: "https://objectstore.example.nl",
  services: { dns: true },
  externalKeyManager: { name: "Vault", keyRef: "vault://kms.example.nl/transit/keys" },
  adminAccess,
});

function specFile(name: string, components: string): string {
  const file = join(mkdtempSync(join(tmpdir(), "polder-names-os-")), `${name}.yaml`);
  writeFileSync(file, `name: ${name}\nowner: team\nclassification: intern\ncomponents:\n${components}`);
  return file;
}

function synthErrors(args: string[], target: SovereignTarget): { code: number; err: string; outdir: string } {
  const errors: string[] = [];
  const outdir = join(mkdtempSync(join(tmpdir(), "polder-names-os-out-")), "out");
  const code = runMain([...args, "--outdir", outdir], { targets: [target], examplesDir }, { log: () => {}, error: (m: string) => errors.push(m) });
  return { code, err: errors.join("\n"), outdir };
}

const app = (name: string, components: Record<string, unknown>) => parseAppSpec({ name, owner: "t", classification: "intern", components });

describe("a synth run on a sovereign cloud", () => {
  test("refuses two apps in one project whose buckets would get one Swift container, naming both owners", () => {
    const { code, err, outdir } = synthErrors(["--spec", specFile("xx-yy", "  a:\n    kind: bucket\n"), "--spec", specFile("xx", "  yy-a:\n    kind: bucket\n")], shared);
    expect(code).toBe(1);
    expect(err).toContain(`Swift container "xx-yy-a" on sovereign cloud 'polder': component 'a' of app 'xx-yy' and component 'yy-a' of app 'xx'`);
    expect(() => readdirSync(outdir)).toThrow();
  });

  test("refuses two apps claiming one Designate zone, even with a project per app", () => {
    const zone = "  zone:\n    kind: dns-zone\n    domain: shared.example.nl\n";
    const { code, err } = synthErrors(["--spec", specFile("one", zone), "--spec", specFile("two", zone)], perApp);
    expect(code).toBe(1);
    expect(err).toContain(`Designate zone "shared.example.nl." on sovereign cloud 'polder': component 'zone' of app 'one' and component 'zone' of app 'two'`);
  });

  test("puts S3 buckets of one project in one name space, and apps with their own project apart", () => {
    const sharedS3 = targets.sovereign({ cloud: "polder", region: "RegionOne", s3Endpoint: "https://objectstore.example.nl" });
    const a = app("xx-yy", { a: { kind: "bucket" } });
    const b = app("xx", { "yy-a": { kind: "bucket" } });
    expect(findNameCollisions([{ app: a, target: sharedS3 }, { app: b, target: sharedS3 }]).map((c) => `${c.namespace} ${c.name} on ${c.scope}`)).toEqual([
      "S3 bucket xx-yy-a-<project> on the project of sovereign cloud 'polder'",
    ]);
    expect(findNameCollisions([{ app: a, target: perApp }, { app: b, target: perApp }])).toEqual([]);
  });

  test("refuses a key and a public endpoint whose references in the external key manager are one", () => {
    const components = "  api-tls:\n    kind: key\n  vms:\n    kind: vm-group\n    bootstrap: \"#!/bin/sh\\nexec /opt/app/serve\"\n  api:\n    kind: public-endpoint\n    domain: api.example.nl\n    backend: vms\n";
    const { code, err } = synthErrors(["--spec", specFile("keys", components)], perApp);
    expect(code).toBe(1);
    expect(err).toContain(`external key manager reference "vault://kms.example.nl/transit/keys/keys/api-tls" on external key manager 'Vault': component 'api-tls' of app 'keys' and component 'api' of app 'keys'`);
  });

  test("gives the app's own key a reference no component can have: a key component 'app-key' is its own key", () => {
    const spec = app("keys", { "app-key": { kind: "key" } });
    expect(findNameCollisions([{ app: spec, target: perApp }])).toEqual([]);
    expect(synthApp(spec, perApp).json.output?.app_key.value.ref).toBe("vault://kms.example.nl/transit/keys/keys/_app-key");
  });

  test("refuses one app on two regions of one cloud with a project per app: Keystone has one project name per domain", () => {
    const regionOne = targets.sovereign({ cloud: "polder", region: "RegionOne", projectPerApp: true, services: { dns: true }, adminAccess });
    const found = findNameCollisions([{ app: app("twice", {}), target: regionOne }, { app: app("twice", {}), target: perApp }]);
    expect(found).toEqual([
      { scope: "sovereign cloud 'polder'", namespace: "Keystone project", name: "polder-twice", owners: [{ app: "twice", target: "sovereign" }, { app: "twice", target: "sovereign-two" }] },
    ]);
  });

  test("allows names that OpenStack does not require to be unique (servers, networks, load balancers)", () => {
    const a = app("xx-yy", { a: { kind: "vm-group", bootstrap: "#!/bin/sh\nexec /opt/app/serve" } });
    const b = app("xx", { "yy-a": { kind: "vm-group", bootstrap: "#!/bin/sh\nexec /opt/app/serve" } });
    expect(findNameCollisions([{ app: a, target: shared }, { app: b, target: shared }])).toEqual([]);
  });
});

/** The unique names as they stand in a synthesized stack, `namespace: name`. */
function synthesizedNames(json: TfJson): string[] {
  const names: string[] = [];
  for (const [type, resources] of Object.entries(json.resource ?? {})) {
    if (NOT_NAMED[type]) continue;
    if (!NAMED[type]) throw new Error(`${type}: a resource type the list does not know; add it to NAMED or NOT_NAMED`);
    for (const r of Object.values(resources)) names.push(`${NAMED[type]}: ${r.name}`);
  }
  for (const r of Object.values(json.data?.openstack_keymanager_container_v1 ?? {})) names.push(`Barbican certificate container: ${r.name}`);
  for (const [id, o] of Object.entries(json.output ?? {})) {
    if (id.endsWith("_bucket_setup")) names.push(`S3 bucket: ${String(o.value.bucket).replace(/\$\{substr\([^}]*project_id, 0, 8\)\}/, "<project>")}`);
    if (typeof o.value?.ref === "string" && o.value.manager !== "barbican") names.push(`external key manager reference: ${o.value.ref}`);
  }
  return names.sort();
}

const NAMED: Record<string, string> = {
  openstack_identity_project_v3: "Keystone project",
  openstack_identity_user_v3: "Keystone user",
  openstack_objectstorage_container_v1: "Swift container",
  openstack_dns_zone_v2: "Designate zone",
};

/** Resource types whose names OpenStack does not require to be unique (told apart by id), or that have none. */
const NOT_NAMED: Record<string, string> = {
  openstack_networking_network_v2: "Neutron accepts duplicate names",
  openstack_networking_subnet_v2: "Neutron accepts duplicate names",
  openstack_networking_router_v2: "Neutron accepts duplicate names",
  openstack_networking_router_interface_v2: "no name",
  openstack_networking_secgroup_v2: "Neutron accepts duplicate names",
  openstack_networking_secgroup_rule_v2: "no name",
  openstack_networking_port_v2: "Neutron accepts duplicate names",
  openstack_networking_floatingip_v2: "no name",
  openstack_compute_instance_v2: "Nova accepts duplicate server names",
  openstack_compute_servergroup_v2: "Nova accepts duplicate names",
  openstack_blockstorage_volume_v3: "Cinder accepts duplicate names",
  openstack_lb_loadbalancer_v2: "Octavia accepts duplicate names",
  openstack_lb_listener_v2: "Octavia accepts duplicate names",
  openstack_lb_pool_v2: "Octavia accepts duplicate names",
  openstack_lb_monitor_v2: "Octavia accepts duplicate names",
  openstack_lb_member_v2: "no name",
  openstack_lb_members_v2: "no name",
  openstack_lb_l7policy_v2: "no name",
  openstack_lb_l7rule_v2: "no name",
  openstack_dns_recordset_v2: "named inside its zone",
  openstack_keymanager_order_v1: "Barbican accepts duplicate names",
  openstack_keymanager_container_v1: "Barbican accepts duplicate names; the secret's container is referenced by href, not looked up by name",
  openstack_identity_role_assignment_v3: "no name",
  openstack_identity_ec2_credential_v3: "no name",
  openstack_containerinfra_clustertemplate_v1: "Magnum accepts duplicate names",
  openstack_containerinfra_cluster_v1: "Magnum accepts duplicate names",
  openstack_db_instance_v1: "Trove accepts duplicate names",
  random_password: "no name",
  terraform_data: "no name",
};

const listed = (spec: ResolvedAppSpec, target: SovereignTarget) =>
  sovereignUniqueNames(spec, target)
    .map((n) => `${n.namespace}: ${n.name}`)
    .sort();

describe("sovereign unique names", () => {
  const full = parseAppSpec({
    name: "names",
    owner: "team",
    classification: "intern",
    components: {
      key: { kind: "key" },
      audit: { kind: "log-sink" },
      token: { kind: "secret" },
      zone: { kind: "dns-zone", domain: "names.example.nl" },
      files: { kind: "bucket" },
      db: { kind: "postgres" },
      cluster: { kind: "kubernetes" },
      vms: { kind: "vm-group", bootstrap: "#!/bin/sh\nexec /opt/app/serve" },
      api: { kind: "public-endpoint", domain: "api.names.example.nl", backend: "vms", zone: "zone" },
    },
  });

  test.each([
    ["one shared project (Barbican, Swift)", shared],
    ["a project per app (S3, external key manager)", perApp],
  ])("are exactly the names the synthesized stack gives those resources with %s", (_, target) => {
    expect(listed(full, target)).toEqual(synthesizedNames(synthApp(full, target).json));
  });

  test("are exactly the synthesized names for every example allowed on the sovereign project target", () => {
    const specs = readdirSync(examplesDir)
      .filter((f) => f.endsWith(".yaml"))
      .map((f) => loadAppSpec(join(examplesDir, f)));
    const sovereign = projectTargets({}).filter((t): t is SovereignTarget => t.id === "sovereign");
    const { build } = planSynth(specs, sovereign, false);
    expect(build.map((e) => e.spec.name).sort()).toEqual(specs.map((s) => s.name).sort());
    for (const { spec, target } of build) expect(listed(spec, target as SovereignTarget), spec.name).toEqual(synthesizedNames(synthApp(spec, target).json));
  });

  test("are listed by the target value itself, without loading the realizer", () => {
    expect(shared.uniqueNames?.(full)).toEqual(sovereignUniqueNames(full, shared));
  });
});
