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
import { evaluatePlacement } from "../policy/placement";
import { buildZoneStacks, planZoneStacks, readZoneFolder, type ZoneStackPlan, zoneMissing } from "../landing-zone/synth";
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
      else if (strict) throw new PlacementError(verdict.rule, spec.classification, target.name, verdict.reason);
      else leftOut.push({ app: spec.name, target: target.name, rule: verdict.rule, reason: verdict.reason });
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
  /**
   * Folder of landing-zone specs, synthesized with the examples, and of the apps placed in them (`apps/`).
   * @default none
   */
  readonly landingZonesDir?: string;
}

const USAGE = `usage: polder-synth [--spec FILE ...] [--target ID ...] [--outdir DIR] [--jobs N]
  --spec FILE    an app spec (YAML or JSON); repeatable. Default: every spec in the examples folder,
                 on every target its classification allows (refused pairs are listed, not errors).
                 With --spec, a refused placement is an error.
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
  /** Landing-zone stacks, built before the apps (which read them by cross-stack reference). */
  readonly zones: readonly ZoneStackPlan[];
  /** Zones on targets that have no landing zones yet. */
  readonly zonesLeftOut: readonly { zone: string; target: string; reason: string }[];
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
  // Landing zones come with the examples only; their apps are planned like every example.
  const zoneFolder = !explicit && options.landingZonesDir ? readZoneFolder(options.landingZonesDir) : { zones: [], appFiles: [] };
  files.push(...zoneFolder.appFiles);
  const specs = files.map((f) => loadAppSpec(f));
  const fileOf = new Map(specs.map((s, i) => [s, files[i]] as const));
  const zones = planZoneStacks(zoneFolder.zones, targets);
  const { build, leftOut } = planSynth(specs, targets, explicit);
  const placed = build.filter((e) => {
    const missing = zoneMissing(e.spec, e.target, zones.build);
    if (missing) leftOut.push({ app: e.spec.name, target: e.target.name, rule: "landing-zone", reason: missing });
    return !missing;
  });
  return { plan: { build: placed, leftOut }, fileOf, outdir: values.outdir, jobs, zones: zones.build, zonesLeftOut: zones.leftOut };
}

/** Adds a TargetStack with a PortableApp to `app` for every entry, after the landing-zone stacks. */
function buildStacks(app: App, entries: readonly { spec: ResolvedAppSpec; target: Target }[], options: MainOptions, zones: readonly ZoneStackPlan[] = []): void {
  disableTokenTraces();
  buildZoneStacks(app, zones, options.backendFor);
  for (const entry of entries) {
    const stackId = TargetStack.stackId(entry.spec.name, entry.target);
    const stack = new TargetStack(app, entry.spec.name, { target: entry.target, backend: options.backendFor?.(entry.target, stackId) });
    new PortableApp(stack, entry.spec.name, { spec: entry.spec });
  }
}

/** Synthesizes every planned stack in this process, atomically; returns the output directory. */
function synthesizeHere(prepared: Prepared, options: MainOptions): string {
  return synthesizeSafely((app) => buildStacks(app, prepared.plan.build, options, prepared.zones), { outdir: prepared.outdir }).outdir;
}

function report(prepared: Prepared, outdir: string, out: Out, workers = 1): void {
  const { plan } = prepared;
  const how = workers > 1 ? ` in ${workers} processes` : "";
  out.log(`synthesized ${plan.build.length + prepared.zones.length} stack(s) into ${relative(process.cwd(), outdir) || "."}${how}:`);
  for (const z of prepared.zones) out.log(`  ${z.stackId}  (landing zone on ${z.target.description})`);
  for (const e of plan.build) out.log(`  ${e.stackId}  (${e.spec.classification} on ${e.target.description})`);
  for (const z of prepared.zonesLeftOut) out.log(`left out landing zone ${z.zone} on ${z.target}: ${z.reason}`);
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
    // A zone and the apps in it must share one cdktf App (cross-stack references): one process.
    const workers = prepared.zones.length ? 1 : workerCount(build.length, prepared.jobs);
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
      outdir = (await synthesizeSafelyAsync((staging) => synthesizeInShares(staging, pairs, workers, here), { outdir: prepared.outdir })).outdir;
    }
    report(prepared, outdir, out, workers);
    return 0;
  } catch (e) {
    return fail(e, out);
  }
}
