// Apps placed in a landing zone: unit checks, the tenancy by cross-stack reference, the report file.
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { loadAppSpec } from "../lib/app/load";
import { parseAppSpec } from "../lib/app/spec";
import { PlacementError, PolderError, SpecValidationError } from "../lib/core/errors";
import { chooseTenancy, evaluateZonePlacement } from "../lib/landing-zone/app-placement";
import { CONTROLS } from "../lib/landing-zone/controls";
import { loadLandingZoneSpec } from "../lib/landing-zone/load";
import type { ResolvedUnit } from "../lib/landing-zone/units";
import { targets } from "../lib/targets";
import { synthZoneWithApps } from "./support/landing-zone";
import { sovereignTarget } from "./support/sovereign";
import { specWith, synthApp } from "./support/synth";

const DIR = join(__dirname, "..", "examples", "landing-zones");
const MINDEF = loadLandingZoneSpec(join(DIR, "mindef.yaml"));
const DEPOT = loadAppSpec(join(DIR, "apps", "depot.yaml"));
const DOSSIER = loadAppSpec(join(DIR, "apps", "dossier.yaml"));
const aws = targets.aws({ region: "eu-central-1" });
const sovereign = sovereignTarget({ services: { keyManager: true }, accreditedUpTo: "stg-geheim" });

describe("an app in the zone on AWS", () => {
  const { stacks, file } = synthZoneWithApps(MINDEF, [DEPOT, DOSSIER], aws);
  const app = stacks["depot-aws"];
  const zone = stacks["mindef-aws"];

  test("deploys through its tenancy's role, read from the zone's state, never a copied id", () => {
    const provider = app.provider.aws.find((p: any) => !p.alias);
    expect(provider.assume_role[0].role_arn).toMatch(/^\$\{data\.terraform_remote_state\.[^}]*mindef-aws[^}]*\.outputs\.[^}]+\}$/);
    const remote = Object.values<any>(app.data.terraform_remote_state)[0];
    expect(remote.backend).toBe("local");
    expect(remote.config.path).toContain("terraform.mindef-aws.tfstate");
  });

  test("the zone's stack exports the role of the tenancy named like the app", () => {
    const exported = Object.values<any>(zone.output).map((o) => o.value);
    expect(exported.some((v) => /aws_iam_role\.[^.]*tenancy-depot_app-deployer[^.]*\.arn/.test(v))).toBe(true);
  });

  test("an explicit tenancy is used", () => {
    expect(Object.values<any>(zone.output).some((o) => /tenancy-dossier_app-deployer/.test(o.value))).toBe(true);
  });

  test("the app carries the zone's and the tenancy's tags", () => {
    const tags = app.provider.aws[0].default_tags[0].tags;
    expect(tags).toMatchObject({ "polder:landing-zone": "mindef", "polder:tenancy": "depot", "polder:cost-center": "cc-4150" });
  });

  test("its VPC's flow logs also go to the zone's log archive", () => {
    const flow = Object.entries<any>(app.resource.aws_flow_log).find(([id]) => id.includes("landing-zone"))![1];
    expect(flow).toMatchObject({ traffic_type: "ALL", log_destination_type: "s3" });
    expect(flow.log_destination).toMatch(/^\$\{data\.terraform_remote_state\.[^}]*mindef-aws[^}]*\.outputs\.[^}]+\}\/flow-logs\/$/);
  });

  test("the controls report is written beside the zone's stack", () => {
    const report = JSON.parse(file("mindef-aws", "landing-zone-controls.json"));
    expect(report).toMatchObject({ zone: "mindef", stack: "mindef-aws", target: { id: "aws", name: "aws" } });
    expect(report.controls.map((c: any) => c.id)).toEqual(CONTROLS.map((c) => c.id));
  });
});

describe("an app in the zone on the sovereign target", () => {
  const { stacks } = synthZoneWithApps(MINDEF, [DEPOT], sovereign);

  test("runs in its tenancy's project, read from the zone's state", () => {
    const provider = stacks["depot-sovereign"].provider.openstack[0];
    expect(provider.tenant_id).toMatch(/^\$\{data\.terraform_remote_state\.[^}]*mindef-sovereign[^}]*\.outputs\.[^}]+\}$/);
  });

  test("hands out the packet-logging command for its security group, with the zone's destination read from the zone's state", () => {
    const flows = stacks["depot-sovereign"].output.landing_zone_flow_logs.value;
    expect(flows.security_group).toMatch(/^\$\{openstack_networking_secgroup_v2\.[^}]+\.id\}$/);
    expect(flows.destination).toMatch(/data\.terraform_remote_state\.[^}]*mindef-sovereign/);
    expect(flows.commands[1]).toContain(`--resource-type security_group --resource ${flows.security_group} --event ALL --enable polder-depot-flows`);
  });

  test("refuses projectPerApp: the tenancy is the project", () => {
    expect(() => synthZoneWithApps(MINDEF, [DEPOT], sovereignTarget({ projectPerApp: true }))).toThrow(/projectPerApp/);
  });
});

