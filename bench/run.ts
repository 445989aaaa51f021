// `npm run bench`: synth time and peak memory of Polder against plain cdktf (floor, typed floor)
// and root imports (naive), each in a fresh child process running compiled JavaScript. See README
// "Performance". Options: --reps N (3), --sizes 1,10,100, --jobs N (cores), --readme,
// --cases classic,scale,incremental (all), --fleet N (1000: the size of the fleet-scale cases),
// --tag WORD (appended to the results file's name, e.g. `busy` for a run on a loaded machine).
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, cpus, loadavg, totalmem } from "node:os";
import { join, relative } from "node:path";
import { parseArgs } from "node:util";
import { buildSync } from "esbuild";
import { workerCount } from "../lib/cli/parallel-synth";
import { projectTargets } from "../stacks/targets";
import { checkFleetStacks, FLEET_TEMPLATE, writeFleet } from "./fleet";
import { type FleetScaleCase, type FleetScaleResult, runFleetScale } from "./fleet-scale";
import { measure, median, RSS_SOURCE, type Sample } from "./measure";
import { compareOutputs, countResources, type TypedCoverage, writeReferencePrograms } from "./reference";

// Defaults, not this machine's POLDER_* variables, as the fleet specs are synthesized with.
const PROJECT_TARGETS = projectTargets({});

const root = join(__dirname, "..", "..");
const tmp = join(root, "bench", ".tmp");
// The synth path users run (`npm run synth`): the startup snapshot of the esbuild bundle of the
// compiled CLI.
const main = join(root, "dist", "bundle", "main.js");
const blob = join(root, "dist", "bundle", "main.blob");

const { values } = parseArgs({
  options: {
    reps: { type: "string", default: "3" },
    sizes: { type: "string", default: "1,10,100" },
    jobs: { type: "string" },
    readme: { type: "boolean" },
    cases: { type: "string", default: "classic,scale,incremental" },
    fleet: { type: "string", default: "1000" },
    tag: { type: "string" },
  },
});
if (values.tag !== undefined && !/^[a-z0-9-]+$/.test(values.tag)) throw new Error(`bench: --tag ${JSON.stringify(values.tag)}: lower-case letters, digits and '-' only`);
// The machine's load average (1, 5, 15 min) before and after: timings from a loaded machine are
// not the figures to publish.
const loadBefore = loadavg();
const CASE_GROUPS = ["classic", "scale", "incremental"] as const;
const selected = new Set(values.cases!.split(",").map((c) => c.trim()));
const unknownCases = [...selected].filter((c) => !(CASE_GROUPS as readonly string[]).includes(c));
if (unknownCases.length) throw new Error(`bench: --cases ${unknownCases.join(", ")}: allowed are ${CASE_GROUPS.join(", ")}`);
const classic = selected.has("classic");
const fleetSize = Number(values.fleet);
if (!Number.isInteger(fleetSize) || fleetSize < 1) throw new Error(`bench: --fleet ${JSON.stringify(values.fleet)}: a whole number from 1`);
const reps = Number(values.reps);
const sizes = values.sizes!.split(",").map(Number);
const jobs = values.jobs ? Number(values.jobs) : availableParallelism();
// Cases whose Polder synth takes under SHORT_CASE_MS get SHORT_CASE_FACTOR times the repetitions.
const SHORT_CASE_MS = 3000;
const SHORT_CASE_FACTOR = 3;

type Variant = "polder" | "polderJobs" | "floor" | "typed" | "naive";
interface Case {
  readonly id: string;
  readonly label: string;
  readonly args: string[];
  /** The generated specs of a fleet case, each to be built on every project target. */
  readonly fleetFiles?: readonly string[];
  stacks?: number;
  resources?: number;
  coverage?: TypedCoverage;
  /** Wall time of the synth the references are generated from. */
  firstPolderMs?: number;
  readonly samples: Partial<Record<Variant, Sample[]>>;
}

function log(message: string) {
  process.stderr.write(`${message}\n`);
}

