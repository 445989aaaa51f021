import { join } from "node:path";
import { expect, test } from "vitest";
import { loadAppSpec } from "../lib/app/load";
import type { AppSpec } from "../lib/app/spec";
import { PlacementError } from "../lib/core/errors";
import { sovereignTarget, synthSovereign } from "./support/sovereign";

const planning = loadAppSpec(join(__dirname, "..", "examples", "planning.yaml")) as unknown as AppSpec;

test("the stg-geheim example is stg-geheim", () => {
  expect(planning.classification).toBe("stg-geheim");
});
test("the stg-geheim example synthesizes on a sovereign target accredited for it", () => {
  const { json } = synthSovereign(planning, sovereignTarget({ services: { keyManager: true }, accreditedUpTo: "stg-geheim" }));
  expect(Object.keys(json.output!)).toContain("plans-db_connection");
});
test("it synthesizes on a target accredited higher", () => {
  expect(() => synthSovereign(planning, sovereignTarget({ services: { keyManager: true }, accreditedUpTo: "stg-zeer-geheim" }))).not.toThrow();
});
test("it is refused on an unaccredited sovereign target", () => {
  expect(() => synthSovereign(planning, sovereignTarget({ services: { keyManager: true } }))).toThrow(PlacementError);
});
test("it is refused on a target accredited only for a lower level, naming both levels", () => {
  expect(() => synthSovereign(planning, sovereignTarget({ services: { keyManager: true }, accreditedUpTo: "stg-confidentieel" }))).toThrow(
    /accredited up to 'stg-confidentieel', not 'stg-geheim'/,
  );
});
