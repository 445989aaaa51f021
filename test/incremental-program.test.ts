// Incremental synth as the program runs it: the bundle (plain, and from its startup snapshot, as
// `npm run synth` runs it) knows its own build fingerprint and keeps unchanged stacks; with
// --jobs the partial rebuild is byte-identical to a full one; and cdktf's own CLI (`cdktf synth`,
// which deletes every stack folder the new manifest does not name) agrees with a selection run
// followed by a full one (issue #16, item 2: it used to fail with ENOENT on a removed stack).
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildSync } from "esbuild";
import { beforeAll, describe, expect, test } from "vitest";
import { outputTree } from "./support/output-tree";

const root = join(__dirname, "..");
const dir = mkdtempSync(join(tmpdir(), "polder-inc-program-"));
const bundle = join(dir, "main.js");
const blob = join(dir, "main.blob");

function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const k of Object.keys(env)) if (k.startsWith("POLDER_") || k.startsWith("CDKTF_") || k === "SYNTH_HCL_OUTPUT") delete env[k];
  return { ...env, ...extra };
}

/** A project folder: its examples are `count` small specs (no package.json: the program uses the working directory's examples). */
function project(count: number): string {
  const p = mkdtempSync(join(tmpdir(), "polder-inc-project-"));
  mkdirSync(join(p, "examples"));
  for (let i = 0; i < count; i++) writeSpec(p, i, true);
  return p;
}
function writeSpec(p: string, i: number, versioning: boolean): void {
  const name = `app-${String(i).padStart(2, "0")}`;
  writeFileSync(join(p, "examples", `${name}.yaml`), `name: ${name}\nowner: team\nclassification: intern\ncomponents:\n  docs:\n    kind: bucket\n    versioning: ${versioning}\n`);
}

function run(cwd: string, args: string[], how: "plain" | "snapshot" = "plain") {
  const argv = how === "snapshot" ? ["--snapshot-blob", blob, "--", ...args] : [bundle, ...args];
  const r = spawnSync(process.execPath, argv, { cwd, env: cleanEnv(), encoding: "utf8", timeout: 180_000 });
  const kept = Number(/\((\d+) kept: inputs unchanged\)/.exec(r.stdout)?.[1] ?? 0);
  return { code: r.status, out: r.stdout, err: r.stderr, kept };
}

beforeAll(() => {
  // The same build as `npm run bundle`, from the TypeScript sources.
  buildSync({ entryPoints: [join(root, "stacks", "main.ts")], bundle: true, platform: "node", format: "iife", target: "node20", outfile: bundle, logLevel: "warning" });
  const r = spawnSync(process.execPath, ["--no-warnings", "--snapshot-blob", blob, "--build-snapshot", bundle], { cwd: root, env: cleanEnv(), encoding: "utf8", timeout: 180_000 });
  if (r.status !== 0) throw new Error(`building the snapshot failed: ${r.stderr}`);
}, 240_000);

describe("the bundled program", () => {
  test("knows its build: a second run keeps every stack, plain and from the snapshot", { timeout: 240_000 }, () => {
    const p = project(2);
    // Absolute paths: a process started from the snapshot sees the working directory the snapshot
    // was built in (graceful-fs, bundled, caches process.cwd()); see the report of issue #15.
    const args = [...readdirSync(join(p, "examples")).flatMap((f) => ["--spec", join(p, "examples", f)]), "--outdir", join(p, "cdktf.out")];
    expect(run(p, args).code).toBe(0);
    const again = run(p, args);
    expect(again.code, again.err).toBe(0);
    expect(again.kept).toBe(6);
    const fromSnapshot = run(p, args, "snapshot");
    expect(fromSnapshot.code, fromSnapshot.err).toBe(0);
    expect(fromSnapshot.kept).toBe(6);
  });

  test("--jobs 2 rebuilding part of the stacks writes the bytes of a full --jobs 1 synth", { timeout: 240_000 }, () => {
    const p = project(20);
    const first = run(p, ["--jobs", "2"]);
    expect(first.code, first.err).toBe(0);
    expect(first.out).toContain("in 2 processes");
    // Nine apps change: 27 stacks to build (aws, sovereign, azure), enough for two processes; 33 are kept.
    for (let i = 0; i < 9; i++) writeSpec(p, i * 2, false);
    const copy = join(p, "copy");
    cpSync(join(p, "cdktf.out"), copy, { recursive: true });
    const inc = run(p, ["--jobs", "2"]);
    expect(inc.code, inc.err).toBe(0);
    expect(inc.out).toContain("in 2 processes");
    expect(inc.kept).toBe(33);
    expect(run(p, ["--full", "--jobs", "1", "--outdir", copy]).code).toBe(0);
    expect(outputTree(join(p, "cdktf.out"))).toEqual(outputTree(copy));
    expect(JSON.parse(readFileSync(join(copy, "changes.json"), "utf8")).changed).toHaveLength(27);
  });
});

describe("cdktf's CLI after a selection run", () => {
  const cdktf = join(root, "node_modules", ".bin", "cdktf");

  function cdktfSynth(p: string) {
    writeFileSync(join(p, "cdktf.json"), JSON.stringify({ language: "typescript", app: `"${process.execPath}" "${bundle}"`, projectId: "polder-test", sendCrashReports: "false", terraformProviders: [], terraformModules: [], context: {} }));
    // Offline: no version check against HashiCorp's service.
    const r = spawnSync(cdktf, ["synth"], { cwd: p, env: cleanEnv({ CHECKPOINT_DISABLE: "1", CI: "1", FORCE_COLOR: "0" }), encoding: "utf8", timeout: 180_000 });
    return { code: r.status, out: `${r.stdout}\n${r.stderr}` };
  }

  test("a --spec run, then `cdktf synth`: no ENOENT, the extra stack removed, every other stack in place", { timeout: 240_000 }, () => {
    const p = project(2);
    expect(cdktfSynth(p).code).toBe(0);
    const extra = join(p, "extra.yaml");
    writeFileSync(extra, "name: extra\nowner: team\nclassification: intern\ncomponents:\n  docs:\n    kind: bucket\n");
    const selection = run(p, ["--spec", extra, "--target", "aws"]);
    expect(selection.code, selection.err).toBe(0);
    // The selection adds its stack beside the others, which cdktf's CLI still sees.
    expect(readdirSync(join(p, "cdktf.out", "stacks")).sort()).toEqual(["app-00-aws", "app-00-azure", "app-00-sovereign", "app-01-aws", "app-01-azure", "app-01-sovereign", "extra-aws"]);
    const r = cdktfSynth(p);
    expect(r.out).not.toMatch(/ENOENT/);
    expect(r.code, r.out).toBe(0);
    expect(readdirSync(join(p, "cdktf.out", "stacks")).sort()).toEqual(["app-00-aws", "app-00-azure", "app-00-sovereign", "app-01-aws", "app-01-azure", "app-01-sovereign"]);
    const changes = JSON.parse(readFileSync(join(p, "cdktf.out", "changes.json"), "utf8"));
    expect(changes.removed).toEqual(["extra-aws"]);
    expect(Object.keys(JSON.parse(readFileSync(join(p, "cdktf.out", "manifest.json"), "utf8")).stacks).sort()).toEqual(["app-00-aws", "app-00-azure", "app-00-sovereign", "app-01-aws", "app-01-azure", "app-01-sovereign"]);
    expect(existsSync(join(p, "cdktf.out", "stacks", "extra-aws"))).toBe(false);
  });
});
