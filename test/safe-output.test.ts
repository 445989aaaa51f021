// Safe output, end to end: a synth that fails (bad spec, refused placement, an error while building
// the stacks) leaves the previous output byte-identical, writes nothing for the failing stack and
// leaves no staging directory behind. In process through runMain, and as a program (tsx).
import { spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { beforeAll, describe, expect, test } from "vitest";
import { runMain } from "../lib/cli/main";
import { targets } from "../lib/targets";

const root = join(__dirname, "..");
const examplesDir = join(root, "examples");
const aws = targets.aws({ region: "eu-central-1" });

/** Every file under dir with the SHA-256 of its bytes. */
function tree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out[relative(dir, p)] = createHash("sha256").update(readFileSync(p)).digest("hex");
    }
  };
  walk(dir);
  return out;
}

function run(args: string[], outdir: string) {
  const errors: string[] = [];
  const code = runMain([...args, "--outdir", outdir], { targets: [aws], examplesDir }, { log: () => {}, error: (m: string) => errors.push(m) });
  return { code, err: errors.join("\n") };
}

function writeSpec(name: string, content: string): string {
  const file = join(mkdtempSync(join(tmpdir(), "polder-spec-")), name);
  writeFileSync(file, content);
  return file;
}

/** Staging directories the synth leaves beside the output. */
const leftovers = (outdir: string) => readdirSync(dirname(outdir)).filter((f) => f.startsWith(".polder-out-"));

const badSpec = () => writeSpec("bad.yaml", "name: demo\nowner: team\nclassification: intern\nnetwork:\n  cidr: 10.0.0.0/8\n");
const goodSpec = () => writeSpec("good.yaml", "name: good\nowner: team\nclassification: intern\ncomponents:\n  docs:\n    kind: bucket\n");

describe("a failing synth after a good one", () => {
  let outdir: string;
  let before: Record<string, string>;

  beforeAll(() => {
    outdir = join(mkdtempSync(join(tmpdir(), "polder-safe-")), "out");
    expect(run([], outdir).code).toBe(0);
    before = tree(outdir);
  });

  test("the good run wrote every allowed example", () => {
    expect(Object.keys(before)).toEqual(expect.arrayContaining([join("stacks", "intake-aws", "cdk.tf.json"), join("stacks", "logistics-aws", "cdk.tf.json")]));
  });

  test("an invalid spec exits 1 and leaves the output byte-identical, with no staging left", () => {
    expect(run(["--spec", badSpec()], outdir).code).toBe(1);
    expect(tree(outdir)).toEqual(before);
    expect(leftovers(outdir)).toEqual([]);
  });

  test("a refused placement exits 1 and leaves the output byte-identical", () => {
    expect(run(["--spec", join(examplesDir, "planning.yaml")], outdir).code).toBe(1);
    expect(tree(outdir)).toEqual(before);
    expect(leftovers(outdir)).toEqual([]);
  });

  test("an error while building the stacks writes nothing, not even the stacks built before it", () => {
    // The second spec is valid data, but pins a strategy the target does not offer: it fails
    // inside the build, after the first app's stack exists in the staging directory.
    const pinned = writeSpec("pinned.yaml", "name: pinned\nowner: team\nclassification: intern\ncomponents:\n  k:\n    kind: key\n    strategy: vm\n");
    const r = run(["--spec", goodSpec(), "--spec", pinned], outdir);
    expect(r.code).toBe(1);
    expect(r.err).toContain("components.k.strategy");
    expect(tree(outdir)).toEqual(before);
    expect(existsSync(join(outdir, "stacks", "good-aws"))).toBe(false);
    expect(leftovers(outdir)).toEqual([]);
  });
});

test("a failing first synth creates no output directory at all", () => {
  const outdir = join(mkdtempSync(join(tmpdir(), "polder-safe-")), "out");
  expect(run(["--spec", badSpec()], outdir).code).toBe(1);
  expect(existsSync(outdir)).toBe(false);
  expect(leftovers(outdir)).toEqual([]);
});

