// A targets file describes the clouds of a synth in YAML, with the same error quality as specs (#16 item 4).
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { runMain } from "../lib/cli/main";
import { chooseTargets, loadTargetsFile, parseTargetsFile, synthTargets, TARGET_KINDS, TARGETS_ENV } from "../lib/cli/targets-file";
import { SpecValidationError } from "../lib/core/errors";
import type { SovereignTarget } from "../lib/targets";
import { projectTargets } from "../stacks/targets";

const root = join(__dirname, "..");
const example = join(root, "examples", "targets", "targets.yaml");

function write(name: string, text: string): string {
  const file = join(mkdtempSync(join(tmpdir(), "polder-targets-")), name);
  writeFileSync(file, text);
  return file;
}

function issuesOf(f: () => unknown): string[] {
  try {
    f();
  } catch (e) {
    if (e instanceof SpecValidationError) return e.issues.map((i) => `${i.path}: ${i.message}`);
    throw e;
  }
  throw new Error("no error");
}

describe("targets file", () => {
  test("the example file makes a named sovereign target with its own services, endpoint, network and key manager, and an AWS target", () => {
    const [os, aws] = loadTargetsFile(example);
    expect(os).toMatchObject({ id: "sovereign", name: "rijkscloud", cloud: "rijkscloud", s3Endpoint: "https://s3.rijkscloud.example.nl", externalNetwork: "ext-net" });
    expect((os as SovereignTarget).services).toMatchObject({ dns: false, keyManager: false });
    expect((os as SovereignTarget).externalKeyManager?.name).toBe("Vault (ministry HSM)");
    expect(aws).toMatchObject({ id: "aws", name: "aws", region: "eu-central-1" });
  });

  test("every problem at once, each with its field path, the bad value and what is allowed", () => {
    const issues = issuesOf(() =>
      parseTargetsFile(
        {
          targets: {
            os: { kind: "sovereign", cloud: "c", region: "RegionOne", s3Endpoint: "http://plain.example.nl", services: { dns: "yes" }, colour: "blue" },
            cloud: { kind: "openstack" },
            aws: { kind: "aws", region: "us-east-1x", zone: "a" },
            Bad_Name: { kind: "aws", region: "eu-west-1" },
            named: { kind: "aws", region: "eu-west-1", name: "other" },
          },
          extra: 1,
        },
        "targets.yaml",
      ),
    );
    expect(issues).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^extra: unknown field/),
        expect.stringMatching(/^targets\.os\.s3Endpoint: "http:\/\/plain\.example\.nl" is not allowed: must be an https:\/\/ URL/),
        expect.stringMatching(/^targets\.os\.services\.dns: expected true or false, got "yes"/),
        expect.stringMatching(/^targets\.os\.colour: unknown field/),
        'targets.cloud.kind: "openstack" is not allowed: one of sovereign, aws',
        expect.stringMatching(/^targets\.aws\.region: "us-east-1x" is not an AWS region name/),
        "targets.aws.zone: unknown field: allowed are kind, region, partition",
        expect.stringMatching(/^targets\.Bad_Name: "Bad_Name" is not allowed as a target name: 1 to 30 lower-case/),
        "targets.named.name: is given by the entry's key: rename the key instead",
      ]),
    );
    expect(issues).toHaveLength(9);
  });

  test("a file without targets, or with an empty map, is refused", () => {
    expect(issuesOf(() => parseTargetsFile({}, "t.yaml"))).toEqual(["targets: is required"]);
    expect(issuesOf(() => parseTargetsFile({ targets: {} }, "t.yaml"))).toEqual(["targets: is empty: name at least one target"]);
  });

  test("YAML problems name the file; duplicated target names are refused, not merged", () => {
    const file = write("dup.yaml", "targets:\n  a:\n    kind: aws\n    region: eu-west-1\n  a:\n    kind: aws\n    region: eu-west-3\n");
    expect(() => loadTargetsFile(file)).toThrow(/dup\.yaml is invalid[\s\S]*not valid YAML/);
  });

  test("the kind table dispatches to the factories of `targets`", () => {
    expect(Object.keys(TARGET_KINDS)).toEqual(["sovereign", "aws"]);
    const [t] = parseTargetsFile({ targets: { x: { kind: "aws", region: "eusc-de-east-1", partition: "aws-eusc" } } }, "t");
    expect(t).toMatchObject({ id: "aws", name: "x", partition: "aws-eusc" });
  });
});