function run(c: Case, variant: Variant): Sample {
  const out = join(tmp, "out", c.id, variant);
  const program = join(tmp, "programs", c.id);
  const args =
    variant === "polder"
      ? ["--snapshot-blob", blob, "--", ...c.args, "--outdir", out, "--jobs", "1"]
      : variant === "polderJobs"
        ? ["--snapshot-blob", blob, "--", ...c.args, "--outdir", out, "--jobs", String(jobs)]
        : variant === "floor" || variant === "typed"
          ? ["--snapshot-blob", join(program, `${variant}.blob`), "--", out]
          : [join(program, "naive.cjs"), out];
  rmSync(out, { recursive: true, force: true });
  return measure(process.execPath, args, root);
}

function prepare(c: Case): Variant[] {
  // One synth to generate the references from (it also warms the file cache).
  c.firstPolderMs = run(c, "polder").wallMs;
  const polderOut = join(tmp, "out", c.id, "polder");
  if (c.fleetFiles) checkFleetStacks(polderOut, c.fleetFiles, targetIds);
  Object.assign(c, countResources(polderOut));
  c.coverage = writeReferencePrograms(root, polderOut, join(tmp, "programs", c.id))!;
  log(`bench: ${c.id}: the typed floor sets ${c.coverage.typed} attributes through typed config, ${c.coverage.overridden} as overrides`);
  // The floors are packaged like Polder's synth path (bundled, started from a startup snapshot),
  // so the ratios compare Polder with plain cdktf, not two ways of loading code. The naive
  // program stays as people write it.
  const dir = join(tmp, "programs", c.id);
  for (const floor of ["floor", "typed"]) {
    buildSync({ entryPoints: [join(dir, `${floor}.cjs`)], bundle: true, platform: "node", format: "iife", target: "node20", outfile: join(dir, `${floor}.bundle.cjs`), logLevel: "warning" });
    const snap = spawnSync(process.execPath, ["--no-warnings", "--snapshot-blob", join(dir, `${floor}.blob`), "--build-snapshot", join(dir, `${floor}.bundle.cjs`)], { encoding: "utf8" });
    if (snap.status !== 0) throw new Error(`bench: building the ${floor} program's snapshot failed: ${snap.stderr}`);
  }
  const variants: Variant[] = ["polder", "floor", "typed", "naive"];
  if (workerCount(c.stacks!, jobs) > 1) variants.splice(1, 0, "polderJobs");
  return variants;
}

/** After a measured run: the references must build the same stacks as Polder. */
function check(c: Case, variant: Variant): void {
  if (variant === "polder") return;
  const diff = compareOutputs(join(tmp, "out", c.id, "polder"), join(tmp, "out", c.id, variant));
  if (diff.length) throw new Error(`bench: the ${variant} run of ${c.id} does not build the same stacks as Polder with --jobs 1: ${diff.slice(0, 5).join(", ")}`);
}

// --- cases ----------------------------------------------------------------------------------
if (!existsSync(main) || !existsSync(blob)) throw new Error(`bench: ${main} or its snapshot is missing: run through npm run bench (it compiles first)`);
// Target names, not ids: two project targets can share an id (gcp and s3ns are both `gcp`), and
// stack ids and --target use the name.
const targetIds = PROJECT_TARGETS.map((t) => t.name);
const oneTarget = targetIds.includes("aws") ? "aws" : targetIds[0];
const cases: Case[] = !classic
  ? []
  : [
  { id: "one-app", label: `(a) ${FLEET_TEMPLATE.replace(/\.ya?ml$/, "")} on ${oneTarget}`, args: ["--spec", join(root, "examples", FLEET_TEMPLATE), "--target", oneTarget], samples: {} },
  { id: "project", label: "(b) stacks/main.ts (examples × targets)", args: [], samples: {} },
  ...sizes.map((n): Case => {
    const files = writeFleet(join(root, "examples"), join(tmp, "fleet", String(n)), n);
    return { id: `fleet-${n}`, label: `(c) fleet N=${n} × ${targetIds.length} target(s)`, args: files.flatMap((f) => ["--spec", f]), fleetFiles: files, samples: {} };
  }),
];

