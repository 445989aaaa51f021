import { describe, expect, test } from "vitest";
import { SpecValidationError } from "../lib/core/errors";
import { KIND_NAMES } from "../lib/kinds/kind-names";
import { explainStrategy, sovereignCapabilities } from "../lib/targets/openstack/capabilities";
import { SCS_DEFAULT_SERVICES } from "../lib/targets/openstack/services";
import { flavorFor, imageFor, magnumImage, SOVEREIGN_SIZES } from "../lib/targets/openstack/sizes";
import { sovereign, type SovereignTargetProps } from "../lib/targets/openstack/target";
import { targets } from "../lib/targets";

function issuesOf(props: unknown): { path: string; message: string }[] {
  try {
    sovereign(props as SovereignTargetProps);
  } catch (e) {
    if (e instanceof SpecValidationError) return [...e.issues];
    throw e;
  }
  return [];
}

describe("targets.sovereign() props", () => {
  test("is the factory behind targets.sovereign", () => {
    expect(targets.sovereign({ cloud: "c", region: "r" }).id).toBe("sovereign");
  });
  test("defaults services to the SCS mandatory set", () => {
    expect(sovereign({ cloud: "c", region: "r" }).services).toEqual(SCS_DEFAULT_SERVICES);
  });
  test("turns on an optional service without touching the defaults", () => {
    const t = sovereign({ cloud: "c", region: "r", services: { dns: true } });
    expect(t.services).toMatchObject({ dns: true, compute: true, loadBalancer: true, keyManager: false });
  });
  test("defaults the external network, volume type and project mode", () => {
    const t = sovereign({ cloud: "c", region: "r" });
    expect([t.externalNetwork, t.encryptedVolumeType, t.projectPerApp]).toEqual(["public", "encrypted", false]);
  });
  test("requires cloud and region", () => {
    expect(issuesOf({}).map((i) => i.path)).toEqual(["cloud", "region"]);
  });
  test("names an unknown service with the allowed ones", () => {
    const [issue] = issuesOf({ cloud: "c", region: "r", services: { trove: true } });
    expect(issue.path).toBe("services.trove");
    expect(issue.message).toContain("database");
  });
  test("refuses a non-boolean service flag with its value", () => {
    const [issue] = issuesOf({ cloud: "c", region: "r", services: { dns: "yes" } });
    expect(issue).toEqual({ path: "services.dns", message: 'expected true or false, got "yes"' });
  });
  test("refuses an s3Endpoint without TLS", () => {
    const [issue] = issuesOf({ cloud: "c", region: "r", s3Endpoint: "http://s3.example.nl" });
    expect(issue.path).toBe("s3Endpoint");
    expect(issue.message).toContain("https://");
  });
  test("refuses an unknown accreditation level and lists the levels", () => {
    const [issue] = issuesOf({ cloud: "c", region: "r", accreditedUpTo: "top-secret" });
    expect(issue.path).toBe("accreditedUpTo");
    expect(issue.message).toContain("stg-geheim");
  });
  test("accepts a NATO alias as accreditation", () => {
    expect(sovereign({ cloud: "c", region: "r", accreditedUpTo: "nato-secret" }).sovereignty.accreditedUpTo).toBe("stg-geheim");
  });
  test("needs both fields of an external key manager", () => {
    expect(issuesOf({ cloud: "c", region: "r", externalKeyManager: { name: "Vault" } }).map((i) => i.path)).toEqual(["externalKeyManager.keyRef"]);
  });
  test("refuses an unknown prop", () => {
    expect(issuesOf({ cloud: "c", region: "r", project: "x" }).map((i) => i.path)).toEqual(["project"]);
  });
  test("reports every problem at once", () => {
    expect(issuesOf({ cloud: "", region: 3, operatorJurisdiction: "Netherlands" })).toHaveLength(3);
  });
});

describe("sovereignty profile", () => {
  test("is not a public cloud and is EU resident, operated from NL by default", () => {
    const s = sovereign({ cloud: "c", region: "r" }).sovereignty;
    expect([s.publicCloud, s.euResident, s.operatorJurisdiction]).toEqual([false, true, "NL"]);
  });
  test("takes the operator jurisdiction from props", () => {
    expect(sovereign({ cloud: "c", region: "r", operatorJurisdiction: "DE" }).sovereignty.operatorJurisdiction).toBe("DE");
  });
  test("offers no key custody without Barbican or an external key manager", () => {
    expect(sovereign({ cloud: "c", region: "r" }).sovereignty.keyCustody).toEqual([]);
  });
  test("offers customer-managed keys with Barbican and external ones with an external key manager", () => {
    const t = sovereign({ cloud: "c", region: "r", services: { keyManager: true }, externalKeyManager: { name: "Vault", keyRef: "vault://kms/keys" } });
    expect(t.sovereignty.keyCustody).toEqual(["customer-managed", "external"]);
  });
  test("carries accreditedUpTo", () => {
    expect(sovereign({ cloud: "c", region: "r", accreditedUpTo: "stg-confidentieel" }).sovereignty.accreditedUpTo).toBe("stg-confidentieel");
  });
});