describe("after a synth that was killed (a cancelled pipeline job)", () => {
  /** The id of a process that has ended. */
  const deadPid = () => spawnSync(process.execPath, ["-e", ""]).pid;
  const changes = (outdir: string) => JSON.parse(readFileSync(join(outdir, "changes.json"), "utf8"));
  /** A good synth's output, its spec, and the staging name of a synth (of a dead process) beside it. */
  const afterGoodSynth = () => {
    const outdir = join(mkdtempSync(join(tmpdir(), "polder-killed-")), "out");
    const spec = goodSpec();
    expect(run(["--spec", spec], outdir).code).toBe(0);
    return { outdir, spec, previous: tree(outdir), staging: join(dirname(outdir), `.polder-out-out-${deadPid()}`) };
  };
  /** The output apart from its change list, which says what the last run did. */
  const withoutChanges = (t: Record<string, string>) => ({ ...t, "changes.json": "" });

  test("its staging and trash folders are removed by the next synth", () => {
    const outdir = join(mkdtempSync(join(tmpdir(), "polder-killed-")), "out");
    const staging = join(dirname(outdir), `.polder-out-out-${deadPid()}`);
    mkdirSync(join(staging, "stacks", "half-aws"), { recursive: true });
    mkdirSync(join(`${staging}-trash`, "old-aws"), { recursive: true });
    expect(run(["--spec", goodSpec()], outdir).code).toBe(0);
    expect(leftovers(outdir)).toEqual([]);
  });

  test("killed between the two renames of its commit, the previous output is put back and kept", () => {
    const { outdir, spec, previous, staging } = afterGoodSynth();
    renameSync(outdir, `${staging}-previous`);
    cpSync(`${staging}-previous`, staging, { recursive: true });
    expect(run(["--spec", spec], outdir).code).toBe(0);
    expect(changes(outdir)).toMatchObject({ added: [], unchanged: ["good-aws"] });
    expect(withoutChanges(tree(outdir))).toEqual(withoutChanges(previous));
    expect(leftovers(outdir)).toEqual([]);
  });

  test("killed while it assembled the output, the stacks it had taken are built again", () => {
    const { outdir, spec, previous, staging } = afterGoodSynth();
    mkdirSync(staging);
    renameSync(join(outdir, "stacks"), join(staging, "stacks"));
    expect(run(["--spec", spec], outdir).code).toBe(0);
    expect(changes(outdir)).toMatchObject({ added: [], changed: ["good-aws"], unchanged: [] });
    expect(withoutChanges(tree(outdir))).toEqual(withoutChanges(previous));
    expect(leftovers(outdir)).toEqual([]);
  });

  test("the folders of a synth still running are left alone", () => {
    const outdir = join(mkdtempSync(join(tmpdir(), "polder-killed-")), "out");
    const child = spawn(process.execPath, ["-e", "setTimeout(() => {}, 60000)"]);
    try {
      const staging = join(dirname(outdir), `.polder-out-out-${child.pid}`);
      mkdirSync(staging);
      expect(run(["--spec", goodSpec()], outdir).code).toBe(0);
      expect(leftovers(outdir)).toEqual([`.polder-out-out-${child.pid}`]);
    } finally {
      child.kill();
    }
  });
});

describe("the synth program", () => {
  test("exits 1 on a bad spec, names the field on stderr, and leaves the previous output as it was", () => {
    const outdir = join(mkdtempSync(join(tmpdir(), "polder-cli-")), "out");
    expect(run(["--spec", goodSpec()], outdir).code).toBe(0);
    const previous = tree(outdir);
    const bad = badSpec();
    const r = spawnSync(join(root, "node_modules", ".bin", "tsx"), [join(root, "stacks", "main.ts"), "--spec", bad, "--outdir", outdir], { cwd: root, encoding: "utf8", timeout: 60_000 });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(bad);
    expect(r.stderr).toContain('network.cidr: "10.0.0.0/8" has prefix /8');
    expect(tree(outdir)).toEqual(previous);
    expect(leftovers(outdir)).toEqual([]);
  });
});
