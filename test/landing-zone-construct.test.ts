// The neutral layer: the LandingZone construct, the control catalogue, hostile zone specs.
import fc from "fast-check";
import { Testing } from "cdktf";
import { describe, expect, test } from "vitest";
import { PolderError, SpecValidationError } from "../lib/core/errors";
import { TargetStack } from "../lib/core/target-stack";
import { buildControlsReport, checkControlResults, CONTROLS, type ControlResult } from "../lib/landing-zone/controls";
import { LandingZone } from "../lib/landing-zone/landing-zone";
import { parseLandingZoneSpec } from "../lib/landing-zone/spec";
import { targets } from "../lib/targets";
import { zoneWith } from "./support/landing-zone";

const aws = targets.aws({ region: "eu-central-1" });
const answers = (): ControlResult[] => CONTROLS.map((c) => ({ id: c.id, status: "enforced", how: "x", resources: [] }));

describe("control catalogue", () => {
  test("a realizer that leaves a control out is a bug, not a silent skip", () => {
    expect(() => checkControlResults("t", answers().slice(1))).toThrow(/control 'hierarchy' answered 0 times/);
  });

  test("a control that is not enforced needs a reason", () => {
    const a = answers();
    a[0] = { ...a[0], status: "not-enforced" };
    expect(() => checkControlResults("t", a)).toThrow(/without a reason/);
  });

  test("the report lists controls per tier with the units enforcing it", () => {
    const a = answers();
    a[CONTROLS.findIndex((c) => c.id === "confidential-compute")] = { id: "confidential-compute", status: "not-enforced", how: "-", resources: [], reason: "none here" };
    const report = buildControlsReport({ zone: "z", stack: "z-t", target: { id: "aws", name: "t", description: "d" }, units: [{ name: "a", tiers: ["residency"] }, { name: "b", tiers: ["residency", "data-protection", "confidential"] }], results: a });
    expect(report.tiers.residency.units).toEqual(["a", "b"]);
    expect(report.tiers.confidential).toEqual({ enforced: [], notEnforced: [{ id: "confidential-compute", status: "not-enforced", reason: "none here" }], units: ["b"] });
    expect(report.tiers.baseline.units).toEqual(["a", "b"]);
  });
});

describe("LandingZone construct", () => {
  test("sits in its own stack named after the zone: <zone>-<target name>", () => {
    const app = Testing.app();
    const stack = new TargetStack(app, "zone", { target: aws });
    new LandingZone(stack, "zone", { spec: zoneWith() });
    expect(stack.node.id).toBe("zone-aws");
    expect(stack.tags).toMatchObject({ "landing-zone": "zone", owner: "platform" });
  });

  test("refuses a stack named otherwise", () => {
    const stack = new TargetStack(Testing.app(), "apps", { target: aws });
    expect(() => new LandingZone(stack, "zone", { spec: zoneWith() })).toThrow(PolderError);
  });

  test("validates plain spec data", () => {
    const stack = new TargetStack(Testing.app(), "zone", { target: aws });
    expect(() => new LandingZone(stack, "zone", { spec: zoneWith({ owner: "Bad Owner" }) })).toThrow(SpecValidationError);
  });

  test("a target without landing zones yet says so", () => {
    const fake = { ...aws, id: "elsewhere" as never, name: "elsewhere" };
    const stack = new TargetStack(Testing.app(), "zone", { target: aws });
    Object.defineProperty(stack, "target", { value: fake });
    expect(() => new LandingZone(stack, "zone", { spec: zoneWith() })).toThrow(/landing zones on target 'elsewhere' \(elsewhere\) are planned/);
  });

  test("a custom realizer plugs in, and must answer every control", () => {
    const stack = new TargetStack(Testing.app(), "zone", { target: aws });
    const realizer = { realize: () => ({ controls: answers().slice(2), tenancies: new Map(), logDestination: "" }), placeApp: () => {}, confidentialCompute: () => ({ supported: false as const, reason: "r" }) };
    expect(() => new LandingZone(stack, "zone", { spec: zoneWith(), realizer })).toThrow(/answered 0 times/);
  });
});

describe("hostile zone specs", () => {
  const SEED = 20261203;
  test("anything at all is refused with a SpecValidationError, never another exception", () => {
    fc.assert(
      fc.property(fc.anything(), (data) => {
        try {
          parseLandingZoneSpec(data);
        } catch (e) {
          if (!(e instanceof SpecValidationError)) throw e;
          for (const i of e.issues) expect(i.path.length).toBeGreaterThan(0);
          return;
        }
        throw new Error(`accepted ${JSON.stringify(data)}`);
      }),
      { seed: SEED, numRuns: 200 },
    );
  });

  test("one field replaced by a random value: refused at that field, or accepted only when valid", () => {
    const base = zoneWith({ tenancies: { app: { unit: "apps" } }, hubNetwork: { cidr: "10.250.0.0/16" }, audit: { retentionDays: 400 }, tags: { required: [] } }) as unknown as Record<string, unknown>;
    const fields = Object.keys(base);
    fc.assert(
      fc.property(fc.constantFrom(...fields), fc.anything(), (field, value) => {
        try {
          parseLandingZoneSpec({ ...base, [field]: value });
        } catch (e) {
          if (!(e instanceof SpecValidationError)) throw e;
          const named = e.issues.some((i) => i.path === field || i.path.startsWith(`${field}.`) || i.path.startsWith(`${field}[`) || i.path === "units" || i.path.startsWith("tenancies") || i.path.startsWith("identity"));
          if (!named) throw new Error(`no issue names ${field}: ${JSON.stringify(e.issues)}`);
        }
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  test("prototype keys are names like any other, never object internals", () => {
    const units = JSON.parse('{"__proto__": {"kind": "workload"}, "quarantine": {"kind": "quarantine"}}');
    expect(() => parseLandingZoneSpec(zoneWith({ units }))).toThrow(SpecValidationError);
  });
});
