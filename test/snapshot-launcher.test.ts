// bin/snapshot.sh starts the synth the way pipelines do (npm run synth, cdktf synth): from the
// startup snapshot when it fits this Node and NODE_OPTIONS, else from the plain bundle, never
// failing for a snapshot (#16 items 1 and 3).
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { buildSync } from "esbuild";
import { beforeAll, describe, expect, test } from "vitest";

const root = join(__dirname, "..");
const script = join(root, "bin", "snapshot.sh");
const dir = mkdtempSync(join(tmpdir(), "polder-launcher-"));
const logistics = join(root, "examples", "logistics.yaml");

function env(nodeOptions: string | undefined): NodeJS.ProcessEnv {
  const e = { ...process.env };
  for (const k of Object.keys(e)) if (k.startsWith("POLDER_") || k === "NODE_OPTIONS") delete e[k];
  return nodeOptions === undefined ? e : { ...e, NODE_OPTIONS: nodeOptions };
}

function sh(args: string[], nodeOptions?: string) {
  const r = spawnSync("sh", [script, ...args], { cwd: root, env: env(nodeOptions), encoding: "utf8", timeout: 180_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function tree(base: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) e.isDirectory() ? walk(join(d, e.name)) : (out[relative(base, join(d, e.name))] = readFileSync(join(d, e.name), "utf8"));
  };
  walk(base);
  return out;
}

/** A bundle of the synth, as `npm run bundle` makes it, in its own folder. */
function bundleIn(name: string): string {
  const folder = join(dir, name);
  mkdirSync(folder);
  const bundle = join(folder, "main.js");
  buildSync({ entryPoints: [join(root, "stacks", "main.ts")], bundle: true, platform: "node", format: "iife", target: "node20", outfile: bundle, logLevel: "warning" });
  return bundle;
}

let plain: string;
let built: { code: number | null; err: string };

beforeAll(() => {
  plain = bundleIn("plain");
  // Built without NODE_OPTIONS, as `npm run bundle` in a shell builds it.
  built = sh(["build", plain]);
  if (built.code !== 0) throw new Error(`building the snapshot failed: ${built.err}`);
}, 180_000);

describe("bin/snapshot.sh", () => {
  test("relative --spec and --outdir resolve against the folder the snapshot runs in, not the one it was built in", () => {
    const work = mkdtempSync(join(tmpdir(), "polder-cwd-"));
    copyFileSync(logistics, join(work, "app.yaml"));
    const r = spawnSync("sh", [script, "run", plain, "--spec", "app.yaml", "--target", "aws", "--outdir", "out"], { cwd: work, env: env(undefined), encoding: "utf8", timeout: 180_000 });
    expect(r.status, r.stderr).toBe(0);
    expect(readdirSync(join(work, "out", "stacks"))).toEqual(["logistics-aws"]);
  });

  test("building a snapshot prints nothing on stderr (no 'Deleting Error.stackTraceLimit' line)", () => {
    expect(built.err).toBe("");
  });

  test("the synth started under another NODE_OPTIONS than the snapshot was built with succeeds, quietly, with the same bytes", () => {
    // cdktf runs its app with this NODE_OPTIONS; `node --snapshot-blob` alone exits 14 here.
    const refused = spawnSync(process.execPath, ["--snapshot-blob", plain.replace(/\.js$/, ".blob"), "--", "--help"], { env: env("--max-old-space-size=4096"), encoding: "utf8" });
    expect(refused.status).toBe(14);

    const other = sh(["run", plain, "--spec", logistics, "--outdir", join(dir, "out-4096")], "--max-old-space-size=4096");
    expect(other.err).toBe("");
    expect(other.code).toBe(0);
    const same = sh(["run", plain, "--spec", logistics, "--outdir", join(dir, "out-same")]);
    expect(same.code).toBe(0);
    expect(tree(join(dir, "out-4096"))).toEqual(tree(join(dir, "out-same")));
  });

  test("a snapshot built under a NODE_OPTIONS runs under it, and falls back without it", () => {
    const bundle = bundleIn("built-4096");
    expect(sh(["build", bundle], "--max-old-space-size=4096").code).toBe(0);
    expect(sh(["run", bundle, "--help"], "--max-old-space-size=4096")).toMatchObject({ code: 0, err: "" });
    expect(sh(["run", bundle, "--help"])).toMatchObject({ code: 0, err: "" });
  });

  test("uses the snapshot when it fits: it runs even when the plain bundle beside it could not", () => {
    const bundle = bundleIn("fits");
    expect(sh(["build", bundle]).code).toBe(0);
    // Break the plain bundle but keep it older than the snapshot: only the snapshot can answer.
    writeFileSync(bundle, "process.exit(7);\n");
    utimesSync(bundle, new Date(2000, 0, 1), new Date(2000, 0, 1));
    const r = sh(["run", bundle, "--help"]);
    expect(r.code).toBe(0);
    expect(r.out).toContain("usage: polder");
  });

  test("a snapshot older than its bundle is not used (it would hold old code)", () => {
    const bundle = bundleIn("stale");
    expect(sh(["build", bundle]).code).toBe(0);
    writeFileSync(bundle, "console.log('plain bundle ran');\n");
    expect(sh(["run", bundle])).toMatchObject({ code: 0, out: "plain bundle ran\n" });
  });

  test("a snapshot Node refuses despite a matching record (exit 14) falls back to the plain bundle", () => {
    const bundle = bundleIn("refused");
    expect(sh(["build", bundle], "--max-old-space-size=4096").code).toBe(0);
    // Recorded as if built without NODE_OPTIONS (as when a version manager's shim hides a Node upgrade).
    copyFileSync(plain.replace(/\.js$/, ".blob.id"), bundle.replace(/\.js$/, ".blob.id"));
    const r = sh(["run", bundle, "--help"]);
    expect(r.code).toBe(0);
    expect(r.out).toContain("usage: polder");
    expect(r.err).toContain("running the plain bundle instead");
  });

  test("errors in a snapshot-started program keep their stack traces", () => {
    const folder = join(dir, "limit");
    mkdirSync(folder);
    const entry = join(folder, "entry.ts");
    writeFileSync(entry, `import { runProgram } from ${JSON.stringify(join(root, "lib", "cli", "program"))};\nrunProgram(() => { console.log(String(Error.stackTraceLimit)); return 0; });\n`);
    const bundle = join(folder, "main.js");
    buildSync({ entryPoints: [entry], bundle: true, platform: "node", format: "iife", target: "node20", outfile: bundle, logLevel: "warning" });
    const b = sh(["build", bundle]);
    expect(b).toMatchObject({ code: 0, err: "" });
    expect(sh(["run", bundle])).toMatchObject({ code: 0, out: "10\n" });
  });
});