const started = Date.now();
mkdirSync(tmp, { recursive: true });
for (const c of cases) {
  log(`bench: ${c.label}: generating the references`);
  const variants = prepare(c);
  // Variants interleaved per repetition, so load from elsewhere on the machine hits all alike.
  // This machine's speed drifts between runs (±15–20 %, sometimes a streak of fast runs for one
  // variant), which moves a short synth's median most: cases under SHORT_CASE_MS get
  // SHORT_CASE_FACTOR times the repetitions (not the naive program, which takes seconds and whose
  // ratio is far from its target).
  const short = c.firstPolderMs! < SHORT_CASE_MS;
  const repsOf = (v: Variant) => (short && v !== "naive" ? reps * SHORT_CASE_FACTOR : reps);
  for (let r = 0; r < repsOf("polder"); r++)
    for (const v of variants) {
      if (r >= repsOf(v)) continue;
      const s = run(c, v);
      if (r === 0) check(c, v);
      (c.samples[v] ??= []).push(s);
      log(`bench: ${c.id} ${v} #${r + 1}: ${(s.wallMs / 1000).toFixed(2)} s, ${(s.maxRssKb / 1024).toFixed(0)} MB`);
    }
}

// Type-check of the whole project (the tsc binary itself, not through npx).
const tsc = join(root, "node_modules", "typescript", "lib", "tsc.js");
const typecheck: Sample[] = [];
if (classic) for (let r = 0; r < reps; r++) typecheck.push(measure(process.execPath, [tsc, "-p", "tsconfig.json", "--noEmit"], root, true));
// Type errors (someone's work in progress) still tell how long checking takes; they are reported.
const typecheckClean = typecheck.every((s) => s.status === 0);

// Fleet-scale cases (issue #15): a generated fleet of --fleet apps, full and incremental.
const scaleCases = new Set(CASE_GROUPS.filter((c): c is FleetScaleCase => c !== "classic" && selected.has(c)));
const scale: FleetScaleResult | undefined = scaleCases.size
  ? runFleetScale({ root, tmp, blob, jobs, reps, shortReps: reps * SHORT_CASE_FACTOR, size: fleetSize, targets: targetIds, cases: scaleCases, log })
  : undefined;

