// `--jobs`: the synth split across processes writes exactly what one process writes, and a
// failing share leaves nothing behind. The CLI runs in child processes under tsx (vitest cannot
// load the realizers lazily, and workers are processes anyway).
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { parse } from "yaml";
import { describe, expect, test } from "vitest";
import { MIN_PAIRS_PER_WORKER, splitPairs, workerCount } from "../lib/cli/parallel-synth";
import { projectTargets } from "../stacks/targets";

// Defaults, not this machine's POLDER_* variables: outputs stay the same everywhere.
const PROJECT_TARGETS = projectTargets({});

const root = join(__dirname, "..");
const logistics = parse(readFileSync(join(root, "examples", "logistics.yaml"), "utf8")) as Record<string, any>;

/** `count` distinct specs like logistics.yaml in a fresh folder; `patch` may change one. */
function fleet(count: number, patch?: (spec: Record<string, any>, i: number) => void): string[] {
  const dir = mkdtempSync(join(tmpdir(), "polder-fleet-"));
  return Array.from({ length: count }, (_, i) => {
    const spec = structuredClone(logistics);
    spec.name = `fleet-${String(i).padStart(3, "0")}`;
    spec.components.zone.domain = `${spec.name}.example.nl`;
    spec.components.api.domain = `api.${spec.name}.example.nl`;
    patch?.(spec, i);
    const file = join(dir, `${spec.name}.json`);
    writeFileSync(file, JSON.stringify(spec));
    return file;
  });
}

