import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join, relative } from "node:path";
import { parseArgs } from "node:util";
import { PortableApp } from "../app/portable-app";
import type { ResolvedAppSpec } from "../app/spec";
import { PlacementError, PolderError } from "../core/errors";
import type { Target } from "../core/target";
import { TargetStack } from "../core/target-stack";
import type { StateBackend } from "../core/state-backend";
import { assertUniqueNames, namesDigest } from "../core/unique-names";
import { evaluatePlacement } from "../policy/placement";
import { previousFleetSummary, type ReportPlan, SOVEREIGNTY_REPORT_FILE, SOVEREIGNTY_REPORT_MARKDOWN, writeSovereigntyReports } from "../report/write";
import { zoneControlsForUnit } from "../report/zone-controls";
import { CONTROLS_FILE, type LandingZoneControlsReport } from "../landing-zone/controls";
import { buildZoneStacks, planZoneStacks, readZoneFolder, type ZoneStackPlan, zoneMissing, zoneRefusal } from "../landing-zone/synth";
import type { App } from "../core/cdktf";
import { buildFingerprint } from "./build-fingerprint";
import { CHANGES_FILE, type ChangeList, type OutputPlan, type PlannedStack, planOutput, type Selection } from "./incremental";
import { assembleOutput, type PreviousOutputFiles, readPreviousOutput, startedByCdktfCli } from "./incremental-output";
import { mergeSynthOutputs, runWorker, synthesizeInShares, synthesizeShare, WORKER_ENV, workerCount } from "./parallel-synth";
import { keepPreviousSummary, summaryInputs, summaryRecord } from "./kept-summary";
import { commitStaging, outputDir, prepareStaging, recoverInterrupted } from "./safe-synth";
import { type CachedSpec, type SpecCache, specCache } from "./spec-cache";
import { runInputs, stackInputsKeys } from "./stack-inputs";
import { disableTokenTraces } from "./token-traces";
import { closeGroups, type ZoneGroup, zoneGroups, zoneKeyInputs } from "./zone-groups";

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
  /**
   * Stands for Polder's own code and dependencies in every stack's inputs: a different value
   * rebuilds every stack; undefined builds every stack, always.
   * @default buildFingerprint(): the running bundle and package-lock.json; undefined outside a bundle
   */
  readonly buildFingerprint?: () => string | undefined;
  /**
   * Folder of landing-zone specs, synthesized with the examples, and of the apps placed in them (`apps/`).
   * @default none
   */
  readonly landingZonesDir?: string;
}

const USAGE = `usage: polder-synth [--spec FILE ...] [--targets FILE] [--target NAME ...] [--outdir DIR] [--jobs N] [--full]
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
                 is the same for every N. Few stacks are synthesized in one process.
  --full         build every selected stack, even those whose inputs did not change since the
                 previous synth into the same folder (by default they are kept: same bytes).
Writes DIR/${CHANGES_FILE}: the stacks added, changed, unchanged and removed. With --spec or
--target, the stacks outside that selection stay in DIR as they were.`;

type Out = Pick<Console, "log" | "error">;

interface Prepared {
  readonly plan: { build: SynthPlanEntry[]; leftOut: LeftOut[] };
  /** Spec file of each planned spec. */
  readonly fileOf: ReadonlyMap<ResolvedAppSpec, string>;
  readonly outdir?: string;
  readonly jobs: number;
  /** `--full`: no stack is reused. */
  readonly full: boolean;
  /** What the run looks at; stacks of the previous output outside it are kept. */
  readonly selection: Selection;
  /** The output folder's previous content. */
  readonly previous: PreviousOutputFiles;
  /** `buildFingerprint()` of this run. */
  readonly fingerprint: string | undefined;
  readonly specs: SpecCache;
  /** Landing-zone stacks, built before the apps (which read them by cross-stack reference). */
  readonly zones: readonly ZoneStackPlan[];
  /** Each zone with the apps placed in it: built in one cdktf App, kept or rebuilt together. */
  readonly groups: readonly ZoneGroup<SynthPlanEntry>[];
  /** Zones on targets that have no landing zones yet. */
  readonly zonesLeftOut: readonly { zone: string; target: string; reason: string }[];
}

