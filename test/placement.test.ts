import { describe, expect, test } from "vitest";
import type { SovereigntyProfile } from "../lib/core/target";
import { CLASSIFICATION_LEVELS, type Classification, isAtLeast, parseClassification } from "../lib/policy/classification";
import { evaluatePlacement } from "../lib/policy/placement";
import { targets } from "../lib/targets";

const aws = targets.aws({ region: "eu-central-1" });

function sovereignLike(accreditedUpTo?: Classification, euResident = true) {
  const sovereignty: SovereigntyProfile = { operatorJurisdiction: "NL", publicCloud: false, euResident, keyCustody: ["hsm"], accreditedUpTo };
  return { id: "sovereign" as const, region: "nl-1", description: "sovereign (test)", sovereignty };
}

describe("classification", () => {
  test("levels are ordered from openbaar to stg-zeer-geheim", () => {
    expect(isAtLeast("stg-geheim", "stg-confidentieel")).toBe(true);
    expect(isAtLeast("intern", "departementaal-vertrouwelijk")).toBe(false);
    expect(CLASSIFICATION_LEVELS[0]).toBe("openbaar");
  });

  test("aliases map to Dutch levels, unknown words to nothing", () => {
    expect(parseClassification("NATO-CONFIDENTIAL")).toBe("stg-confidentieel");
    expect(parseClassification("geheim")).toBeUndefined();
  });
});

describe("placement rules", () => {
  test.each(["openbaar", "intern"] as const)("%s may run on AWS in an EU region", (level) => {
    expect(evaluatePlacement({ classification: level }, aws)).toMatchObject({ allowed: true, rule: "eu-default" });
  });

  test("every level is refused outside the EU", () => {
    const london = targets.aws({ region: "eu-west-2" });
    const v = evaluatePlacement({ classification: "openbaar" }, london);
    expect(v).toMatchObject({ allowed: false, rule: "eu-residency" });
    expect(v.reason).toContain("eu-west-2");
  });

  test("departementaal-vertrouwelijk on a public cloud without HSM key custody is refused, decision or not", () => {
    const softwareKeysOnly = { ...aws, description: "public cloud with software keys (test)", sovereignty: { ...aws.sovereignty, keyCustody: ["provider-managed", "customer-managed"] as const } };
    const v = evaluatePlacement({ classification: "departementaal-vertrouwelijk", decision: "BZK-2026-0042" }, softwareKeysOnly);
    expect(v).toMatchObject({ allowed: false, rule: "dv-hsm-keys" });
    expect(v.reason).toContain("provider-managed, customer-managed");
  });

  test("departementaal-vertrouwelijk on a hyperscaler needs a decision", () => {
    const v = evaluatePlacement({ classification: "departementaal-vertrouwelijk" }, aws);
    expect(v).toMatchObject({ allowed: false, rule: "dv-decision" });
  });

  test("departementaal-vertrouwelijk on a hyperscaler is allowed with a decision, which is recorded", () => {
    const v = evaluatePlacement({ classification: "departementaal-vertrouwelijk", decision: "BZK 2026-1" }, aws);
    expect(v.allowed).toBe(true);
    expect(v.reason).toContain("BZK 2026-1");
  });

  test.each(["stg-confidentieel", "stg-geheim", "stg-zeer-geheim"] as const)("%s is never placed on a hyperscaler, even with a decision", (level) => {
    const v = evaluatePlacement({ classification: level, decision: "anything" }, targets.aws({ region: "eusc-de-east-1", partition: "aws-eusc" }));
    expect(v).toMatchObject({ allowed: false, rule: "stg-sovereign-only" });
  });

  test("stg-geheim on a sovereign target needs accreditation for that level", () => {
    expect(evaluatePlacement({ classification: "stg-geheim" }, sovereignLike("stg-confidentieel"))).toMatchObject({ allowed: false, rule: "accreditation" });
    expect(evaluatePlacement({ classification: "stg-geheim" }, sovereignLike("stg-geheim")).allowed).toBe(true);
  });

  test("departementaal-vertrouwelijk needs no decision on the sovereign target", () => {
    expect(evaluatePlacement({ classification: "departementaal-vertrouwelijk" }, sovereignLike()).allowed).toBe(true);
  });
});
