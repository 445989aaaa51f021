// Fleet-scale cases of the bench (issue #15): a generated fleet of N apps (default 1,000) on every
// project target. (d) a full synth, Polder as `npm run synth` runs it (`--jobs` = cores) against
// the floor; (e) incremental synth into the output of the previous one: after changing nothing,
// and after changing one spec, against synthesizing that one app's stacks alone.
import { spawnSync } from "node:child_process";
import { readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { buildSync } from "esbuild";
import { checkFleetStacks, writeFleet } from "./fleet";
import { measure, median, type Sample } from "./measure";
import { compareOutputs, countResources, writeReferencePrograms } from "./reference";

export type FleetScaleCase = "scale" | "incremental";

export interface FleetScaleOptions {
  readonly root: string;
  readonly tmp: string;
  /** The synth program's startup snapshot (dist/bundle/main.blob). */
  readonly blob: string;
  readonly jobs: number;
  readonly reps: number;
  /** Repetitions of the sub-second incremental cases. */
  readonly shortReps: number;
  readonly size: number;
  readonly targets: readonly string[];
  readonly cases: ReadonlySet<FleetScaleCase>;
  readonly log: (message: string) => void;
}

export interface FleetScaleResult {
  readonly lines: readonly string[];
  readonly json: Record<string, unknown>;
}

const MEMORY_LIMIT_MB = 500;
const sec = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const mb = (kb: number) => `${Math.round(kb / 1024)} MB`;
const med = (s: readonly Sample[]) => ({ wallMs: median(s.map((x) => x.wallMs)), maxRssKb: median(s.map((x) => x.maxRssKb)) });
const worstRss = (s: readonly Sample[]) => Math.max(...s.map((x) => x.maxRssKb));
const spread = (s: readonly Sample[]) => `${sec(Math.min(...s.map((x) => x.wallMs)))}–${sec(Math.max(...s.map((x) => x.wallMs)))}`;
const verdict = (ok: boolean) => (ok ? "met" : "NOT met");

/** Bundles a reference program and takes its startup snapshot, as Polder's synth is packaged. */
function packageFloor(dir: string): void {
  buildSync({ entryPoints: [join(dir, "floor.cjs")], bundle: true, platform: "node", format: "iife", target: "node20", outfile: join(dir, "floor.bundle.cjs"), logLevel: "warning" });
  const snap = spawnSync(process.execPath, ["--no-warnings", "--snapshot-blob", join(dir, "floor.blob"), "--build-snapshot", join(dir, "floor.bundle.cjs")], { encoding: "utf8" });
  if (snap.status !== 0) throw new Error(`bench: building the floor program's snapshot failed: ${snap.stderr}`);
}

export function runFleetScale(o: FleetScaleOptions): FleetScaleResult {
  const base = join(o.tmp, "fleet-scale");
  const files = writeFleet(join(o.root, "examples"), join(base, "specs"), o.size);
  const specArgs = files.flatMap((f) => ["--spec", f]);
  const polder = (args: readonly string[]) => measure(process.execPath, ["--snapshot-blob", o.blob, "--", ...args, "--jobs", String(o.jobs)], o.root);
  const label = `fleet N=${o.size} × ${o.targets.length} target(s)`;
  const lines: string[] = [];
  const json: Record<string, unknown> = { size: o.size, targets: o.targets, jobs: o.jobs };
  const incOut = join(base, "out", "incremental");
  let previousReady = false;

  if (o.cases.has("scale")) {
    const out = join(base, "out", "polder");
    const floorOut = join(base, "out", "floor");
    const programs = join(base, "programs");
    const samples: { polder: Sample[]; floor: Sample[] } = { polder: [], floor: [] };
    o.log(`bench: (d) ${label}: full synth, generating the floor`);
    rmSync(out, { recursive: true, force: true });
    samples.polder.push(polder([...specArgs, "--outdir", out]));
    o.log(`bench: (d) polder #1: ${sec(samples.polder[0].wallMs)}, ${mb(samples.polder[0].maxRssKb)}`);
    checkFleetStacks(out, files, o.targets);
    const counted = countResources(out);
    writeReferencePrograms(o.root, out, programs, { typed: false });
    packageFloor(programs);
    for (let r = 0; r < o.reps; r++) {
      if (r > 0) {
        rmSync(out, { recursive: true, force: true });
        const s = polder([...specArgs, "--outdir", out]);
        samples.polder.push(s);
        o.log(`bench: (d) polder #${r + 1}: ${sec(s.wallMs)}, ${mb(s.maxRssKb)}`);
      }
      rmSync(floorOut, { recursive: true, force: true });
      const f = measure(process.execPath, ["--snapshot-blob", join(programs, "floor.blob"), "--", floorOut], o.root);
      samples.floor.push(f);
      o.log(`bench: (d) floor #${r + 1}: ${sec(f.wallMs)}, ${mb(f.maxRssKb)}`);
      if (r === 0) {
        const diff = compareOutputs(out, floorOut);
        if (diff.length) throw new Error(`bench: the floor of ${label} does not build the same stacks as Polder: ${diff.slice(0, 5).join(", ")}`);
      }
    }
    rmSync(floorOut, { recursive: true, force: true });
    const p = med(samples.polder);
    const f = med(samples.floor);
    const peak = worstRss(samples.polder);
    json.full = { ...counted, samples, median: { polder: p, floor: f }, peakRssKb: peak };
    lines.push(
      `| (d) ${label}, full synth | ${counted.stacks} | ${counted.resources} | ${sec(p.wallMs)} · ${mb(p.maxRssKb)} | ${sec(f.wallMs)} · ${mb(f.maxRssKb)} | ${(p.wallMs / f.wallMs).toFixed(2)}× | ${(p.maxRssKb / f.maxRssKb).toFixed(2)}× | ${mb(peak)} |`,
    );
    json.fullVerdict = { time: p.wallMs / f.wallMs <= 1.3, memory: peak < MEMORY_LIMIT_MB * 1024 };
    // The last full output is the previous output of the incremental cases.
    rmSync(incOut, { recursive: true, force: true });
    renameSync(out, incOut);
    previousReady = true;
  }

  if (o.cases.has("incremental")) {
    if (!previousReady) {
      o.log(`bench: (e) ${label}: a full synth to start from (not measured)`);
      rmSync(incOut, { recursive: true, force: true });
      polder([...specArgs, "--outdir", incOut]);
      checkFleetStacks(incOut, files, o.targets);
    }
    const changes = () => JSON.parse(readFileSync(join(incOut, "changes.json"), "utf8")) as { added: string[]; changed: string[]; unchanged: string[]; removed: string[] };
    const stacks = changes().added.length + changes().changed.length + changes().unchanged.length;
    // One app in the middle of the fleet; its owner alternates, so every run changes its stacks.
    const file = files[Math.floor(files.length / 2)];
    const original = readFileSync(file, "utf8");
    const spec = JSON.parse(original) as { name: string; owner: string };
    const variants = [JSON.stringify({ ...spec, owner: `${spec.owner}-b` }, null, 2), original];
    const aloneOut = join(base, "out", "alone");
    const samples: { unchanged: Sample[]; oneSpec: Sample[]; alone: Sample[] } = { unchanged: [], oneSpec: [], alone: [] };
    o.log(`bench: (e) ${label}: incremental synth, ${o.shortReps} runs each`);
    for (let r = 0; r < o.shortReps; r++) {
      const u = polder([...specArgs, "--outdir", incOut]);
      const c = changes();
      if (c.unchanged.length !== stacks || c.changed.length || c.added.length) throw new Error(`bench: a synth after no change changed stacks: ${JSON.stringify({ ...c, unchanged: c.unchanged.length })}`);
      samples.unchanged.push(u);
      writeFileSync(file, `${variants[r % 2]}\n`);
      const s = polder([...specArgs, "--outdir", incOut]);
      const d = changes();
      if (d.changed.length !== o.targets.length || !d.changed.every((id) => id.startsWith(`${spec.name}-`))) throw new Error(`bench: changing ${spec.name} changed ${d.changed.join(", ")}`);
      samples.oneSpec.push(s);
      rmSync(aloneOut, { recursive: true, force: true });
      samples.alone.push(polder(["--spec", file, "--outdir", aloneOut]));
      o.log(`bench: (e) #${r + 1}: no change ${sec(u.wallMs)}, one spec ${sec(s.wallMs)}, that app alone ${sec(samples.alone[r].wallMs)}`);
    }
    writeFileSync(file, original);
    const u = med(samples.unchanged);
    const s = med(samples.oneSpec);
    const a = med(samples.alone);
    json.incremental = { stacks, app: spec.name, samples, median: { unchanged: u, oneSpec: s, alone: a } };
    json.incrementalVerdict = { unchanged: u.wallMs < 500, oneSpecVsAlone: s.wallMs / a.wallMs <= 2, oneSpec: s.wallMs < 1000 };
    lines.push(`| (e) ${label}, no change (incremental) | ${stacks} | — | ${sec(u.wallMs)} · ${mb(u.maxRssKb)} (${spread(samples.unchanged)}) | — | — | — | ${mb(worstRss(samples.unchanged))} |`);
    lines.push(
      `| (e) ${label}, one spec changed (incremental) | ${stacks} | — | ${sec(s.wallMs)} · ${mb(s.maxRssKb)} (${spread(samples.oneSpec)}) | that app alone: ${sec(a.wallMs)} · ${mb(a.maxRssKb)} (${spread(samples.alone)}) | ${(s.wallMs / a.wallMs).toFixed(2)}× | — | ${mb(worstRss(samples.oneSpec))} |`,
    );
  }

  const table = [
    `| case | stacks | resources + data | polder (--jobs ${o.jobs}) | reference | time ratio | memory ratio | peak memory of any process |`,
    "|---|---:|---:|---|---|---:|---:|---:|",
    ...lines,
  ];
  const targets: string[] = [];
  const fv = json.fullVerdict as { time: boolean; memory: boolean } | undefined;
  if (fv) targets.push(`full synth within 1.3× of the floor — ${verdict(fv.time)}; peak memory of any process < ${MEMORY_LIMIT_MB} MB — ${verdict(fv.memory)}`);
  const iv = json.incrementalVerdict as { unchanged: boolean; oneSpecVsAlone: boolean; oneSpec: boolean } | undefined;
  if (iv) targets.push(`one spec changed within 2× of that app alone — ${verdict(iv.oneSpecVsAlone)}, under 1 s — ${verdict(iv.oneSpec)}; no change under 0.5 s — ${verdict(iv.unchanged)}`);
  return { lines: [...table, "", `Targets at fleet scale: ${targets.join("; ")}.`], json };
}
