// The `polder` command: subcommands with --help, exit 0 / 1 (refused or invalid, rule or field
// named) / 2 (bad usage), atomic output folders, and the same program on the snapshot path.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildSync } from "esbuild";
import { describe, expect, test } from "vitest";
import { runPolder } from "../lib/cli/polder";
import { projectTargets } from "../stacks/targets";

const root = join(__dirname, "..");
const examplesDir = join(root, "examples");
const logistics = join(examplesDir, "logistics.yaml");
const planning = join(examplesDir, "planning.yaml");
const options = { targets: projectTargets({}), examplesDir };

async function polder(...args: string[]) {
  const logs: string[] = [];
  const errors: string[] = [];
  const code = await runPolder(args, options, { log: (m: string) => logs.push(m), error: (m: string) => errors.push(m) });
  return { code, out: logs.join("\n"), err: errors.join("\n") };
}
const tmp = (name: string) => join(mkdtempSync(join(tmpdir(), "polder-cli-")), name);

describe("polder --help", () => {
  test("lists the four commands", async () => {
    const r = await polder("--help");
    expect(r.code).toBe(0);
    for (const c of ["synth", "report", "plan-migration", "exit-manifest"]) expect(r.out).toContain(c);
  });

  test.each(["synth", "report", "plan-migration", "exit-manifest"])("%s --help prints its options and exits 0", async (command) => {
    const r = await polder(command, "--help");
    expect(r.code).toBe(0);
    expect(r.out).toMatch(new RegExp(`^usage: polder ${command} `));
  });
});

describe("bad usage exits 2 with the usage", () => {
  test.each([
    [["frobnicate"], /unknown command "frobnicate"/],
    [["plan-migration", "--spec", logistics, "--from", "aws"], /--to is required/],
    [["plan-migration", "--spec", logistics, "--from", "aws", "--to", "nowhere"], /--to "nowhere": not a configured target; configured are .*aws.*sovereign/],
    [["plan-migration", "--spec", logistics, "--from", "aws", "--to", "aws"], /name two different targets/],
    [["plan-migration", "--spec", logistics, "--from", "aws", "--to", "sovereign", "--postgres-method", "pglogical"], /allowed are dump, logical/],
    [["exit-manifest", "--spec", logistics], /--target is required/],
    [["report", "--frobnicate"], /Unknown option '--frobnicate'/],
    [["synth", "--frobnicate"], /Unknown option '--frobnicate'/],
  ])("%j", async (args, message) => {
    const r = await polder(...args);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
    expect(r.err).toContain("usage: polder");
  });
});

describe("refused or invalid requests exit 1 naming the rule or field", () => {
  test("a move to a target the placement rules refuse", async () => {
    const r = await polder("plan-migration", "--spec", planning, "--from", "sovereign", "--to", "aws");
    expect(r.code).toBe(1);
    expect(r.err).toContain("placement refused by rule 'stg-sovereign-only': classification 'stg-geheim' on target 'aws'");
    expect(r.out).toBe("");
  });

  test("an exit manifest for a target the app may not be on", async () => {
    const r = await polder("exit-manifest", "--spec", planning, "--target", "aws");
    expect(r.code).toBe(1);
    expect(r.err).toContain("rule 'stg-sovereign-only'");
  });

  test("an invalid spec names the field", async () => {
    const file = tmp("bad.yaml");
    writeFileSync(file, "name: demo\nowner: team\nclassification: geheimpje\n");
    const r = await polder("plan-migration", "--spec", file, "--from", "aws", "--to", "sovereign");
    expect(r.code).toBe(1);
    expect(r.err).toContain('classification: "geheimpje" is not a classification level');
  });
});

