import { describe, expect, test } from "vitest";
import { PlacementError } from "../lib/core/errors";
import { evaluatePlacement } from "../lib/policy/placement";
import { targets } from "../lib/targets";
import { specWith, synthApp } from "./support/synth";

const westeurope = targets.azure({ location: "westeurope" });
const mhsm = targets.azure({ location: "westeurope", keyCustody: "managed-hsm", managedHsmId: "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/kms/providers/Microsoft.KeyVault/managedHSMs/polder-hsm" });
const bucket = { data: { kind: "bucket" as const } };

describe("placement on Azure", () => {
  test("intern is allowed in an EU location", () => {
    expect(evaluatePlacement({ classification: "intern" }, westeurope)).toMatchObject({ allowed: true, rule: "eu-default" });
    expect(() => synthApp(specWith(bucket), westeurope)).not.toThrow();
  });

  test("departementaal-vertrouwelijk is refused without a decision", () => {
    expect(evaluatePlacement({ classification: "departementaal-vertrouwelijk" }, westeurope)).toMatchObject({ allowed: false, rule: "dv-decision" });
    expect(() => synthApp(specWith(bucket, { classification: "departementaal-vertrouwelijk" }), westeurope)).toThrow(PlacementError);
  });

  test("departementaal-vertrouwelijk is allowed with a decision, the keys being in an HSM (Key Vault Premium or Managed HSM)", () => {
    for (const t of [westeurope, mhsm]) expect(evaluatePlacement({ classification: "departementaal-vertrouwelijk", decision: "BZK 2026-0042" }, t)).toMatchObject({ allowed: true, rule: "dv-decision" });
    expect(() => synthApp(specWith(bucket, { classification: "departementaal-vertrouwelijk", decision: "BZK 2026-0042" }), westeurope)).not.toThrow();
  });

  test.each(["stg-confidentieel", "stg-geheim", "stg-zeer-geheim"] as const)("%s is refused, even with a decision", (level) => {
    expect(evaluatePlacement({ classification: level, decision: "BZK 2026-0042" }, westeurope)).toMatchObject({ allowed: false, rule: "stg-sovereign-only" });
  });

  test.each(["uksouth", "switzerlandnorth", "norwayeast"])("a location outside the EU (%s) is refused for every level", (location) => {
    const t = targets.azure({ location });
    expect(evaluatePlacement({ classification: "openbaar" }, t)).toMatchObject({ allowed: false, rule: "eu-residency" });
    expect(() => synthApp(specWith(bucket, { classification: "openbaar" }), t)).toThrow(/eu-residency/);
  });

  test("a non-public Azure environment is refused by residency", () => {
    expect(evaluatePlacement({ classification: "intern" }, targets.azure({ location: "westeurope", environment: "usgovernment" }))).toMatchObject({ allowed: false, rule: "eu-residency" });
  });
});
