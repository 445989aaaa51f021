// `--spec` without `--target` places the app wherever the rules allow it and lists the refusals;
// a refusal is an error only on a target the user named, or when no target accepts the app (#16 item 5).
import { existsSync, mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { runMain } from "../lib/cli/main";
import { targets } from "../lib/targets";
import { ALL_SERVICES, sovereignTarget } from "./support/sovereign";

const examplesDir = join(__dirname, "..", "examples");
const planning = join(examplesDir, "planning.yaml"); // stg-geheim
const aws = targets.aws({ region: "eu-central-1" });
const accredited = sovereignTarget({ services: ALL_SERVICES, accreditedUpTo: "stg-geheim" });

function run(args: string[], configured = [aws, accredited]) {
  const logs: string[] = [];
  const errors: string[] = [];
  const outdir = join(mkdtempSync(join(tmpdir(), "polder-sel-")), "out");
  const code = runMain([...args, "--outdir", outdir], { targets: configured, examplesDir }, { log: (m: string) => logs.push(m), error: (m: string) => errors.push(m) });
  return { code, out: logs.join("\n"), err: errors.join("\n"), outdir };
}

describe("--spec without --target", () => {
  test("synthesizes the app on every target that allows it, lists the refused ones and exits 0", () => {
    const r = run(["--spec", planning]);
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    expect(readdirSync(join(r.outdir, "stacks"))).toEqual(["planning-sovereign"]);
    expect(r.out).toMatch(/left out 1 pair\(s\)[^\n]*\n\s+planning on aws: rule stg-sovereign-only/);
  });

  test("an app no configured target accepts is an error listing every refusal, and nothing is written", () => {
    const r = run(["--spec", planning], [aws, sovereignTarget({ services: ALL_SERVICES })]);
    expect(r.code).toBe(1);
    expect(r.err).toContain("app 'planning' (stg-geheim) may run on none of the targets");
    expect(r.err).toMatch(/- aws: rule stg-sovereign-only/);
    expect(r.err).toMatch(/- sovereign: rule accreditation/);
    expect(existsSync(r.outdir)).toBe(false);
  });
});

describe("--spec with --target", () => {
  test("a refusal on a named target is an error with the rule", () => {
    const r = run(["--spec", planning, "--target", "aws"]);
    expect(r.code).toBe(1);
    expect(r.err).toContain("placement refused by rule 'stg-sovereign-only': classification 'stg-geheim' on target 'aws'");
  });

  test("naming an accepting and a refusing target is still an error for the refusing one", () => {
    const r = run(["--spec", planning, "--target", "sovereign", "--target", "aws"]);
    expect(r.code).toBe(1);
    expect(r.err).toContain("on target 'aws'");
  });

  test("naming only the accepting target synthesizes there", () => {
    const r = run(["--spec", planning, "--target", "sovereign"]);
    expect(r.code).toBe(0);
    expect(readdirSync(join(r.outdir, "stacks"))).toEqual(["planning-sovereign"]);
  });
});
