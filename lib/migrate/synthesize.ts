// Runbooks and exit manifests are built from synthesized stacks, never from a cloud API: this
// synthesizes the stacks they need, in this process, into a temporary folder it then removes.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PortableApp } from "../app/portable-app";
import type { ResolvedAppSpec } from "../app/spec";
import { App } from "../core/cdktf";
import type { Target } from "../core/target";
import { TargetStack } from "../core/target-stack";
import { readStackJson } from "../report/write";
import type { StackJson } from "../report/stack-json";

/** One synthesized stack. */
export interface SynthesizedStack {
  readonly stackId: string;
  readonly target: Target;
  readonly json: StackJson;
}

/**
 * Synthesizes `spec` on each target (placement and capabilities are checked as in any synth:
 * a refusal throws the synth's own error) and returns each stack's JSON.
 */
export function synthesizeStacks(spec: ResolvedAppSpec, targets: readonly Target[]): SynthesizedStack[] {
  const dir = mkdtempSync(join(tmpdir(), "polder-migrate-"));
  try {
    const app = new App({ outdir: dir, stackTraces: false });
    const stacks = targets.map((target) => {
      // The stacks of one app on several targets share nothing.
      const stack = new TargetStack(app, spec.name, { target, standalone: !spec.landingZone });
      new PortableApp(stack, spec.name, { spec });
      return { stackId: stack.node.id, target };
    });
    app.synth();
    return stacks.map((s) => ({ ...s, json: readStackJson(dir, s.stackId) }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