describe("placement against units and tiers", () => {
  test("an app above the unit's classification is refused with the rule", () => {
    const wrong = { ...DOSSIER, landingZone: { zone: "mindef", unit: "workloads", tenancy: "depot" } };
    expect(() => synthZoneWithApps(MINDEF, [wrong], sovereign)).toThrow(PlacementError);
    expect(() => synthZoneWithApps(MINDEF, [wrong], sovereign)).toThrow(/zone-unit-classification.*holds at most 'intern'/);
  });

  test("the zone's unit check comes on top of the target's rules (dossier on AWS needs its decision too)", () => {
    const { decision: _d, ...noDecision } = DOSSIER;
    expect(() => synthZoneWithApps(MINDEF, [noDecision], aws)).toThrow(/dv-decision/);
  });

  const unit = (over: Partial<ResolvedUnit>): ResolvedUnit => ({ name: "u", lineage: ["u"], kind: "workload", classification: "stg-geheim", tiers: [], children: [], ...over });
  const yes = { supported: true as const, how: "x" };
  const no = { supported: false as const, reason: "no confidential flavors" };

  test("departementaal-vertrouwelijk needs the data-protection tier", () => {
    expect(evaluateZonePlacement({ classification: "departementaal-vertrouwelijk", kinds: [] }, unit({ tiers: ["residency"] }), yes)).toMatchObject({ allowed: false, rule: "zone-unit-data-protection" });
    expect(evaluateZonePlacement({ classification: "departementaal-vertrouwelijk", kinds: [] }, unit({ tiers: ["residency", "data-protection"] }), yes).allowed).toBe(true);
  });

  test("a confidential unit refuses kubernetes and vm-group where the target has no confidential machine types", () => {
    const confidential = unit({ tiers: ["residency", "data-protection", "confidential"] });
    expect(evaluateZonePlacement({ classification: "intern", kinds: ["vm-group", "bucket"] }, confidential, no)).toMatchObject({ allowed: false, rule: "zone-unit-confidential", reason: expect.stringContaining("no confidential flavors") });
    expect(evaluateZonePlacement({ classification: "intern", kinds: ["bucket"] }, confidential, no).allowed).toBe(true);
    expect(evaluateZonePlacement({ classification: "intern", kinds: ["kubernetes"] }, confidential, yes).allowed).toBe(true);
  });

  test("an app network overlapping the zone's hub is refused", () => {
    expect(evaluateZonePlacement({ classification: "intern", kinds: [], cidr: "10.250.16.0/20" }, unit({}), yes, "10.250.0.0/16")).toMatchObject({ allowed: false, rule: "zone-hub-overlap" });
    expect(evaluateZonePlacement({ classification: "intern", kinds: [], cidr: "10.60.0.0/20" }, unit({}), yes, "10.250.0.0/16").allowed).toBe(true);
    expect(() => synthZoneWithApps(MINDEF, [{ ...DEPOT, network: { ...DEPOT.network, cidr: "10.250.0.0/20" } }], aws)).toThrow(/zone-hub-overlap/);
  });

  test("platform and quarantine units take no apps", () => {
    for (const kind of ["platform", "quarantine"] as const) expect(evaluateZonePlacement({ classification: "openbaar", kinds: [] }, unit({ kind, classification: undefined }), yes)).toMatchObject({ allowed: false, rule: "zone-unit-kind" });
  });

  test("the confidential unit of the example refuses an app with machines on both targets", () => {
    const vms = { ...specWith({ vms: { kind: "vm-group" } }, { name: "crunch", classification: "intern" }), landingZone: { zone: "mindef", unit: "confidential" } };
    const mindef = { ...MINDEF, tenancies: [...MINDEF.tenancies, { name: "crunch", unit: "confidential", owner: "x", email: "x@example.nl", monthlyBudget: 1, tags: { "cost-center": "cc-1" } }] };
    for (const t of [aws, sovereign]) expect(() => synthZoneWithApps(mindef, [vms], t)).toThrow(/zone-unit-confidential/);
  });
});

describe("tenancies and references", () => {
  test("a unit with several tenancies and none named like the app needs landingZone.tenancy", () => {
    expect(() => chooseTenancy("other", { zone: "mindef", unit: "workloads" }, MINDEF.tenancies)).toThrow(/logistics, depot.*set landingZone.tenancy/);
  });

  test("a tenancy of another unit is refused", () => {
    expect(() => chooseTenancy("depot", { zone: "mindef", unit: "workloads", tenancy: "dossier" }, MINDEF.tenancies)).toThrow(PolderError);
  });

  test("an unknown zone is an error naming the zone and target", () => {
    expect(() => synthApp({ ...specWith({}), landingZone: { zone: "nowhere", unit: "apps" } }, aws)).toThrow(/landing zone 'nowhere' is not in this synth on target 'aws'/);
  });

  test("an unknown unit names the zone's units", () => {
    expect(() => synthZoneWithApps(MINDEF, [{ ...DEPOT, landingZone: { zone: "mindef", unit: "attic" } }], aws)).toThrow(/"attic" is not a unit of zone 'mindef': units are platform/);
  });

  test("the landingZone field is validated like every other", () => {
    try {
      parseAppSpec({ ...specWith({}), landingZone: { zone: "Mindef", unit: 3, floor: 2 } });
      throw new Error("accepted");
    } catch (e) {
      expect(e).toBeInstanceOf(SpecValidationError);
      expect((e as SpecValidationError).issues.map((i) => i.path)).toEqual(["landingZone.zone", "landingZone.unit", "landingZone.floor"]);
    }
  });

  test("an app without landingZone is unchanged", () => {
    const { json } = synthApp(specWith({}), aws);
    expect((json as any).data?.terraform_remote_state).toBeUndefined();
    expect((json as any).provider.aws[0].assume_role).toBeUndefined();
  });
});
