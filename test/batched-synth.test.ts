// A share of many stacks is synthesized as several cdktf Apps in turn (memory stays bounded for a
// thousand-app fleet): the output must be the bytes one App writes, manifest included, and the
// tokens of a written App must be forgotten.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { loadAppSpec } from "../lib/app/load";
import { PortableApp } from "../lib/app/portable-app";
import { synthesizeShare } from "../lib/cli/parallel-synth";
import { planSynth } from "../lib/cli/main";
import type { App } from "../lib/core/cdktf";
import { TargetStack } from "../lib/core/target-stack";
import { projectTargets } from "../stacks/targets";
import { outputTree } from "./support/output-tree";

const examples = ["intake.yaml", "logistics.yaml", "planning.yaml"].map((f) => loadAppSpec(join(__dirname, "..", "examples", f)));
const { build: entries } = planSynth(examples, projectTargets({}), false);

function build(app: App, list: readonly (typeof entries)[number][]): void {
  for (const e of list) new PortableApp(new TargetStack(app, e.spec.name, { target: e.target }), e.spec.name, { spec: e.spec });
}

describe("a share synthesized as several Apps", () => {
  test("writes the bytes of one App", () => {
    // intake and logistics on aws, sovereign and azure; planning (stg-geheim) on sovereign only.
    expect(entries.length).toBe(7);
    const base = mkdtempSync(join(tmpdir(), "polder-batched-"));
    synthesizeShare(join(base, "one"), entries, build, 100);
    synthesizeShare(join(base, "batched"), entries, build, 2);
    const one = outputTree(join(base, "one"));
    expect(Object.keys(one).filter((f) => f.endsWith("cdk.tf.json"))).toHaveLength(7);
    expect(outputTree(join(base, "batched"))).toEqual(one);
  });

  test("forgets the tokens of each App once it is written", () => {
    const registry = (globalThis as { __cdktfTokenMap?: { stringTokenMap: Map<string, unknown> } }).__cdktfTokenMap!;
    const base = mkdtempSync(join(tmpdir(), "polder-batched-tokens-"));
    synthesizeShare(join(base, "warm"), entries.slice(0, 1), build, 1);
    const before = registry.stringTokenMap.size;
    synthesizeShare(join(base, "batched"), entries, build, 1);
    expect(registry.stringTokenMap.size).toBe(before);
  });
});
