import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { SpecValidationError } from "../lib/core/errors";
import { planHubSubnets } from "../lib/landing-zone/hub-network";
import { loadLandingZoneSpec } from "../lib/landing-zone/load";
import { parseLandingZoneSpec } from "../lib/landing-zone/spec";
import { zoneWith } from "./support/landing-zone";
import { cumulativeTiers, flattenUnits } from "../lib/landing-zone/units";
import { parseCidr, type Cidr } from "../lib/kinds/cidr";

const EXAMPLES = join(__dirname, "..", "examples", "landing-zones");

function issuesOf(data: unknown): { path: string; message: string }[] {
  try {
    parseLandingZoneSpec(data);
  } catch (e) {
    expect(e).toBeInstanceOf(SpecValidationError);
    return [...(e as SpecValidationError).issues];
  }
  throw new Error("expected the spec to be refused");
}

describe("example landing zones", () => {
  test.each(["mindef.yaml", "lab.yaml"])("%s is valid", (file) => {
    expect(loadLandingZoneSpec(join(EXAMPLES, file)).name).toMatch(/^[a-z]/);
  });

  test("the ministry's zone flattens parents first with inherited tiers", () => {
    const zone = loadLandingZoneSpec(join(EXAMPLES, "mindef.yaml"));
    const confidential = zone.units.find((u) => u.name === "confidential")!;
    expect(confidential).toMatchObject({ parent: "restricted", lineage: ["restricted", "confidential"], kind: "workload", classification: "departementaal-vertrouwelijk", tiers: ["residency", "data-protection", "confidential"] });
    expect(zone.units.findIndex((u) => u.name === "restricted")).toBeLessThan(zone.units.findIndex((u) => u.name === "confidential"));
  });
});

describe("defaults", () => {
  const zone = parseLandingZoneSpec(zoneWith());
  test("audit is kept seven years and immutable", () => expect(zone.audit).toEqual({ retentionDays: 2557, immutable: true }));
  test("the hub is 10.250.0.0/16 with a central firewall in two zones", () => expect(zone.hubNetwork).toMatchObject({ cidr: "10.250.0.0/16", egress: "firewall", zones: 2 }));
  test("budgets notify at 50, 80 and 100 percent, in euros", () => expect(zone.budgets).toMatchObject({ currency: "EUR", thresholds: [50, 80, 100] }));
  test("a tenancy takes the zone's owner, first contact and monthly budget", () => {
    const z = parseLandingZoneSpec(zoneWith({ tenancies: { app: { unit: "apps" } } }));
    expect(z.tenancies).toEqual([{ name: "app", unit: "apps", owner: "platform", email: "finance@example.nl", monthlyBudget: 100, tags: {} }]);
  });
});

