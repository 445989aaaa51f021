// The sovereign (OpenStack) landing zone, control by control, on the synthesized JSON.
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { loadLandingZoneSpec } from "../lib/landing-zone/load";
import { auditBucketCommands } from "../lib/targets/openstack/landing-zone/audit-store";
import { checkAgainstSchema } from "../providers/openstack/schema-check";
import { loadAppSpec } from "../lib/app/load";
import { projectTargets } from "../stacks/targets";
import { synthZone, synthZoneWithApps } from "./support/landing-zone";
import { OPENSTACK_SCHEMA, sovereignTarget } from "./support/sovereign";

const MINDEF = loadLandingZoneSpec(join(__dirname, "..", "examples", "landing-zones", "mindef.yaml"));
const LAB = loadLandingZoneSpec(join(__dirname, "..", "examples", "landing-zones", "lab.yaml"));
const locked = sovereignTarget({ s3ObjectLock: true, services: { keyManager: true }, accreditedUpTo: "stg-geheim" });
const { json, zone } = synthZone(MINDEF, locked);
const res = (j: any, type: string): [string, any][] => Object.entries(j.resource?.[type] ?? {});
const one = (j: any, type: string, part: string): any => {
  const found = res(j, type).filter(([id]) => id.includes(part));
  if (found.length !== 1) throw new Error(`expected one ${type} matching ${part}, found ${found.map(([id]) => id).join(", ") || "none"}`);
  return found[0][1];
};
const ref = (j: any, type: string, part: string) => `\${${type}.${res(j, type).find(([id]) => id.includes(part))![0]}.id}`;
const control = (id: string, z = zone) => z.controls().controls.find((c) => c.id === id)!;

describe("schema", () => {
  test.each([
    ["mindef, S3 with Object Lock", MINDEF, locked],
    ["lab, S3 without Object Lock", LAB, sovereignTarget()],
    ["mindef, Swift only", MINDEF, sovereignTarget({ s3Endpoint: undefined, services: { s3: false, swift: true } })],
  ])("%s matches the provider schema", (_name, spec, target) => {
    expect(checkAgainstSchema(OPENSTACK_SCHEMA, synthZone(spec, target).json)).toEqual([]);
  });
});

describe("hierarchy", () => {
  test("the zone is a Keystone domain (a project with is_domain), kept from destroy", () => {
    expect(one(json, "openstack_identity_project_v3", "openstack_domain_")).toMatchObject({ name: "mindef", is_domain: true, lifecycle: { prevent_destroy: true } });
  });

  test("unit projects mirror the tree: children under their parent, top-level units under the domain", () => {
    const domain = ref(json, "openstack_identity_project_v3", "openstack_domain_");
    expect(one(json, "openstack_identity_project_v3", "unit-restricted_")).toMatchObject({ domain_id: domain, parent_id: domain });
    expect(one(json, "openstack_identity_project_v3", "unit-confidential_").parent_id).toBe(ref(json, "openstack_identity_project_v3", "unit-restricted_"));
  });

  test("a project per tenancy under its unit, with its tags", () => {
    const p = one(json, "openstack_identity_project_v3", "tenancy-dossier_");
    expect(p.parent_id).toBe(ref(json, "openstack_identity_project_v3", "unit-restricted_"));
    expect(p.tags).toContain("polder:cost-center=cc-4200");
  });

  test("quotas per tenancy project instead of budgets", () => {
    expect(one(json, "openstack_compute_quotaset_v2", "tenancy-dossier")).toMatchObject({ cores: 128, ram: 512 * 1024, instances: 80, project_id: ref(json, "openstack_identity_project_v3", "tenancy-dossier_") });
    expect(one(json, "openstack_blockstorage_quotaset_v3", "tenancy-dossier")).toMatchObject({ gigabytes: 4096 });
    expect(control("budgets")).toMatchObject({ status: "not-enforced", reason: expect.stringContaining("quotas") });
  });
});

describe("identity", () => {
  test("per unit groups with the SCS reader, member and manager roles; the admin group is the manager", () => {
    const manager = one(json, "openstack_identity_group_v3", "group-restricted-manager");
    expect(manager.name).toBe("GG-Restricted-Admins");
    for (const role of ["reader", "member", "manager"]) expect(one(json, "openstack_identity_role_assignment_v3", `assign-restricted-${role}`).project_id).toBe(ref(json, "openstack_identity_project_v3", "unit-restricted_"));
    expect(json.data.openstack_identity_role_v3 && Object.values<any>(json.data.openstack_identity_role_v3).map((r) => r.name).sort()).toEqual(["manager", "member", "reader"]);
  });

  test("roles are inherited where the unit has children, not where it has none", () => {
    expect(res(json, "openstack_identity_inherit_role_assignment_v3").filter(([id]) => id.includes("inherit-restricted-"))).toHaveLength(3);
    expect(res(json, "openstack_identity_inherit_role_assignment_v3").filter(([id]) => id.includes("inherit-connectivity-"))).toHaveLength(0);
  });

  test("two break-glass users in a domain of their own, MFA password + TOTP, no password in Terraform", () => {
    const users = res(json, "openstack_identity_user_v3");
    expect(users).toHaveLength(2);
    const bgDomain = ref(json, "openstack_identity_project_v3", "break-glass-domain");
    expect(one(json, "openstack_identity_project_v3", "break-glass-domain").is_domain).toBe(true);
    for (const [, u] of users) {
      expect(u).toMatchObject({ domain_id: bgDomain, multi_factor_auth_enabled: true, multi_factor_auth_rule: [{ rule: ["password", "totp"] }] });
      expect(u.password).toBeUndefined();
    }
    expect(control("break-glass-mfa").status).toBe("enforced");
  });
});