function synth(specs: readonly string[], outdir: string, jobs: number) {
  const args = ["--import", "tsx", join(root, "stacks", "main.ts"), ...specs.flatMap((s) => ["--spec", s]), "--outdir", outdir, "--jobs", String(jobs)];
  const env = { ...process.env };
  for (const k of Object.keys(env)) if (k.startsWith("POLDER_")) delete env[k];
  const r = spawnSync(process.execPath, args, { cwd: root, env, encoding: "utf8", timeout: 120_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function files(dir: string): string[] {
  const all: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) e.isDirectory() ? walk(join(d, e.name)) : all.push(relative(dir, join(d, e.name)));
  };
  walk(dir);
  return all.sort();
}

describe("worker split", () => {
  test("no workers for few pairs; at most --jobs", () => {
    expect(workerCount(2 * MIN_PAIRS_PER_WORKER - 1, 8)).toBe(1);
    expect(workerCount(2 * MIN_PAIRS_PER_WORKER, 8)).toBe(2);
    expect(workerCount(1000, 3)).toBe(3);
    expect(workerCount(1000, 1)).toBe(1);
  });
  test("round robin keeps every pair once", () => {
    expect(splitPairs([1, 2, 3, 4, 5], 2)).toEqual([[1, 3, 5], [2, 4]]);
  });
});

describe("synth --jobs", () => {
  test("two processes write byte-identical output to one process, manifest included", () => {
    const specs = fleet(2 * MIN_PAIRS_PER_WORKER + 1);
    const base = mkdtempSync(join(tmpdir(), "polder-par-"));
    const one = synth(specs, join(base, "one"), 1);
    expect(one.err).toBe("");
    expect(one.code).toBe(0);
    const two = synth(specs, join(base, "two"), 2);
    expect(two.err).toBe("");
    expect(two.code).toBe(0);
    expect(two.out).toContain("in 2 processes");
    expect(two.out.split("\n").slice(1)).toEqual(one.out.split("\n").slice(1));

    const list = files(join(base, "one"));
    expect(list).toContain("manifest.json");
    // Every spec is `intern`: one stack per configured target.
    expect(list.filter((f) => f.endsWith("cdk.tf.json"))).toHaveLength(specs.length * PROJECT_TARGETS.length);
    expect(files(join(base, "two"))).toEqual(list);
    for (const f of list) expect(readFileSync(join(base, "two", f)).equals(readFileSync(join(base, "one", f))), f).toBe(true);
    // Nothing left beside the output.
    expect(readdirSync(base).sort()).toEqual(["one", "two"]);
  }, 180_000);

  test("with landing zones: each zone with its apps in this process, the other stacks in workers; byte-identical to one process", () => {
    const dir = mkdtempSync(join(tmpdir(), "polder-par-zones-"));
    const apps = join(dir, "apps");
    const zones = join(dir, "zones");
    mkdirSync(apps);
    mkdirSync(join(zones, "apps"), { recursive: true });
    writeFileSync(join(zones, "lab.yaml"), readFileSync(join(root, "examples", "landing-zones", "lab.yaml")));
    const spec = (name: string, i: number, zone: boolean) => ({ name, owner: "team-a", classification: "intern", network: { cidr: `10.${10 + i}.0.0/20` }, components: { docs: { kind: "bucket" } }, ...(zone ? { landingZone: { zone: "lab", unit: "apps" } } : {}) });
    for (let i = 0; i < 2 * MIN_PAIRS_PER_WORKER; i++) writeFileSync(join(apps, `app-${i}.json`), JSON.stringify(spec(`app-${i}`, i, false)));
    writeFileSync(join(zones, "apps", "try-out.json"), JSON.stringify(spec("try-out", 99, true)));
    const run = (outdir: string, jobs: number) => {
      const env: NodeJS.ProcessEnv = { ...process.env, POLDER_TEST_APPS: apps, POLDER_TEST_ZONES: zones };
      const r = spawnSync(process.execPath, ["--import", "tsx", join(root, "test", "support", "zone-fleet-program.ts"), "--outdir", outdir, "--jobs", String(jobs)], { cwd: root, env, encoding: "utf8", timeout: 120_000 });
      return { code: r.status, out: r.stdout, err: r.stderr };
    };
    const one = run(join(dir, "one"), 1);
    expect(one.err).toBe("");
    expect(one.code).toBe(0);
    const two = run(join(dir, "two"), 2);
    expect(two.err).toBe("");
    expect(two.code).toBe(0);
    expect(two.out).toContain("in 2 processes");
    const list = files(join(dir, "one"));
    expect(list).toContain("stacks/lab-aws/cdk.tf.json");
    expect(list).toContain("stacks/try-out-sovereign/cdk.tf.json");
    expect(files(join(dir, "two"))).toEqual(list);
    for (const f of list) expect(readFileSync(join(dir, "two", f)).equals(readFileSync(join(dir, "one", f))), f).toBe(true);
  }, 180_000);

  // Pairs alternate aws, sovereign and shares are dealt round-robin: with two shares this process
  // synthesizes every aws stack, the worker every sovereign one.
  test.each([
    ["this process's share", "vm", /components\.orders-db\.strategy: strategy "vm" is not offered for postgres by (aws|azure|gcp)/],
    ["a worker's share", "managed", /components\.orders-db\.strategy: strategy "managed" is not offered for postgres by sovereign/],
  ])("a failure in %s fails the synth: exit 1, its message shown, previous output untouched", (_where, strategy, message) => {
    // A strategy only one target offers passes validation and placement, and fails in that target's share.
    const specs = fleet(2 * MIN_PAIRS_PER_WORKER, (spec, i) => {
      if (i === 5) spec.components["orders-db"].strategy = strategy;
    });
    const outdir = join(mkdtempSync(join(tmpdir(), "polder-par-")), "out");
    mkdirSync(outdir);
    writeFileSync(join(outdir, "previous.txt"), "kept");
    const r = synth(specs, outdir, 2);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^error: /m);
    expect(r.err).toMatch(message);
    expect(r.out).toBe("");
    expect(readdirSync(outdir)).toEqual(["previous.txt"]);
    expect(readdirSync(dirname(outdir))).toEqual(["out"]);
    expect(existsSync(join(outdir, "manifest.json"))).toBe(false);
  }, 180_000);
});