// --- report ---------------------------------------------------------------------------------
const med = (c: Case, v: Variant) => {
  const s = c.samples[v];
  return s ? { wallMs: median(s.map((x) => x.wallMs)), maxRssKb: median(s.map((x) => x.maxRssKb)) } : undefined;
};
const sec = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const mb = (kb: number) => `${Math.round(kb / 1024)} MB`;
const both = (s?: { wallMs: number; maxRssKb: number }) => (s ? `${sec(s.wallMs)} · ${mb(s.maxRssKb)}` : "—");
const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}×`;

const rows = cases.map((c) => {
  const p = med(c, "polder")!;
  const f = med(c, "floor")!;
  const t = med(c, "typed")!;
  const n = med(c, "naive")!;
  const pj = med(c, "polderJobs");
  // Polder as `npm run synth` runs it: --jobs = cores, which starts workers only for enough stacks.
  const run = pj ?? p;
  return {
    c,
    p,
    f,
    n,
    pj,
    run,
    t,
    line: `| ${c.label} | ${c.stacks} | ${c.resources} | ${both(p)} | ${both(pj)} | ${both(f)} | ${both(t)} | ${both(n)} | ${ratio(run.wallMs, f.wallMs)} | ${ratio(run.maxRssKb, f.maxRssKb)} | ${ratio(n.wallMs, run.wallMs)} | ${ratio(p.wallMs, f.wallMs)} | ${ratio(p.wallMs, t.wallMs)} |`,
  };
});
const cpu = cpus()[0]?.model.trim() ?? "unknown CPU";
const date = new Date().toISOString().slice(0, 10);
const loadAfter = loadavg();
const loadNote = `load average ${loadBefore[0].toFixed(1)} at the start, ${loadAfter[0].toFixed(1)} at the end (1 min)`;
const tc = typecheck.length ? median(typecheck.map((s) => s.wallMs)) : NaN;
/** The table of cases (a) to (c). */
function classicReport(): string {
  const fleet = rows.filter((r) => r.c.id.startsWith("fleet-"));
  const first = fleet[0];
  const last = fleet[fleet.length - 1];
  const growth = (pick: (r: (typeof rows)[number]) => { wallMs: number } | undefined, name: string) => {
    const a = pick(first)!;
    const b = pick(last)!;
    const perStack = (b.wallMs - a.wallMs) / (last.c.stacks! - first.c.stacks!);
    return `${name} ${ratio(b.wallMs, a.wallMs)} (${Math.round(perStack)} ms per extra stack)`;
  };
  const worstTime = Math.max(...rows.map((r) => r.run.wallMs / r.f.wallMs));
  const worstMem = Math.max(...rows.map((r) => r.run.maxRssKb / r.f.maxRssKb));
  const worstSingle = Math.max(...rows.map((r) => r.p.wallMs / r.f.wallMs));
  const worstTyped = Math.max(...rows.map((r) => r.p.wallMs / r.t.wallMs));
  const typedOverFloor = rows.map((r) => r.t.wallMs / r.f.wallMs);
  const coverage = cases.reduce((a, c) => ({ typed: a.typed + c.coverage!.typed, overridden: a.overridden + c.coverage!.overridden }), { typed: 0, overridden: 0 });
  const oneApp = rows[0];
  const verdict = (ok: boolean) => (ok ? "met" : "NOT met");

  return [
    `Measured ${date} on ${availableParallelism()} cores (${cpu}), ${Math.round(totalmem() / 2 ** 30)} GB, Node ${process.versions.node}, ${loadNote}; median of ${reps} runs (${reps * SHORT_CASE_FACTOR} for Polder and the floors in the cases under ${SHORT_CASE_MS / 1000} s), each a fresh \`node\` process running compiled JavaScript; peak RSS from ${RSS_SOURCE}.`,
    "",
    `| case | stacks | resources + data | polder --jobs 1 | polder --jobs ${jobs} | floor | typed floor | naive | polder/floor time | polder/floor memory | naive/polder time | polder --jobs 1/floor time | polder --jobs 1/typed floor time |`,
    "|---|---:|---:|---|---|---|---|---|---:|---:|---:|---:|---:|",
    ...rows.map((r) => r.line),
    "",
    fleet.length > 1
      ? `Time from N=${first.c.id.slice(6)} to N=${last.c.id.slice(6)}: ${growth((r) => r.p, "polder")}, ${growth((r) => r.pj ?? r.p, `polder --jobs ${jobs}`)}, ${growth((r) => r.f, "floor")}, ${growth((r) => r.n, "naive")}.`
      : "",
    `Type-check of the whole project (\`tsc -p tsconfig.json --noEmit\`): ${sec(tc)}${typecheckClean ? "" : " (with type errors in the tree at the time)"}.`,
    "",
    `Targets, for Polder as \`npm run synth\` runs it (\`--jobs ${jobs}\`; one process where that starts no workers): polder within 1.3× of the floor — time ${verdict(worstTime <= 1.3)} (worst ${worstTime.toFixed(2)}×), memory ${verdict(worstMem <= 1.3)} (worst ${worstMem.toFixed(2)}×); ` +
      `≥ 10× faster than naive for one app — ${verdict(oneApp.n.wallMs / oneApp.run.wallMs >= 10)} (${ratio(oneApp.n.wallMs, oneApp.run.wallMs)}); type-check < 2 s — ${verdict(tc < 2000)} (${sec(tc)}).`,
    `In one process (\`--jobs 1\`) Polder takes up to ${worstSingle.toFixed(2)}× the floor's time and up to ${worstTyped.toFixed(2)}× the typed floor's; the typed floor itself takes ${Math.min(...typedOverFloor).toFixed(2)}–${Math.max(...typedOverFloor).toFixed(2)}× the floor's (what typed bindings cost in cdktf; it sets ${Math.round((100 * coverage.typed) / (coverage.typed + coverage.overridden))} % of the attributes through typed config, the rest as overrides).`,
    `Peak memory of a \`--jobs\` run is that of its largest process (parent or one worker), not the sum.`,
  ].join("\n");
}
const classicTable = classic ? classicReport() : "";
const scaleTable = scale
  ? [
      `Measured ${date} on ${availableParallelism()} cores (${cpu}), ${Math.round(totalmem() / 2 ** 30)} GB, Node ${process.versions.node}, ${loadNote}; fleet of ${fleetSize} apps like \`${FLEET_TEMPLATE}\` on ${targetIds.length} target(s) (${targetIds.join(", ")}); median of ${reps} runs for the full synth, ${reps * SHORT_CASE_FACTOR} for the incremental cases (min–max in brackets); peak RSS from ${RSS_SOURCE}.`,
      "",
      ...scale.lines,
    ].join("\n")
  : "";