describe("output", () => {
  test("plan-migration prints the runbook and writes runbook.md and runbook.json into --out", async () => {
    const out = tmp("runbook");
    const r = await polder("plan-migration", "--spec", logistics, "--from", "aws", "--to", "sovereign", "--out", out);
    expect(r.code).toBe(0);
    expect(r.out).toContain("# Migration runbook: logistics from aws to sovereign");
    expect(readdirSync(out).sort()).toEqual(["runbook.json", "runbook.md"]);
    expect(JSON.parse(readFileSync(join(out, "runbook.json"), "utf8"))).toMatchObject({ version: 1, from: { stack: "logistics-aws" }, to: { stack: "logistics-sovereign" } });
    expect(readFileSync(join(out, "runbook.md"), "utf8")).toBe(r.out);
  });

  test("--json prints the machine-readable runbook", async () => {
    const r = await polder("plan-migration", "--spec", logistics, "--from", "sovereign", "--to", "aws", "--json");
    expect(r.code).toBe(0);
    const runbook = JSON.parse(r.out);
    expect(runbook.steps[0]).toMatchObject({ id: "pre-placement", order: 1, phase: "pre-checks", dependsOn: [] });
  });

  test("a refused request leaves an existing --out folder exactly as it was", async () => {
    const out = tmp("keep");
    mkdirSync(out);
    writeFileSync(join(out, "runbook.md"), "previous");
    const r = await polder("plan-migration", "--spec", planning, "--from", "sovereign", "--to", "aws", "--out", out);
    expect(r.code).toBe(1);
    expect(readdirSync(out)).toEqual(["runbook.md"]);
    expect(readFileSync(join(out, "runbook.md"), "utf8")).toBe("previous");
    expect(readdirSync(join(out, "..")).filter((f) => f.startsWith(".polder-out"))).toEqual([]);
  });

  test("a successful one replaces the --out folder whole", async () => {
    const out = tmp("replace");
    mkdirSync(out);
    writeFileSync(join(out, "exit-manifest.md"), "from an earlier run");
    expect((await polder("exit-manifest", "--spec", logistics, "--target", "sovereign", "--out", out)).code).toBe(0);
    expect(readdirSync(out).sort()).toEqual(["exit-manifest.json", "exit-manifest.md"]);
    expect(readFileSync(join(out, "exit-manifest.md"), "utf8")).toContain("# Exit manifest: logistics on sovereign");
  });

  test("an --out folder holding other files is refused, never replaced", async () => {
    const out = tmp("project");
    mkdirSync(out);
    writeFileSync(join(out, "package.json"), "{}");
    const r = await polder("plan-migration", "--spec", logistics, "--from", "aws", "--to", "sovereign", "--out", out);
    expect(r.code).toBe(1);
    expect(r.err).toContain("holds files this command does not write (package.json)");
    expect(readdirSync(out)).toEqual(["package.json"]);
  });

  test("report writes the fleet summary and a report per stack into --out", async () => {
    const out = tmp("reports");
    const r = await polder("report", "--spec", logistics, "--target", "aws", "--target", "sovereign", "--out", out);
    expect(r.code).toBe(0);
    expect(r.out).toContain("# Sovereignty summary of the fleet");
    expect(readdirSync(join(out, "stacks")).sort()).toEqual(["logistics-aws", "logistics-sovereign"]);
    expect(existsSync(join(out, "stacks", "logistics-aws", "sovereignty.json"))).toBe(true);
    expect(JSON.parse(readFileSync(join(out, "sovereignty.json"), "utf8")).stacks).toHaveLength(2);
  });

  test("no command is synth: the stacks and their reports are written", async () => {
    const out = tmp("synth");
    const r = await polder("--spec", logistics, "--target", "aws", "--outdir", out);
    expect(r.code).toBe(0);
    expect(readdirSync(join(out, "stacks", "logistics-aws")).sort()).toEqual(["cdk.tf.json", "sovereignty.json", "sovereignty.md"]);
    expect(readdirSync(out).sort()).toEqual(["changes.json", "manifest.json", "polder-inputs.json", "sovereignty.json", "sovereignty.md", "stacks"]);
  });
});

describe("on the snapshot path", () => {
  test("the bundle started from its startup snapshot runs the subcommands with the same exit codes", () => {
    const dir = mkdtempSync(join(tmpdir(), "polder-cli-snapshot-"));
    const bundle = join(dir, "main.js");
    const blob = join(dir, "main.blob");
    buildSync({ entryPoints: [join(root, "stacks", "main.ts")], bundle: true, platform: "node", format: "iife", target: "node20", outfile: bundle, logLevel: "warning" });
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("POLDER_")));
    const build = spawnSync(process.execPath, ["--no-warnings", "--snapshot-blob", blob, "--build-snapshot", bundle], { cwd: root, env, encoding: "utf8", timeout: 120_000 });
    expect(build.status, build.stderr).toBe(0);
    const run = (...args: string[]) => spawnSync(process.execPath, ["--snapshot-blob", blob, "--", ...args], { cwd: root, env, encoding: "utf8", timeout: 120_000 });
    const help = run("plan-migration", "--help");
    expect(help.status).toBe(0);
    expect(help.stdout).toContain("usage: polder plan-migration");
    const plan = run("plan-migration", "--spec", logistics, "--from", "aws", "--to", "sovereign");
    expect(plan.status, plan.stderr).toBe(0);
    expect(plan.stdout).toContain("### Step 1: Destination placement");
    expect(run("plan-migration", "--spec", planning, "--from", "sovereign", "--to", "aws").status).toBe(1);
    expect(run("plan-migration", "--bogus").status).toBe(2);
  }, 180_000);
});