describe("choosing the targets of a synth", () => {
  const builtIn = () => projectTargets({});

  test("--targets wins over $POLDER_TARGETS, which wins over targets.yaml in the project root, which wins over the built-in targets", () => {
    const dir = mkdtempSync(join(tmpdir(), "polder-root-"));
    expect(chooseTargets(undefined, {}, dir, builtIn).targets.map((t) => t.name)).toEqual(["aws", "sovereign", "azure"]);
    writeFileSync(join(dir, "targets.yaml"), "targets:\n  home:\n    kind: aws\n    region: eu-west-3\n");
    expect(chooseTargets(undefined, {}, dir, builtIn).targets.map((t) => t.name)).toEqual(["home"]);
    expect(chooseTargets(undefined, { [TARGETS_ENV]: example }, dir, builtIn).targets.map((t) => t.name)).toEqual(["rijkscloud", "aws"]);
    const other = write("other.yaml", "targets:\n  cli:\n    kind: aws\n    region: eu-north-1\n");
    expect(chooseTargets(other, { [TARGETS_ENV]: example }, dir, builtIn)).toMatchObject({ file: other, targets: [{ name: "cli" }] });
  });

  test("--targets is taken out of the arguments and put in $POLDER_TARGETS for the worker processes", () => {
    const before = process.env[TARGETS_ENV];
    try {
      const chosen = synthTargets(["--spec", "a.yaml", "--targets", example, "--jobs", "2"], root, builtIn);
      expect(chosen.argv).toEqual(["--spec", "a.yaml", "--jobs", "2"]);
      expect(chosen.targets.map((t) => t.name)).toEqual(["rijkscloud", "aws"]);
      expect(process.env[TARGETS_ENV]).toBe(example);
    } finally {
      if (before === undefined) delete process.env[TARGETS_ENV];
      else process.env[TARGETS_ENV] = before;
    }
  });

  test("--targets without a file is an error", () => {
    expect(() => synthTargets(["--targets"], root, builtIn)).toThrow("--targets needs a file");
  });

  test("a synth on the file's targets uses its names and its S3 endpoint in the generated commands", () => {
    const outdir = join(mkdtempSync(join(tmpdir(), "polder-tf-")), "out");
    const logs: string[] = [];
    const intern = write("docs.yaml", "name: docs\nowner: team-docs\nclassification: intern\ncomponents:\n  files:\n    kind: bucket\n");
    const code = runMain(["--spec", intern, "--outdir", outdir], { targets: loadTargetsFile(example), examplesDir: root }, { log: (m: string) => logs.push(m), error: (m: string) => logs.push(m) });
    expect(logs.join("\n")).not.toContain("error");
    expect(code).toBe(0);
    expect(readdirSync(join(outdir, "stacks")).sort()).toEqual(["docs-aws", "docs-rijkscloud"]);
    const tf = readFileSync(join(outdir, "stacks", "docs-rijkscloud", "cdk.tf.json"), "utf8");
    expect(tf).toContain("--endpoint-url https://s3.rijkscloud.example.nl");
  });
});

test("every example app synthesizes on the example targets file (a cloud without Barbican and Designate)", () => {
  const outdir = join(mkdtempSync(join(tmpdir(), "polder-tf-")), "out");
  const logs: string[] = [];
  const code = runMain(["--outdir", outdir], { targets: loadTargetsFile(example), examplesDir: join(root, "examples") }, { log: (m: string) => logs.push(m), error: (m: string) => logs.push(m) });
  expect(logs.join("\n")).not.toContain("error");
  expect(code).toBe(0);
  expect(readdirSync(join(outdir, "stacks")).sort()).toEqual(["intake-aws", "intake-rijkscloud", "logistics-aws", "logistics-rijkscloud", "planning-rijkscloud"]);
});

describe("the project's built-in targets", () => {
  test("have no made-up S3 endpoint: object storage is Swift unless POLDER_OS_S3_ENDPOINT names one", () => {
    const os = projectTargets({}).find((t) => t.id === "sovereign") as SovereignTarget;
    expect(os.s3Endpoint).toBeUndefined();
    expect(os.capabilities.bucket).toEqual(["swift"]);
    const withS3 = projectTargets({ POLDER_OS_S3_ENDPOINT: "https://s3.cloud.example.nl" }).find((t) => t.id === "sovereign") as SovereignTarget;
    expect(withS3.capabilities.bucket).toEqual(["s3", "swift"]);
  });
});