/** Parses the arguments and plans the synth; undefined when only the usage was asked for. */
function prepare(argv: readonly string[], options: MainOptions, out: Out, prefetch = false): Prepared | undefined {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      spec: { type: "string", multiple: true },
      target: { type: "string", multiple: true },
      outdir: { type: "string" },
      jobs: { type: "string" },
      full: { type: "boolean" },
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
  const full = values.full ?? false;
  const outdir = outputDir({ outdir: values.outdir });
  // Before the previous output is read: a killed synth may have moved it aside.
  recoverInterrupted(outdir);
  const previous = readPreviousOutput(outdir, prefetch);
  const fingerprint = (options.buildFingerprint ?? buildFingerprint)();
  const cache = specCache(previous.specs, previous.build, fingerprint, !full, explicit || values.target !== undefined);
  // Landing zones come with the examples only; their apps are planned like every example.
  const zoneFolder = !explicit && options.landingZonesDir ? readZoneFolder(options.landingZonesDir) : { zones: [], appFiles: [] };
  const specs = [...files, ...zoneFolder.appFiles].map((f) => cache.load(f));
  const fileOf = new Map(specs.map((s, i) => [s, [...files, ...zoneFolder.appFiles][i]] as const));
  const zones = planZoneStacks(zoneFolder.zones, targets);
  const planned = planSynth(specs, targets, explicit && { strictTargets: values.target ?? [], placeEverySpec: true });
  const build = planned.build.filter((e) => {
    const missing = zoneMissing(e.spec, e.target, zones.build);
    if (missing) planned.leftOut.push({ app: e.spec.name, target: e.target.name, rule: "landing-zone", reason: missing });
    // The zone's unit may refuse the app there (e.g. confidential machine types the target lacks): left out, like a refused placement.
    const refused = missing ? undefined : zoneRefusal(e.spec, e.target, zones.build);
    if (refused) planned.leftOut.push({ app: e.spec.name, target: e.target.name, ...refused });
    return !missing && !refused;
  });
  const plan = { build, leftOut: planned.leftOut };
  const selection: Selection = { apps: explicit ? new Set(specs.map((s) => s.name)) : undefined, targets: values.target ? new Set(targets.map((t) => t.name)) : undefined };
  return { plan, fileOf, outdir: values.outdir, jobs, full, selection, previous, fingerprint, specs: cache, zones: zones.build, groups: zoneGroups(zones.build, build), zonesLeftOut: zones.leftOut };
}

/** Adds a TargetStack with a PortableApp to `app` for every entry, after the landing-zone stacks. */
function buildStacks(app: App, entries: readonly { spec: ResolvedAppSpec; target: Target }[], options: MainOptions, zones: readonly ZoneStackPlan[] = []): void {
  disableTokenTraces();
  buildZoneStacks(app, zones, options.backendFor);
  for (const entry of entries) {
    const stackId = TargetStack.stackId(entry.spec.name, entry.target);
    // Only a landing zone and the apps placed in it reference across stacks.
    const stack = new TargetStack(app, entry.spec.name, { target: entry.target, backend: options.backendFor?.(entry.target, stackId), standalone: !entry.spec.landingZone });
    new PortableApp(stack, entry.spec.name, { spec: entry.spec });
  }
}

/** One synth into an output folder, between planning and the commit. */
interface Run {
  readonly outdir: string;
  readonly staging: string;
  readonly previous: PreviousOutputFiles;
  readonly planned: readonly PlannedStack[];
  readonly plan: OutputPlan;
  readonly selection: Selection;
  readonly fingerprint: string | undefined;
  readonly specs: Readonly<Record<string, CachedSpec>>;
  /** The entries to build now. */
  readonly build: readonly SynthPlanEntry[];
  /** The landing-zone stacks to build now (each with every app placed in it, in `build`). */
  readonly zones: readonly ZoneStackPlan[];
  /** Every planned stack (built or kept) and the refused pairs: what the sovereignty reports cover. */
  readonly synthPlan: Prepared["plan"];
}

interface RunResult {
  readonly outdir: string;
  readonly changes: ChangeList;
  /** Stacks built in this run (the others were kept from the previous output). */
  readonly built: number;
  readonly workers: number;
}

/**
 * Reads the previous output and decides which planned stacks to build: those whose inputs (spec,
 * target, backend, Polder's build, cdktf's settings; lib/cli/stack-inputs.ts) changed, or all with
 * `--full` or an unknown build.
 */
