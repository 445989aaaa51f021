// The class checks of issue #9 over every example on every project target. Each check is a
// target-blind function (checks.ts) over what the target's adapter (targets/<id>.ts) reads out
// of the synthesized JSON; a project target without an adapter fails the coverage test.
import { describe, expect, test } from "vitest";
import { dataAccessProblems, egressProblems, flowProblems, keyUseProblems, reachProblems } from "./checks";
import { ADAPTERS, exampleStacks } from "./stacks";
import { projectTargets } from "../../stacks/targets";
import { isAtLeast } from "../../lib/policy/classification";

const stacks = exampleStacks().map((s) => [s.label, s] as const);

test("every project target has a deployability adapter", () => {
  expect(projectTargets({}).filter((t) => !ADAPTERS[t.id]).map((t) => t.id)).toEqual([]);
});

describe.each(stacks)("%s", (_label, s) => {
  const a = ADAPTERS[s.target.id];
  test("Key use: every principal using a key may use it", () => {
    expect(keyUseProblems(a, s)).toEqual([]);
  });
  test("Flows: every required flow is open end to end, nothing else is open", () => {
    expect(flowProblems(a, s, adminRanges(s.target))).toEqual([]);
  });
  test("Flows: workloads may use the app's data components", () => {
    expect(dataAccessProblems(a, s)).toEqual([]);
  });
  test("Egress: departementaal-vertrouwelijk and above have no route to the internet, only named destinations", () => {
    if (!isAtLeast(s.spec.classification, "departementaal-vertrouwelijk")) return;
    expect(egressProblems(a, s, egressDestinations(s.target))).toEqual([]);
  });
  test("Reachable secrets and admin paths: every secret_ref and admin interface has a reader", () => {
    expect(reachProblems(a, s)).toEqual([]);
  });
  test("Per-target rendering: record values follow the target's rules", () => {
    expect(a.renderingProblems(s)).toEqual([]);
  });
});

function adminRanges(t: unknown): string[] {
  return [...((t as { adminAccess?: { cidrs?: string[] } }).adminAccess?.cidrs ?? []), ...((t as { adminCidrs?: string[] }).adminCidrs ?? [])];
}
/** What the target names as egress destinations, and the metadata service every cloud's machines need. */
function egressDestinations(t: unknown): string[] {
  return ["169.254.169.254/32", ...((t as { egress?: { cidrs: string[] } }).egress?.cidrs ?? [])];
}
