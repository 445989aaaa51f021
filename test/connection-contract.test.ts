// One contract on every target: the same spec gives the same `<component>_connection` outputs,
// with the same fields, on every project target its classification allows. Iterates
// projectTargets(), so targets added later are covered without touching this file.
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { loadAppSpec } from "../lib/app/load";
import type { ResolvedAppSpec } from "../lib/app/spec";
import { evaluatePlacement } from "../lib/policy/placement";
import { projectTargets } from "../stacks/targets";
import { ledger } from "../examples/typescript/ledger";
import { parseAppSpec } from "../lib/app/spec";
import { synthApp } from "./support/synth";

const TARGETS = projectTargets({});
const FIELDS = ["host", "kind", "name", "port", "secret_ref", "strategy", "url"];
const dir = join(__dirname, "..", "examples");
const specs: [string, ResolvedAppSpec][] = [
  ...readdirSync(dir)
    .filter((f) => /\.(ya?ml|json)$/.test(f))
    .sort()
    .map((f) => [f, loadAppSpec(join(dir, f))] as [string, ResolvedAppSpec]),
  ["typescript/ledger.ts", parseAppSpec(ledger)],
];

/** Every `<component>_connection` output: its name, its field names and its kind. */
function connections(spec: ResolvedAppSpec, target: (typeof TARGETS)[number]): Record<string, { fields: string[]; kind: string }> {
  const { json } = synthApp(spec, target);
  return Object.fromEntries(
    Object.entries(json.output ?? {})
      .filter(([name]) => name.endsWith("_connection"))
      .map(([name, o]) => [name, { fields: Object.keys(o.value).sort(), kind: o.value.kind }]),
  );
}

test("there are at least three project targets to compare", () => {
  expect(new Set(TARGETS.map((t) => t.id)).size).toBeGreaterThanOrEqual(3);
});

describe.each(specs)("%s", (_file, spec) => {
  const allowed = TARGETS.filter((t) => evaluatePlacement(spec, t).allowed);
  const expected = Object.fromEntries(spec.components.map((c) => [`${c.name}_connection`, { fields: FIELDS, kind: c.kind }]));

  test.each(allowed.map((t) => [t.name, t] as const))("on %s: one connection output per component, with every field", (_name, target) => {
    expect(connections(spec, target)).toEqual(expected);
  });
});