function startRun(prepared: Prepared, options: MainOptions): Run {
  const { previous } = prepared;
  const keyOf = stackInputsKeys(runInputs(prepared.fingerprint));
  // An app in a zone has the zone in its inputs; the zone has its apps' keys (their cross-stack
  // references add outputs to it). A group is kept or rebuilt whole (closeGroups).
  const zoneKeys = new Map(prepared.groups.map((g) => [g, zoneKeyInputs(g, options.backendFor?.(g.zone.target, g.zone.stackId))] as const));
  const groupOf = new Map(prepared.groups.flatMap((g) => g.apps.map((a) => [a, g] as const)));
  const planned = prepared.plan.build.map((e): PlannedStack => {
    const file = prepared.fileOf.get(e.spec)!;
    const specSha256 = prepared.specs.sha256Of(file);
    const group = groupOf.get(e);
    const inputs = specSha256 && { stackId: e.stackId, specSha256, target: e.target, backend: options.backendFor?.(e.target, e.stackId) };
    const zone = group && zoneKeys.get(group);
    const key = !inputs || (group && !zone) ? undefined : keyOf(zone ? zone.appInputs(inputs) : inputs);
    return { stackId: e.stackId, app: e.spec.name, target: e.target.name, key };
  });
  const plannedOf = new Map(planned.map((p) => [p.stackId, p]));
  for (const g of prepared.groups) {
    const zoneInputs = zoneKeys.get(g)?.zoneInputs(g.apps.map((a) => plannedOf.get(a.stackId)!.key));
    planned.push({ stackId: g.zone.stackId, app: g.zone.spec.name, target: g.zone.target.name, key: zoneInputs && keyOf(zoneInputs) });
  }
  const groups = prepared.groups.map((g) => [g.zone.stackId, ...g.apps.map((a) => a.stackId)]);
  const plan = closeGroups(planOutput(planned, previous, prepared.selection, prepared.full), groups);
  // Names that must be unique in an account or the world, across every stack of this run; before
  // anything is written. Inside what the previous run looked at, the kept stacks are stacks that
  // run checked together with the same inputs (every kept stack's key is the same): only the
  // built ones are checked, against all; and none, when every built stack gives the names it gave
  // then (a changed owner, tag or size: the usual edit), or nothing is built.
  const covered = previousRunCovered(previous.dir, prepared.selection);
  const toBuild = new Set(plan.build);
  for (const e of prepared.plan.build) if (toBuild.has(e.stackId)) plannedOf.get(e.stackId)!.names = namesDigest(e.target.uniqueNames?.(e.spec) ?? []);
  const sameNames = planned.every((p) => p.names === undefined || previous.records[p.stackId]?.names === p.names);
  if (!covered || !sameNames) {
    const kept = new Set(plan.reuse);
    const stacks = prepared.plan.build.map((e) => ({ app: e.spec, target: e.target, stackId: e.stackId }));
    assertUniqueNames(stacks, covered ? (x) => kept.has((x as (typeof stacks)[number]).stackId) : undefined);
  }
  const { outdir, staging } = prepareStaging({ outdir: prepared.outdir });
  return {
    outdir,
    staging,
    previous,
    planned,
    plan,
    selection: prepared.selection,
    fingerprint: prepared.fingerprint,
    specs: prepared.specs.entries(),
    build: prepared.plan.build.filter((e) => toBuild.has(e.stackId)),
    zones: prepared.zones.filter((z) => toBuild.has(z.stackId)),
    synthPlan: prepared.plan,
  };
}

/**
 * Completes the staging directory (kept stack folders, manifest, change list, inputs record) and
 * moves it into place. Until then the previous output is as it was; after a failure here too.
 */
