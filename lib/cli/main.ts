import { readdirSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join, relative } from "node:path";
import { parseArgs } from "node:util";
import { loadAppSpec } from "../app/load";
import { PortableApp } from "../app/portable-app";
import type { ResolvedAppSpec } from "../app/spec";
import { PlacementError, PolderError } from "../core/errors";
import type { Target } from "../core/target";
import { TargetStack } from "../core/target-stack";
import type { StateBackend } from "../core/state-backend";
import { assertUniqueNames } from "../core/unique-names";
import { evaluatePlacement } from "../policy/placement";
import { writeSovereigntyReports } from "../report/write";
import type { App } from "../core/cdktf";
import { runWorker, synthesizeInShares, synthesizeShare, WORKER_ENV, workerCount } from "./parallel-synth";
import { synthesizeSafely, synthesizeSafelyAsync } from "./safe-synth";
import { disableTokenTraces } from "./token-traces";

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

/** When a refused placement is an error instead of a pair left out. */
export interface PlanRules {
  /** Names of the targets the user named: a refusal there is an error. @default none */
  readonly strictTargets?: readonly string[];
  /** Every spec must be placed on at least one target; one refused everywhere is an error listing each refusal. @default false */
  readonly placeEverySpec?: boolean;
}

/**
 * Which (app, target) pairs to synthesize. Pairs the placement rules refuse are left out with
 * their reason, unless `rules` makes the refusal an error (`true`: every refusal).
 */
export function planSynth(specs: readonly ResolvedAppSpec[], targets: readonly Target[], rules: boolean | PlanRules): { build: SynthPlanEntry[]; leftOut: LeftOut[] } {
  const strictOn = (t: Target) => rules === true || (typeof rules === "object" && (rules.strictTargets ?? []).includes(t.name));
  const build: SynthPlanEntry[] = [];
  const leftOut: LeftOut[] = [];
  for (const spec of specs) {
    const refused: LeftOut[] = [];
    for (const target of targets) {
      const verdict = evaluatePlacement(spec, target);
      if (verdict.allowed) build.push({ spec, target, stackId: TargetStack.stackId(spec.name, target) });
      else if (strictOn(target)) throw new PlacementError(verdict.rule, spec.classification, target.name, verdict.reason);
      else refused.push({ app: spec.name, target: target.name, rule: verdict.rule, reason: verdict.reason });
    }
    if (typeof rules === "object" && rules.placeEverySpec && refused.length > 0 && refused.length === targets.length) {
      if (refused.length === 1) throw new PlacementError(refused[0].rule, spec.classification, refused[0].target, refused[0].reason);
      throw new PolderError(`app '${spec.name}' (${spec.classification}) may run on none of the targets:\n${refused.map((l) => `  - ${l.target}: rule ${l.rule}: ${l.reason}`).join("\n")}`);
    }
    leftOut.push(...refused);
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

const USAGE = `usage: polder-synth [--spec FILE ...] [--targets FILE] [--target ID ...] [--outdir DIR] [--jobs N]
  --spec FILE    an app spec (YAML or JSON); repeatable. Default: every spec in the examples folder,
                 on every target its classification allows (refused pairs are listed, not errors).
                 With --spec, a spec no target accepts is an error, and so is a refusal on a
                 target named with --target.
  --targets FILE the targets to synthesize for, from a targets file (YAML/JSON; stacks/main.ts
                 reads it). Default: $POLDER_TARGETS, else targets.yaml in the project root when
                 present, else the project's built-in targets (stacks/targets.ts).
  --target NAME  only this target (its name; the name defaults to the target's id); repeatable.
                 Default: every configured target.
  --outdir DIR   default: $CDKTF_OUTDIR or cdktf.out
  --jobs N       synthesize in up to N processes (default: the number of cores); the output
                 is the same for every N. Few stacks are synthesized in one process.`;

type Out = Pick<Console, "log" | "error">;

interface Prepared {
  readonly plan: { build: SynthPlanEntry[]; leftOut: LeftOut[] };
  /** Spec file of each planned spec. */
  readonly fileOf: ReadonlyMap<ResolvedAppSpec, string>;
  readonly outdir?: string;
  readonly jobs: number;
}

/** Parses the arguments and plans the synth; undefined when only the usage was asked for. */
function prepare(argv: readonly string[], options: MainOptions, out: Out): Prepared | undefined {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      spec: { type: "string", multiple: true },
      target: { type: "string", multiple: true },
      outdir: { type: "string" },
      jobs: { type: "string" },
      help: { type: "boolean" },
    },
    strict: true,
  });
  if (values.help) {
    out.log(USAGE);
    return undefined;
  }
  let jobs = availableParallelism();
  if (values.jobs !== undefined) {
    if (!/^[1-9]\d{0,3}$/.test(values.jobs)) throw new PolderError(`--jobs ${JSON.stringify(values.jobs)}: not allowed: a whole number from 1 to 9999`);
    jobs = Number(values.jobs);
  }
  const known = options.targets.map((t) => t.name);
  const twice = known.filter((n, i) => known.indexOf(n) !== i);
  if (twice.length) throw new PolderError(`targets ${[...new Set(twice)].join(", ")} are configured twice: give each target its own name (stack ids are <app>-<target name>)`);
  const unknown = (values.target ?? []).filter((t) => !known.includes(t));
  if (unknown.length) throw new PolderError(`--target ${unknown.join(", ")}: not a configured target; configured are ${known.join(", ")}`);
  const targets = values.target ? options.targets.filter((t) => values.target!.includes(t.name)) : options.targets;
  const explicit = values.spec !== undefined;
  const files = explicit
    ? values.spec!
    : readdirSync(options.examplesDir)
        .filter((f) => /\.(ya?ml|json)$/.test(f))
        .sort()
        .map((f) => join(options.examplesDir, f));
  const specs = files.map((f) => loadAppSpec(f));
  const fileOf = new Map(specs.map((s, i) => [s, files[i]] as const));
  const plan = planSynth(specs, targets, explicit && { strictTargets: values.target ?? [], placeEverySpec: true });
  // Names that must be unique in an account or the world, across every stack of this run.
  assertUniqueNames(plan.build.map((e) => ({ app: e.spec, target: e.target })));
  return { plan, fileOf, outdir: values.outdir, jobs };
}

