// Exposure follows classification, on every target (#16 item 8): from stg-confidentieel up a public
// endpoint serves named networks only; departementaal-vertrouwelijk reaches the internet only with a decision.
import { describe, expect, test } from "vitest";
import type { AppSpec } from "../lib/app/spec";
import { parseAppSpec } from "../lib/app/spec";
import { PlacementError } from "../lib/core/errors";
import type { Target } from "../lib/core/target";
import { evaluatePlacement } from "../lib/policy/placement";
import { targets } from "../lib/targets";
import { projectTargets } from "../stacks/targets";
import { ALL_SERVICES, sovereignTarget } from "./support/sovereign";
import { resourcesOf, synthApp } from "./support/synth";

// Every project target, an AWS European Sovereign Cloud target and a sovereign cloud accredited
// for the highest level: the rule reads the spec only, so it must hold on each of them.
const EVERY_TARGET: readonly Target[] = [
  ...projectTargets({}),
  targets.aws({ region: "eusc-de-east-1", partition: "aws-eusc", name: "aws-eusc" }),
  sovereignTarget({ services: ALL_SERVICES, accreditedUpTo: "stg-zeer-geheim", name: "top" }),
];
const each = EVERY_TARGET.map((t) => [t.name, t] as const);

function app(classification: string, allowedCidrs?: string[], decision?: string): AppSpec {
  return {
    name: "portal",
    owner: "team-portal",
    classification,
    ...(decision ? { decision } : {}),
    components: {
      web: { kind: "vm-group", bootstrap: "#!/bin/sh\nexec /opt/app/serve" },
      portal: { kind: "public-endpoint", domain: "portal.example.nl", backend: "web", ...(allowedCidrs ? { allowedCidrs } : {}) },
    },
  };
}
const verdict = (spec: AppSpec, target: Target) => evaluatePlacement(parseAppSpec(spec), target);

describe.each(each)("exposure rule on %s", (_name, target) => {
  test.each(["stg-confidentieel", "stg-geheim", "stg-zeer-geheim"])("%s with a public endpoint open to the internet (the default) is refused by stg-exposure", (level) => {
    const v = verdict(app(level), target);
    expect(v).toMatchObject({ allowed: false, rule: "stg-exposure" });
    expect(v.reason).toContain("components.portal.allowedCidrs (0.0.0.0/0, the default)");
  });

  test("stg-geheim may not name a range as wide as a public /8, even with a decision", () => {
    expect(verdict(app("stg-geheim", ["145.0.0.0/8"], "MinDef 2026-1"), target)).toMatchObject({ allowed: false, rule: "stg-exposure" });
  });

  test("stg-geheim limited to named networks is judged by the placement rules alone", () => {
    const v = verdict(app("stg-geheim", ["10.8.0.0/16", "145.21.0.0/16"]), target);
    expect(v.rule).not.toBe("stg-exposure");
    expect(v.allowed).toBe(!target.sovereignty.publicCloud && target.sovereignty.accreditedUpTo !== undefined);
  });

  test("departementaal-vertrouwelijk open to the internet without a decision is refused by dv-exposure", () => {
    expect(verdict(app("departementaal-vertrouwelijk"), target)).toMatchObject({ allowed: false, rule: "dv-exposure" });
  });

  test("departementaal-vertrouwelijk open to the internet with a decision passes the exposure rule", () => {
    expect(verdict(app("departementaal-vertrouwelijk", undefined, "BZK 2026-0042"), target).rule).not.toMatch(/exposure/);
  });

  test("departementaal-vertrouwelijk for named networks needs no decision for its exposure", () => {
    expect(verdict(app("departementaal-vertrouwelijk", ["192.168.10.0/24"]), target).rule).not.toMatch(/exposure/);
  });

  test.each(["openbaar", "intern"])("%s may be open to the internet", (level) => {
    expect(verdict(app(level), target).rule).not.toMatch(/exposure/);
  });
});

describe("exposure rule when an app is built", () => {
  const sovereign = EVERY_TARGET.find((t) => t.name === "sovereign")!;

  test("PortableApp refuses an stg-geheim endpoint open to the internet, naming the rule", () => {
    expect(() => synthApp(app("stg-geheim"), sovereign)).toThrow(PlacementError);
    expect(() => synthApp(app("stg-geheim"), sovereign)).toThrow(/rule 'stg-exposure'/);
  });

  test("an stg-geheim endpoint for named networks lets only those networks reach its listeners", () => {
    const { json } = synthApp(app("stg-geheim", ["10.8.0.0/16"]), sovereign);
    const listeners = resourcesOf(json, "openstack_lb_listener_v2").map(([, l]) => l.allowed_cidrs);
    expect(listeners).toEqual([["10.8.0.0/16"], ["10.8.0.0/16"]]);
  });
});