function finishRun(run: Run, workers: number): RunResult {
  const assembled = assembleOutput({ staging: run.staging, previous: run.previous, planned: run.planned, plan: run.plan, selection: run.selection, keepOrphanFolders: startedByCdktfCli(), build: run.fingerprint, specs: run.specs });
  try {
    // Files about the whole fleet are written here, into run.staging, from every stack folder in
    // it (the built ones and the kept ones alike); files about one stack go into its folder when
    // it is built (run.plan.build), and are kept with it otherwise. So are the sovereignty
    // reports: a kept stack's report is built from its spec, target and JSON, all unchanged (its
    // inputs key), so its kept report is the same bytes; rebuilding it would read and write every
    // stack of the fleet on a run that changed nothing (~4 ms per stack). A kept folder without a
    // report gets one. The fleet summary is written from every stack's report, kept or built.
    const inSelection = (l: { app: string; target: string }) => (!run.selection.apps || run.selection.apps.has(l.app)) && (!run.selection.targets || run.selection.targets.has(l.target));
    const { added, changed, unchanged, outsideSelection } = assembled.changes;
    const stackIds = [...added, ...changed, ...unchanged, ...outsideSelection];
    const summaryKey = summaryInputs(run.fingerprint, assembled.changes.selection, stackIds, run.synthPlan.leftOut);
    const writeReports = () => {
      const built = new Set(run.plan.build);
      // The previous summary's rows of the kept stacks, when the same build wrote it: its rows are
      // then what this build computes from the kept reports, and a row says its report was there
      // (the summary is made from the reports in the folder). Otherwise each kept report is looked
      // for and read again.
      const sameBuild = run.fingerprint !== undefined && run.previous.build === run.fingerprint;
      const previousFleet = previousFleetSummary(run.outdir);
      const keptRows = sameBuild ? previousFleet.rows : new Map();
      const needsReport = (stackId: string) => built.has(stackId) || (!keptRows.has(stackId) && [SOVEREIGNTY_REPORT_FILE, SOVEREIGNTY_REPORT_MARKDOWN].some((f) => !existsSync(join(run.staging, "stacks", stackId, f))));
      const reportPlan = { ...run.synthPlan, build: run.synthPlan.build.filter((e) => needsReport(e.stackId)) };
      return summaryRecord(summaryKey, writeSovereigntyReports(run.staging, withZoneControls(run.staging, reportPlan), previousFleet.leftOut.filter((l) => !inSelection(l)), stackIds, keptRows));
    };
    // A run that builds nothing, over the same stacks and refused pairs as the previous run of the
    // same build, has the previous summary's bytes: they are copied (lib/cli/kept-summary.ts).
    assembled.writeRecord((run.plan.build.length === 0 ? keepPreviousSummary(run.previous, run.staging, summaryKey) : undefined) ?? writeReports());
    commitStaging(run.staging, run.outdir);
  } catch (e) {
    assembled.undo();
    throw e;
  }
  assembled.cleanUp();
  return { outdir: run.outdir, changes: assembled.changes, built: run.build.length + run.zones.length, workers };
}

/** Whether the previous synth into the folder looked at everything `selection` covers (its change list says what it looked at). */
function previousRunCovered(outdir: string, selection: Selection): boolean {
  try {
    const previous = (JSON.parse(readFileSync(join(outdir, CHANGES_FILE), "utf8")) as Partial<ChangeList>).selection;
    if (!previous) return false;
    const covers = (was: readonly string[] | null | undefined, now: ReadonlySet<string> | undefined) => was === null || (was !== undefined && now !== undefined && [...now].every((x) => was.includes(x)));
    return covers(previous.apps, selection.apps) && covers(previous.targets, selection.targets);
  } catch {
    return false;
  }
}

/** The plan with, for each app placed in a zone, the zone's controls for its unit (read from the zone stack's report in `dir`). */
function withZoneControls(dir: string, plan: Prepared["plan"]): ReportPlan {
  const reports = new Map<string, LandingZoneControlsReport>();
  const read = (stackId: string) => {
    if (!reports.has(stackId)) reports.set(stackId, JSON.parse(readFileSync(join(dir, "stacks", stackId, CONTROLS_FILE), "utf8")) as LandingZoneControlsReport);
    return reports.get(stackId)!;
  };
  return {
    ...plan,
    build: plan.build.map((e) => {
      const ref = e.spec.landingZone;
      return ref ? { ...e, landingZone: zoneControlsForUnit(read(TargetStack.stackId(ref.zone, e.target)), ref.unit) } : e;
    }),
  };
}

function abortRun(run: Run): void {
  rmSync(run.staging, { recursive: true, force: true });
  rmSync(`${run.staging}-trash`, { recursive: true, force: true });
}

/** The run's entries outside landing zones: these may go to worker processes. */
function entriesOutsideZones(run: Run): SynthPlanEntry[] {
  return run.build.filter((e) => !e.spec.landingZone);
}

/**
 * Synthesizes into `dir`, in this process, the zones to build with the apps placed in them (one
 * cdktf App: cross-stack references) and `share` of the other entries (in Apps of their own).
 */
