// The synth program started from a V8 startup snapshot of its bundle (how `npm run synth` runs it)
// must behave exactly like the plain bundle: same bytes, the environment read when it runs (not
// when the snapshot was built), workers started from the snapshot too, errors as usual.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { buildSync } from "esbuild";
import { parse } from "yaml";
import { beforeAll, describe, expect, test } from "vitest";
import { warmUpSynth } from "../lib/cli/warm-up";
import { projectTargets } from "../stacks/targets";

const root = join(__dirname, "..");
const dir = mkdtempSync(join(tmpdir(), "polder-snapshot-"));
const bundle = join(dir, "main.js");
const blob = join(dir, "main.blob");

function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const k of Object.keys(env)) if (k.startsWith("POLDER_")) delete env[k];
  return { ...env, ...extra };
}

function run(how: "snapshot" | "plain", args: string[], env: Record<string, string> = {}) {
  const argv = how === "snapshot" ? ["--snapshot-blob", blob, "--", ...args] : [bundle, ...args];
  const r = spawnSync(process.execPath, argv, { cwd: root, env: cleanEnv(env), encoding: "utf8", timeout: 120_000 });
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

const outdir = (name: string) => join(dir, "out", name);

beforeAll(() => {
  // The same build as `npm run bundle`, from the TypeScript sources.
  buildSync({ entryPoints: [join(root, "stacks", "main.ts")], bundle: true, platform: "node", format: "iife", target: "node20", outfile: bundle, logLevel: "warning" });
  const r = spawnSync(process.execPath, ["--no-warnings", "--snapshot-blob", blob, "--build-snapshot", bundle], { cwd: root, env: cleanEnv({ POLDER_AWS_REGION: "eu-north-1" }), encoding: "utf8", timeout: 120_000 });
  if (r.status !== 0) throw new Error(`building the snapshot failed: ${r.stderr}`);
}, 120_000);

describe("synth started from a startup snapshot", () => {
  const logistics = join(root, "examples", "logistics.yaml");

  test("writes the same bytes as the plain bundle", () => {
    expect(run("snapshot", ["--spec", logistics, "--outdir", outdir("snap")]).code).toBe(0);
    expect(run("plain", ["--spec", logistics, "--outdir", outdir("plain")]).code).toBe(0);
    expect(tree(outdir("snap"))).toEqual(tree(outdir("plain")));
  });

  test("reads the environment when it runs, not when the snapshot was built", () => {
    // The snapshot was built with POLDER_AWS_REGION=eu-north-1.
    expect(run("snapshot", ["--spec", logistics, "--target", "aws", "--outdir", outdir("region")], { POLDER_AWS_REGION: "eu-west-1" }).code).toBe(0);
    const tf = JSON.parse(readFileSync(join(outdir("region"), "stacks", "logistics-aws", "cdk.tf.json"), "utf8")) as { provider: { aws: { region: string }[] } };
    expect(tf.provider.aws[0].region).toBe("eu-west-1");
  });

  test("starts its --jobs workers from the snapshot, with the same output as one process", () => {
    const spec = parse(readFileSync(logistics, "utf8")) as Record<string, any>;
    const specs = Array.from({ length: 8 }, (_, i) => {
      const s = structuredClone(spec);
      s.name = `snap-${i}`;
      s.components.zone.domain = `${s.name}.example.nl`;
      s.components.api.domain = `api.${s.name}.example.nl`;
      const file = join(dir, `${s.name}.json`);
      writeFileSync(file, JSON.stringify(s));
      return ["--spec", file];
    }).flat();
    const parallel = run("snapshot", [...specs, "--outdir", outdir("jobs-2"), "--jobs", "2"]);
    expect(parallel.out).toContain("in 2 processes");
    expect(parallel.code).toBe(0);
    expect(run("plain", [...specs, "--outdir", outdir("jobs-1"), "--jobs", "1"]).code).toBe(0);
    expect(tree(outdir("jobs-2"))).toEqual(tree(outdir("jobs-1")));
  });

  test("a bad spec fails with the field, exit code 1 and no output", () => {
    const bad = join(dir, "bad.yaml");
    writeFileSync(bad, readFileSync(logistics, "utf8").replace("classification: intern", "classification: topsecret"));
    const r = run("snapshot", ["--spec", bad, "--outdir", outdir("bad")]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/classification.*topsecret/);
    expect(existsSync(outdir("bad"))).toBe(false);
  });
});

describe("warm-up before a snapshot is taken", () => {
  const registry = () => (globalThis as { __cdktfTokenMap?: { stringTokenMap: Map<string, unknown>; numberTokenMap: Map<number, unknown> } }).__cdktfTokenMap!;

  test("keeps none of the tokens its synth made (they would hold the whole warm-up app)", () => {
    const before = [registry().stringTokenMap.size, registry().numberTokenMap.size];
    warmUpSynth({ targets: projectTargets({}), examplesDir: join(root, "examples") });
    expect([registry().stringTokenMap.size, registry().numberTokenMap.size]).toEqual(before);
  });

  test("fails loudly when its synth fails, so no broken snapshot is built", () => {
    const examples = mkdtempSync(join(tmpdir(), "polder-warm-up-bad-"));
    writeFileSync(join(examples, "bad.yaml"), "name: Not A Name\n");
    expect(() => warmUpSynth({ targets: projectTargets({}), examplesDir: examples })).toThrow(/warm-up synth failed[\s\S]*name/);
  });
});