describe("capabilities (pure)", () => {
  const caps = (services: Partial<typeof SCS_DEFAULT_SERVICES>, settings = { s3Endpoint: true, externalKeyManager: false }) =>
    sovereignCapabilities({ services: { ...SCS_DEFAULT_SERVICES, ...services }, settings });

  test("lists a strategy list for every kind", () => {
    expect(Object.keys(caps({}).capabilities).sort()).toEqual([...KIND_NAMES].sort());
  });
  test("postgres: Trove first when offered, then vm", () => {
    expect(caps({ database: true }).capabilities.postgres).toEqual(["managed", "vm"]);
  });
  test("postgres: vm only without Trove", () => {
    expect(caps({}).capabilities.postgres).toEqual(["vm"]);
  });
  test("kubernetes: Magnum first when offered, then vm", () => {
    expect(caps({ kubernetes: true }).capabilities.kubernetes).toEqual(["managed", "vm"]);
  });
  test("kubernetes: vm only without Magnum", () => {
    expect(caps({}).capabilities.kubernetes).toEqual(["vm"]);
  });
  test("bucket: s3 then swift when both are offered", () => {
    expect(caps({ swift: true }).capabilities.bucket).toEqual(["s3", "swift"]);
  });
  test("bucket: swift only when there is no S3 endpoint", () => {
    expect(caps({ swift: true }, { s3Endpoint: false, externalKeyManager: false }).capabilities.bucket).toEqual(["swift"]);
  });
  test("key and secret: Barbican, else the external key manager", () => {
    const c = caps({}, { s3Endpoint: true, externalKeyManager: true }).capabilities;
    expect([c.key, c.secret]).toEqual([["external"], ["external"]]);
  });
  test("dns-zone: Designate, else records as outputs", () => {
    expect([caps({ dns: true }).capabilities["dns-zone"], caps({}).capabilities["dns-zone"]]).toEqual([["managed", "external"], ["external"]]);
  });
  test("public-endpoint needs Barbican for the certificate", () => {
    expect(caps({}).missing["public-endpoint"]).toContain("Barbican (services.keyManager)");
  });
  test("missing explains a key with neither Barbican nor an external key manager", () => {
    expect(caps({}).missing.key).toBe(
      "managed (Barbican key) needs Barbican (services.keyManager); external (key in the external key manager) needs the target prop externalKeyManager ({ name, keyRef })",
    );
  });
  test("missing names the S3 endpoint when object storage lacks it", () => {
    expect(caps({}, { s3Endpoint: false, externalKeyManager: false }).missing.bucket).toContain("s3Endpoint");
  });
  test("no missing entry for a kind that has a strategy", () => {
    expect(caps({ keyManager: true }).missing).not.toHaveProperty("key");
  });
  test("explains a fallback with what the better strategy needs", () => {
    const input = { services: SCS_DEFAULT_SERVICES, settings: { s3Endpoint: true, externalKeyManager: false } };
    expect(explainStrategy("postgres", "vm", input)).toContain("fallback: managed needs Trove (services.database)");
  });
  test("explains a pin when the better strategy is offered", () => {
    const input = { services: { ...SCS_DEFAULT_SERVICES, database: true }, settings: { s3Endpoint: true, externalKeyManager: false } };
    expect(explainStrategy("postgres", "vm", input)).toContain("the spec pinned 'vm'");
  });
  test("a best strategy is not a fallback", () => {
    const input = { services: SCS_DEFAULT_SERVICES, settings: { s3Endpoint: true, externalKeyManager: false } };
    expect(explainStrategy("network", "managed", input)).not.toContain("fallback");
  });
});

describe("sizes (pure)", () => {
  test("grow from small to large", () => {
    const workers = (["small", "medium", "large"] as const).map((s) => SOVEREIGN_SIZES[s].workers.count);
    expect(workers).toEqual([...workers].sort((a, b) => a - b));
  });
  test("use SCS flavor names", () => {
    for (const s of Object.values(SOVEREIGN_SIZES)) for (const f of [s.vmFlavor, s.dbFlavor, s.controlPlane.flavor, s.workers.flavor]) expect(f).toMatch(/^SCS-\d+V-\d+$/);
  });
  test("a highly available control plane from medium up", () => {
    expect([SOVEREIGN_SIZES.small.controlPlane.count, SOVEREIGN_SIZES.medium.controlPlane.count]).toEqual([1, 3]);
  });
  test("overrides win over the table", () => {
    expect([flavorFor({ flavor: "x" }, "y"), imageFor({ image: "i" }, "j"), flavorFor(undefined, "y")]).toEqual(["x", "i", "y"]);
  });
  test("Magnum's image follows the Kubernetes version", () => {
    expect(magnumImage("1.33")).toContain("1.33");
  });
});