function synthesizeZonesAndShare(dir: string, run: Run, share: readonly SynthPlanEntry[], options: MainOptions): void {
  const inZones = run.build.filter((e) => e.spec.landingZone);
  const plain = (app: App, entries: readonly SynthPlanEntry[]) => buildStacks(app, entries, options);
  const zoned = (app: App, entries: readonly SynthPlanEntry[]) => buildStacks(app, entries, options, run.zones);
  if (!run.zones.length) return synthesizeShare(dir, share, plain);
  if (!share.length) return synthesizeShare(dir, inZones, zoned, Number.POSITIVE_INFINITY);
  mkdirSync(dir, { recursive: true });
  const parts = [join(dir, ".zones"), join(dir, ".apps")];
  synthesizeShare(parts[0], inZones, zoned, Number.POSITIVE_INFINITY);
  synthesizeShare(parts[1], share, plain);
  mergeSynthOutputs(dir, parts);
}

/** Synthesizes the run's stacks in this process, atomically. */
function synthesizeHere(prepared: Prepared, options: MainOptions): RunResult {
  const run = startRun(prepared, options);
  try {
    synthesizeZonesAndShare(run.staging, run, entriesOutsideZones(run), options);
    return finishRun(run, 1);
  } catch (e) {
    abortRun(run);
    throw e;
  }
}

function report(prepared: Prepared, result: RunResult, out: Out): void {
  // One write: a line per stack of a thousand-app fleet, written one by one, took ~0.1 s.
  const lines: string[] = [];
  const log = (line: string) => void lines.push(line);
  const { plan } = prepared;
  const { changes } = result;
  const how = result.workers > 1 ? ` in ${result.workers} processes` : "";
  const kept = plan.build.length + prepared.zones.length - result.built;
  log(`synthesized ${plan.build.length + prepared.zones.length} stack(s) into ${relative(process.cwd(), result.outdir) || "."}${how}${kept ? ` (${kept} kept: inputs unchanged)` : ""}:`);
  for (const z of prepared.zones) log(`  ${z.stackId}  (landing zone on ${z.target.description})`);
  for (const e of plan.build) log(`  ${e.stackId}  (${e.spec.classification} on ${e.target.description})`);
  for (const z of prepared.zonesLeftOut) log(`left out landing zone ${z.zone} on ${z.target}: ${z.reason}`);
  if (plan.leftOut.length) {
    log(`left out ${plan.leftOut.length} pair(s) the placement rules refuse:`);
    for (const l of plan.leftOut) log(`  ${l.app} on ${l.target}: rule ${l.rule}: ${l.reason}`);
  }
  const count = (name: string, list: readonly string[]) => `${list.length} ${name}`;
  log(
    `changes (${CHANGES_FILE}): ${[count("added", changes.added), count("changed", changes.changed), count("unchanged", changes.unchanged), count("removed", changes.removed)].join(", ")}` +
      (changes.outsideSelection.length ? `; ${changes.outsideSelection.length} outside the selection kept as they were` : ""),
  );
  if (changes.removed.length) {
    log(`removed from the output (their state and resources are untouched: destroy or keep them deliberately):`);
    for (const id of changes.removed) log(`  ${id}`);
  }
  out.log(lines.join("\n"));
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
    const prepared = prepare(argv, options, out, true);
    if (!prepared) return 0;
    await prepared.previous.sizesKnown;
    const run = startRun(prepared, options);
    // A zone and the apps in it share one cdktf App (cross-stack references), in this process;
    // the other stacks are split into shares as usual.
    const build = entriesOutsideZones(run);
    const workers = workerCount(build.length, prepared.jobs);
    let result: RunResult;
    try {
      if (workers <= 1) {
        synthesizeZonesAndShare(run.staging, run, build, options);
      } else {
        const pairs = build.map((e) => ({ spec: prepared.fileOf.get(e.spec)!, target: options.targets.indexOf(e.target) }));
        const here = (dir: string, indexes: readonly number[]) =>
          synthesizeZonesAndShare(
            dir,
            run,
            indexes.map((i) => build[i]),
            options,
          );
        await synthesizeInShares(run.staging, pairs, workers, here);
      }
      result = finishRun(run, workers);
    } catch (e) {
      abortRun(run);
      throw e;
    }
    report(prepared, result, out);
    return 0;
  } catch (e) {
    return fail(e, out);
  }
}
