import { mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { runMain } from "../lib/cli/main";
import { targets } from "../lib/targets";

const examplesDir = join(__dirname, "..", "examples");
const aws = targets.aws({ region: "eu-central-1" });

function run(args: string[]) {
  const logs: string[] = [];
  const errors: string[] = [];
  const outdir = join(mkdtempSync(join(tmpdir(), "polder-cmd-")), "out");
  const code = runMain([...args, "--outdir", outdir], { targets: [aws], examplesDir }, { log: (m: string) => logs.push(m), error: (m: string) => errors.push(m) });
  return { code, out: logs.join("\n"), err: errors.join("\n"), outdir };
}

function writeSpec(content: string): string {
  const file = join(mkdtempSync(join(tmpdir(), "polder-spec-")), "app.yaml");
  writeFileSync(file, content);
  return file;
}

describe("synth command", () => {
  test("synthesizes every allowed example and lists the refused pairs with rule and reason", () => {
    const r = run([]);
    expect(r.code).toBe(0);
    expect(readdirSync(join(r.outdir, "stacks")).sort()).toEqual(["intake-aws", "logistics-aws"]);
    expect(r.out).toMatch(/left out 1 pair\(s\).*\n\s+planning on aws: rule stg-sovereign-only/);
  });

  test("an explicitly named spec that is refused exits 1 with the rule", () => {
    const r = run(["--spec", join(examplesDir, "planning.yaml")]);
    expect(r.code).toBe(1);
    expect(r.err).toContain("placement refused by rule 'stg-sovereign-only': classification 'stg-geheim' on target 'aws'");
  });

  test("an invalid spec exits 1 naming the file, field path and bad value", () => {
    const file = writeSpec("name: demo\nowner: team\nclassification: intern\nnetwork:\n  cidr: 10.0.0.0/8\n");
    const r = run(["--spec", file]);
    expect(r.code).toBe(1);
    expect(r.err).toContain(file);
    expect(r.err).toContain('network.cidr: "10.0.0.0/8" has prefix /8: allowed are /16 to /24');
  });

  test("YAML with a duplicated key is refused, not silently merged", () => {
    const r = run(["--spec", writeSpec("name: demo\nname: other\nowner: team\nclassification: intern\n")]);
    expect(r.code).toBe(1);
    expect(r.err).toContain("not valid YAML");
  });

  test("an unknown target exits 1 listing the configured ones", () => {
    const r = run(["--target", "azure"]);
    expect(r.code).toBe(1);
    expect(r.err).toContain("configured are aws");
  });

  test("an unknown option exits 1 with the usage", () => {
    const r = run(["--frobnicate"]);
    expect(r.code).toBe(1);
    expect(r.err).toContain("usage:");
  });
});