const table = [classic ? classicTable : "", scaleTable].filter(Boolean).join("\n\n");

process.stdout.write(`\n${table}\n`);
log(`bench: done in ${sec(Date.now() - started)}`);

const results = join(root, "bench", "results");
mkdirSync(results, { recursive: true });
const stamp = new Date().toISOString().replace(/[:]/g, "").slice(0, 15);
const file = join(results, `bench-${stamp}${values.tag ? `-${values.tag}` : ""}.json`);
log(`bench: load average before ${loadBefore.map((l) => l.toFixed(2)).join(" ")}, after ${loadAfter.map((l) => l.toFixed(2)).join(" ")} on ${availableParallelism()} cores`);
writeFileSync(
  file,
  `${JSON.stringify(
    {
      date: new Date().toISOString(),
      machine: { cores: availableParallelism(), cpu, memoryGb: Math.round(totalmem() / 2 ** 30), node: process.versions.node, loadAverage: { before: loadBefore, after: loadAfter } },
      ...(values.tag ? { tag: values.tag } : {}),
      reps,
      shortCaseReps: reps * SHORT_CASE_FACTOR,
      shortCaseMs: SHORT_CASE_MS,
      jobs,
      targets: targetIds,
      rss: RSS_SOURCE,
      cases: cases.map((c) => ({ id: c.id, label: c.label, stacks: c.stacks, resources: c.resources, samples: c.samples, median: Object.fromEntries(Object.keys(c.samples).map((v) => [v, med(c, v as Variant)])) })),
      typecheck: classic ? { samples: typecheck, medianMs: tc, clean: typecheckClean } : undefined,
      cases_selected: [...selected],
      fleetScale: scale?.json,
      table,
    },
    null,
    2,
  )}\n`,
);
log(`bench: raw numbers in ${relative(process.cwd(), file)}`);

/** Writes `content` between `<!-- NAME:start -->` and `<!-- NAME:end -->` in README.md. */
function writeReadmeSection(name: string, content: string): void {
  const readme = join(root, "README.md");
  const text = readFileSync(readme, "utf8");
  const start = `<!-- ${name}:start -->`;
  const end = `<!-- ${name}:end -->`;
  const a = text.indexOf(start);
  const b = text.indexOf(end);
  if (a < 0 || b < a) throw new Error(`bench: README.md has no ${start} … ${end} section to write the table into`);
  writeFileSync(readme, `${text.slice(0, a + start.length)}\n${content}\n${text.slice(b)}`);
  log(`bench: ${name} table written into README.md`);
}
if (values.readme) {
  if (classic) writeReadmeSection("bench", classicTable);
  if (scale) writeReadmeSection("bench-fleet", scaleTable);
}