/** Where the output goes; the sovereignty reports are written beside the stacks before it is committed. */
const safeOptions = (prepared: Prepared) => ({ outdir: prepared.outdir, beforeCommit: (staging: string) => writeSovereigntyReports(staging, prepared.plan) });

/** Adds a TargetStack with a PortableApp to `app` for every entry. */
function buildStacks(app: App, entries: readonly { spec: ResolvedAppSpec; target: Target }[], options: MainOptions): void {
  disableTokenTraces();
  for (const entry of entries) {
    const stackId = TargetStack.stackId(entry.spec.name, entry.target);
    const stack = new TargetStack(app, entry.spec.name, { target: entry.target, backend: options.backendFor?.(entry.target, stackId) });
    new PortableApp(stack, entry.spec.name, { spec: entry.spec });
  }
}

/** Synthesizes every planned stack in this process, atomically; returns the output directory. */
function synthesizeHere(prepared: Prepared, options: MainOptions): string {
  return synthesizeSafely((app) => buildStacks(app, prepared.plan.build, options), safeOptions(prepared)).outdir;
}

function report(prepared: Prepared, outdir: string, out: Out, workers = 1): void {
  const { plan } = prepared;
  const how = workers > 1 ? ` in ${workers} processes` : "";
  out.log(`synthesized ${plan.build.length} stack(s) into ${relative(process.cwd(), outdir) || "."}${how}:`);
  for (const e of plan.build) out.log(`  ${e.stackId}  (${e.spec.classification} on ${e.target.description})`);
  if (plan.leftOut.length) {
    out.log(`left out ${plan.leftOut.length} pair(s) the placement rules refuse:`);
    for (const l of plan.leftOut) out.log(`  ${l.app} on ${l.target}: rule ${l.rule}: ${l.reason}`);
  }
}

function fail(e: unknown, out: Out): number {
  if (e instanceof PolderError || (e as { code?: string }).code?.startsWith("ERR_PARSE_ARGS")) {
    out.error(`error: ${(e as Error).message}`);
    if (!(e instanceof PolderError)) out.error(USAGE);
    return 1;
  }
  out.error(e instanceof Error ? (e.stack ?? e.message) : String(e));
  return 2;
}

/**
 * The synth command in this process: parses arguments, synthesizes, reports; returns the exit
 * code. `--jobs` is accepted and ignored: use `runSynth` for parallel synthesis.
 */
export function runMain(argv: readonly string[], options: MainOptions, out: Out = console): number {
  try {
    const prepared = prepare(argv, options, out);
    if (!prepared) return 0;
    report(prepared, synthesizeHere(prepared, options), out);
    return 0;
  } catch (e) {
    return fail(e, out);
  }
}

/**
 * The synth command as a program runs it (`stacks/main.ts`): like `runMain`, but with more than
 * a few stacks it splits them into `--jobs` shares: this process synthesizes one, worker processes
 * running this same program the others; the output is byte-identical to one process. In a worker
 * (`POLDER_SYNTH_WORKER` set) it synthesizes the worker's share only.
 */
export async function runSynth(argv: readonly string[], options: MainOptions, out: Out = console): Promise<number> {
  const jobFile = process.env[WORKER_ENV];
  if (jobFile) return runWorker(jobFile, options.targets, (app, entries) => buildStacks(app, entries, options));
  try {
    const prepared = prepare(argv, options, out);
    if (!prepared) return 0;
    const { build } = prepared.plan;
    const workers = workerCount(build.length, prepared.jobs);
    let outdir: string;
    if (workers <= 1) {
      outdir = synthesizeHere(prepared, options);
    } else {
      const pairs = build.map((e) => ({ spec: prepared.fileOf.get(e.spec)!, target: options.targets.indexOf(e.target) }));
      const here = (dir: string, indexes: readonly number[]) =>
        synthesizeShare(
          dir,
          indexes.map((i) => build[i]),
          (app, entries) => buildStacks(app, entries, options),
        );
      outdir = (await synthesizeSafelyAsync((staging) => synthesizeInShares(staging, pairs, workers, here), safeOptions(prepared))).outdir;
    }
    report(prepared, outdir, out, workers);
    return 0;
  } catch (e) {
    return fail(e, out);
  }
}
