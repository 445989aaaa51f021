import { readdirSync } from "node:fs";
import { join, relative } from "node:path";
import { parseArgs } from "node:util";
import { loadAppSpec } from "../app/load";
import { PortableApp } from "../app/portable-app";
import type { ResolvedAppSpec } from "../app/spec";
import { PlacementError, PolderError } from "../core/errors";
import type { Target } from "../core/target";
import { TargetStack } from "../core/target-stack";
import type { StateBackend } from "../core/state-backend";
import { evaluatePlacement } from "../policy/placement";
import { synthesizeSafely } from "./safe-synth";

export interface SynthPlanEntry {
  readonly spec: ResolvedAppSpec;
  readonly target: Target;
  readonly stackId: string;
}
export interface LeftOut {
  readonly app: string;
  readonly target: string;
  readonly rule: string;
  readonly reason: string;
}

/**
 * Which (app, target) pairs to synthesize. Pairs the placement rules refuse are left out with
 * their reason, unless `strict`, when a refusal is an error.
 */
export function planSynth(specs: readonly ResolvedAppSpec[], targets: readonly Target[], strict: boolean): { build: SynthPlanEntry[]; leftOut: LeftOut[] } {
  const build: SynthPlanEntry[] = [];
  const leftOut: LeftOut[] = [];
  for (const spec of specs) {
    for (const target of targets) {
      const verdict = evaluatePlacement(spec, target);
      if (verdict.allowed) build.push({ spec, target, stackId: TargetStack.stackId(spec.name, target) });
      else if (strict) throw new PlacementError(verdict.rule, spec.classification, target.id, verdict.reason);
      else leftOut.push({ app: spec.name, target: target.id, rule: verdict.rule, reason: verdict.reason });
    }
  }
  return { build, leftOut };
}

export interface MainOptions {
  /** Every target the project can synthesize for. */
  readonly targets: readonly Target[];
  /** Folder of example specs used when no `--spec` is given. */
  readonly examplesDir: string;
  /** Remote state per target; local state when absent. */
  readonly backendFor?: (target: Target, stackId: string) => StateBackend | undefined;
}

const USAGE = `usage: polder-synth [--spec FILE ...] [--target ID ...] [--outdir DIR]
  --spec FILE    an app spec (YAML or JSON); repeatable. Default: every spec in the examples folder,
                 on every target its classification allows (refused pairs are listed, not errors).
                 With --spec, a refused placement is an error.
  --target ID    only this target id; repeatable. Default: every configured target.
  --outdir DIR   default: $CDKTF_OUTDIR or cdktf.out`;

/** The synth command: parses arguments, synthesizes, reports; returns the exit code. */
export function runMain(argv: readonly string[], options: MainOptions, out: Pick<Console, "log" | "error"> = console): number {
  try {
    const { values } = parseArgs({
      args: [...argv],
      options: { spec: { type: "string", multiple: true }, target: { type: "string", multiple: true }, outdir: { type: "string" }, help: { type: "boolean" } },
      strict: true,
    });
    if (values.help) {
      out.log(USAGE);
      return 0;
    }
    const known = options.targets.map((t) => t.id);
    const unknown = (values.target ?? []).filter((t) => !known.includes(t as Target["id"]));
    if (unknown.length) throw new PolderError(`--target ${unknown.join(", ")}: not a configured target; configured are ${known.join(", ")}`);
    const targets = values.target ? options.targets.filter((t) => values.target!.includes(t.id)) : options.targets;
    const explicit = values.spec !== undefined;
    const files = explicit
      ? values.spec!
      : readdirSync(options.examplesDir)
          .filter((f) => /\.(ya?ml|json)$/.test(f))
          .sort()
          .map((f) => join(options.examplesDir, f));
    const specs = files.map((f) => loadAppSpec(f));
    const plan = planSynth(specs, targets, explicit);

    const { outdir } = synthesizeSafely(
      (app) => {
        for (const entry of plan.build) {
          const stack = new TargetStack(app, entry.spec.name, { target: entry.target, backend: options.backendFor?.(entry.target, entry.stackId) });
          new PortableApp(stack, entry.spec.name, { spec: entry.spec });
        }
      },
      { outdir: values.outdir },
    );
    out.log(`synthesized ${plan.build.length} stack(s) into ${relative(process.cwd(), outdir) || "."}:`);
    for (const e of plan.build) out.log(`  ${e.stackId}  (${e.spec.classification} on ${e.target.description})`);
    if (plan.leftOut.length) {
      out.log(`left out ${plan.leftOut.length} pair(s) the placement rules refuse:`);
      for (const l of plan.leftOut) out.log(`  ${l.app} on ${l.target}: rule ${l.rule}: ${l.reason}`);
    }
    return 0;
  } catch (e) {
    if (e instanceof PolderError || (e as { code?: string }).code?.startsWith("ERR_PARSE_ARGS")) {
      out.error(`error: ${(e as Error).message}`);
      if (!(e instanceof PolderError)) out.error(USAGE);
      return 1;
    }
    out.error(e instanceof Error ? (e.stack ?? e.message) : String(e));
    return 2;
  }
}