describe("hub network", () => {
  test("shared to every tenancy project by RBAC", () => {
    const shares = res(json, "openstack_networking_rbac_policy_v2").map(([, p]) => p);
    expect(shares).toHaveLength(MINDEF.tenancies.length);
    for (const p of shares) expect(p).toMatchObject({ object_type: "network", action: "access_as_shared", object_id: ref(json, "openstack_networking_network_v2", "hub-network") });
  });

  test("SCS default security-group rules: ingress only from the group itself", () => {
    expect(one(json, "openstack_networking_secgroup_v2", "hub-default")).toMatchObject({ delete_default_rules: true });
    const ingress = res(json, "openstack_networking_secgroup_rule_v2").filter(([, r]) => r.direction === "ingress");
    expect(ingress).toHaveLength(2);
    for (const [, r] of ingress) {
      expect(r.remote_group_id).toBe(ref(json, "openstack_networking_secgroup_v2", "hub-default"));
      expect(r.remote_ip_prefix).toBeUndefined();
    }
  });

  test("egress through the hub router's SNAT; a firewall is reported partial", () => {
    expect(one(json, "openstack_networking_router_v2", "hub-router")).toMatchObject({ enable_snat: true });
    expect(control("central-egress")).toMatchObject({ status: "partial", reason: expect.stringContaining("FWaaS") });
  });
});

describe("audit", () => {
  test("an immutable bucket where the cloud's S3 has Object Lock: compliance mode for the retention", () => {
    const setup = json.output.audit_bucket_setup.value;
    expect(setup.commands[0]).toContain("--object-lock-enabled-for-bucket");
    expect(setup.commands.join("\n")).toContain('"Mode":"COMPLIANCE","Days":2557');
    expect(setup.commands.join("\n")).toContain('"SSEAlgorithm":"AES256"');
    expect(setup.commands.join("\n")).toContain("Status=Enabled");
    expect(control("audit-immutable").status).toBe("partial");
  });

  test("without Object Lock the report says the archive is not immutable", () => {
    const lab = synthZone(LAB, sovereignTarget());
    expect(lab.json.output.audit_bucket_setup.value.commands[0]).not.toContain("object-lock");
    expect(control("audit-immutable", lab.zone)).toMatchObject({ status: "not-enforced", reason: expect.stringContaining("s3ObjectLock") });
  });

  test("on Swift: a versioned container kept from destroy, and its shipping", () => {
    const swift = synthZone(MINDEF, sovereignTarget({ s3Endpoint: undefined, services: { s3: false, swift: true } }));
    expect(one(swift.json, "openstack_objectstorage_container_v1", "audit")).toMatchObject({ versioning: true, force_destroy: false, lifecycle: { prevent_destroy: true } });
    expect(swift.json.output.audit_shipping.value).toContain("rclone move");
    expect(control("audit-immutable", swift.zone).reason).toContain("Swift has no object lock");
  });

  test("the audit credential's secret never enters the JSON", () => {
    expect(JSON.stringify(json)).not.toMatch(/"secret"\s*:/);
  });

  test("the bucket commands are TLS-only and expire records only after the lock", () => {
    const cmds = auditBucketCommands({ bucket: "b", endpoint: "https://s3.example.nl", retentionDays: 400, objectLock: true }).join("\n");
    expect(cmds).toContain('"aws:SecureTransport":"false"');
    expect(cmds).toContain('"Expiration":{"Days":401}');
  });
});

describe("controls report", () => {
  test("residency is structural: the cloud is the place", () => {
    for (const id of ["eu-regions", "residency-home-region"]) expect(control(id)).toMatchObject({ status: "structural", reason: expect.stringContaining("the cloud is the place") });
    expect(zone.controls().tiers.residency.notEnforced.map((c) => c.id)).toEqual(["residency-home-region"]);
  });

  test("what OpenStack has no service for is reported, not skipped", () => {
    for (const id of ["threat-detection", "security-posture", "access-analysis", "confidential-compute"]) expect(control(id).status).toBe("not-enforced");
  });
});

describe("the project's sovereign target", () => {
  test("the ministry's zone and the apps placed in it match the provider schema", () => {
    const target = projectTargets({}).find((t) => t.id === "sovereign")!;
    const apps = ["depot.yaml", "dossier.yaml"].map((f) => loadAppSpec(join(__dirname, "..", "examples", "landing-zones", "apps", f)));
    const { stacks } = synthZoneWithApps(MINDEF, apps, target);
    for (const [id, json] of Object.entries(stacks)) expect([id, checkAgainstSchema(OPENSTACK_SCHEMA, json)]).toEqual([id, []]);
  });
});