describe("spec errors", () => {
  test("every problem is reported at once, with path and bad value", () => {
    const issues = issuesOf(zoneWith({ name: "Bad_Name", owner: 7, budgets: { monthly: -1, contacts: ["not-mail"] } }));
    expect(issues.map((i) => i.path)).toEqual(expect.arrayContaining(["name", "owner", "budgets.monthly", "budgets.contacts[0]"]));
    expect(issues.find((i) => i.path === "name")!.message).toContain('"Bad_Name"');
  });

  test("unknown fields are errors that list the allowed ones", () => {
    const issues = issuesOf(zoneWith({ colour: "blue" } as never));
    expect(issues).toEqual([{ path: "colour", message: expect.stringContaining("allowed are") }]);
  });

  test("a child unit may not raise its parent's classification", () => {
    const issues = issuesOf(zoneWith({ units: { apps: { kind: "workload", units: { inner: { classification: "stg-geheim", tiers: ["data-protection"] } } }, quarantine: { kind: "quarantine" } } }));
    expect(issues).toEqual([{ path: "units.apps.units.inner.classification", message: expect.stringContaining("above its parent") }]);
  });

  test("a unit that may hold departementaal-vertrouwelijk needs the data-protection tier", () => {
    const issues = issuesOf(zoneWith({ units: { apps: { kind: "workload", classification: "restreint-ue" }, quarantine: { kind: "quarantine" } } }));
    expect(issues).toEqual([{ path: "units.apps.tiers", message: expect.stringContaining("data-protection") }]);
  });

  test("tiers must be known", () => {
    const issues = issuesOf(zoneWith({ units: { apps: { kind: "workload", tiers: ["sovereign"] }, quarantine: { kind: "quarantine" } } }));
    expect(issues).toEqual([{ path: "units.apps.tiers[0]", message: expect.stringContaining("residency, data-protection, confidential") }]);
  });

  test("exactly one quarantine unit", () => {
    const issues = issuesOf(zoneWith({ units: { apps: { kind: "workload" } } }));
    expect(issues).toEqual([{ path: "units", message: expect.stringContaining("exactly one") }]);
  });

  test("unit names are unique across the tree", () => {
    const issues = issuesOf(zoneWith({ units: { apps: { kind: "workload", units: { apps: {} } }, quarantine: { kind: "quarantine" } } }));
    expect(issues[0]).toMatchObject({ path: "units.apps.units.apps", message: expect.stringContaining("used twice") });
  });

  test("a tenancy must name a unit and set every required tag", () => {
    const issues = issuesOf(zoneWith({ tags: { required: ["cost-center"] }, tenancies: { app: { unit: "nowhere" } } }));
    expect(issues).toEqual([
      { path: "tenancies.app.unit", message: expect.stringContaining("units are apps, quarantine") },
      { path: "tenancies.app.tags", message: expect.stringContaining("cost-center") },
    ]);
  });

  test("exactly two break-glass identities", () => {
    const issues = issuesOf(zoneWith({ identity: { adminGroups: { apps: "GG" }, breakGlass: [{ name: "only-one", contact: "a@example.nl" }] } }));
    expect(issues).toEqual([{ path: "identity.breakGlass", message: expect.stringContaining("exactly two") }]);
  });

  test("admin groups name units", () => {
    const issues = issuesOf(zoneWith({ identity: { adminGroups: { ghost: "GG" }, breakGlass: zoneWith().identity.breakGlass } }));
    expect(issues).toEqual([{ path: "identity.adminGroups.ghost", message: expect.stringContaining("names no unit") }]);
  });

  test("the hub must be private and /16 to /22", () => {
    expect(issuesOf(zoneWith({ hubNetwork: { cidr: "8.8.0.0/16" } }))).toEqual([{ path: "hubNetwork.cidr", message: expect.stringContaining("not private") }]);
    expect(issuesOf(zoneWith({ hubNetwork: { cidr: "10.0.0.0/24" } }))).toEqual([{ path: "hubNetwork.cidr", message: expect.stringContaining("/16 to /22") }]);
  });

  test("audit retention is at least a year", () => {
    expect(issuesOf(zoneWith({ audit: { retentionDays: 30 } }))).toEqual([{ path: "audit.retentionDays", message: expect.stringContaining("365 to 3653") }]);
  });

  test("not an object", () => {
    expect(issuesOf("zone")).toEqual([{ path: "(root)", message: expect.stringContaining("expected an object") }]);
  });
});

describe("planning (pure)", () => {
  test("tiers are cumulative", () => {
    expect(cumulativeTiers(["confidential"])).toEqual(["residency", "data-protection", "confidential"]);
    expect(cumulativeTiers([])).toEqual([]);
  });

  test("a child inherits kind, classification and tiers", () => {
    const { units, problems } = flattenUnits([
      { name: "a", path: "units.a", kind: "workload", classification: "departementaal-vertrouwelijk", tiers: ["data-protection"] },
      { name: "b", path: "units.a.units.b", parent: "a", tiers: [] },
      { name: "q", path: "units.q", kind: "quarantine", tiers: [] },
    ]);
    expect(problems).toEqual([]);
    expect(units[1]).toMatchObject({ kind: "workload", classification: "departementaal-vertrouwelijk", tiers: ["residency", "data-protection"] });
    expect(units[0].children).toEqual(["b"]);
  });

  test("the hub plan puts transit, firewall and public subnets at fixed places", () => {
    const plan = planHubSubnets(parseCidr("10.250.0.0/16") as Cidr, 2, "firewall");
    expect(plan).toEqual({ transit: ["10.250.0.0/20", "10.250.16.0/20"], firewall: ["10.250.64.0/20", "10.250.80.0/20"], public: ["10.250.128.0/20", "10.250.144.0/20"] });
  });

  test("NAT-only egress has no firewall subnets", () => {
    expect(planHubSubnets(parseCidr("10.240.0.0/20") as Cidr, 1, "nat")).toEqual({ transit: ["10.240.0.0/24"], firewall: [], public: ["10.240.8.0/24"] });
  });
});
