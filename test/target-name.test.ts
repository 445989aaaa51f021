import { mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { runMain } from "../lib/cli/main";
import { SpecValidationError } from "../lib/core/errors";
import { TargetStack } from "../lib/core/target-stack";
import { targets } from "../lib/targets";

const examplesDir = join(__dirname, "..", "examples");
const quiet = { log: () => {}, error: () => {} };

describe("target names", () => {
  test("the name defaults to the target id, so existing stack ids stay as they are", () => {
    expect(TargetStack.stackId("ledger", targets.aws({ region: "eu-central-1" }))).toBe("ledger-aws");
    expect(TargetStack.stackId("ledger", targets.sovereign({ cloud: "c", region: "r" }))).toBe("ledger-sovereign");
  });

  test("two targets of the same kind with their own names give two stacks of one app", () => {
    const outdir = join(mkdtempSync(join(tmpdir(), "polder-names-")), "out");
    const two = [targets.aws({ region: "eu-central-1" }), targets.aws({ region: "eusc-de-east-1", partition: "aws-eusc", name: "aws-eusc" })];
    const code = runMain(["--spec", join(examplesDir, "logistics.yaml"), "--outdir", outdir], { targets: two, examplesDir }, quiet);
    expect(code).toBe(0);
    expect(readdirSync(join(outdir, "stacks")).sort()).toEqual(["logistics-aws", "logistics-aws-eusc"]);
  });

  test("two configured targets with one name are an error naming the name", () => {
    const errors: string[] = [];
    const two = [targets.aws({ region: "eu-central-1" }), targets.aws({ region: "eu-west-1" })];
    const code = runMain(["--outdir", join(mkdtempSync(join(tmpdir(), "polder-names-")), "out")], { targets: two, examplesDir }, { log: () => {}, error: (m) => errors.push(m) });
    expect(code).toBe(1);
    expect(errors.join("\n")).toMatch(/targets aws are configured twice/);
  });

  test("--target selects by name", () => {
    const outdir = join(mkdtempSync(join(tmpdir(), "polder-names-")), "out");
    const two = [targets.aws({ region: "eu-central-1", name: "aws-frankfurt" }), targets.aws({ region: "eu-west-1", name: "aws-dublin" })];
    const code = runMain(["--spec", join(examplesDir, "logistics.yaml"), "--target", "aws-dublin", "--outdir", outdir], { targets: two, examplesDir }, quiet);
    expect(code).toBe(0);
    expect(readdirSync(join(outdir, "stacks"))).toEqual(["logistics-aws-dublin"]);
  });

  test.each([
    ["aws", () => targets.aws({ region: "eu-central-1", name: "AWS prod" })],
    ["sovereign", () => targets.sovereign({ cloud: "c", region: "r", name: "-x" })],
  ])("a bad %s target name is a spec error naming the field and the value", (_, make) => {
    expect(make).toThrow(SpecValidationError);
    expect(make).toThrow(/name.*(AWS prod|-x).*lower-case letters/s);
  });
});
