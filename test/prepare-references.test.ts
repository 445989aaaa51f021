// TargetStack replaces cdktf's preparing pass with one that hands only token-bearing values to
// cdktf's resolver. These tests hold it to cdktf's own pass: the same synthesized files, the same
// cross-stack registrations, the same errors.
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { SsmParameter } from "@cdktf/provider-aws/lib/ssm-parameter";
import { App, Fn, Lazy, TerraformOutput, TerraformStack, Token } from "cdktf";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, test } from "vitest";
import { loadAppSpec } from "../lib/app/load";
import { runMain } from "../lib/cli/main";
import { PortableApp } from "../lib/app/portable-app";
import { TargetStack } from "../lib/core/target-stack";
import { evaluatePlacement } from "../lib/policy/placement";
import { aws } from "../lib/targets/aws/target";
import { projectTargets } from "../stacks/targets";

const PROJECT_TARGETS = projectTargets({});
const examplesDir = join(__dirname, "..", "examples");
const examples = readdirSync(examplesDir).filter((f) => /\.(ya?ml|json)$/.test(f)).sort();

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** Every stack's cdk.tf.json after `app.synth()`, with Polder's preparing pass or cdktf's own. */
function synthesize(build: (app: App) => void, pass: "polder" | "cdktf"): Record<string, string> {
  const outdir = mkdtempSync(join(tmpdir(), "polder-prepare-"));
  dirs.push(outdir);
  const polderPass = TargetStack.prototype.prepareStack;
  if (pass === "cdktf") TargetStack.prototype.prepareStack = TerraformStack.prototype.prepareStack;
  try {
    const app = new App({ outdir, stackTraces: false });
    build(app);
    app.synth();
  } finally {
    TargetStack.prototype.prepareStack = polderPass;
  }
  const stacks = join(outdir, "stacks");
  return Object.fromEntries(readdirSync(stacks).sort().map((s) => [s, readFileSync(join(stacks, s, "cdk.tf.json"), "utf8")]));
}

describe("TargetStack's preparing pass", () => {
  const pairs = examples.flatMap((file) => {
    const spec = loadAppSpec(join(examplesDir, file));
    return PROJECT_TARGETS.filter((t) => evaluatePlacement(spec, t).allowed).map((t) => [`${file} on ${t.name}`, spec, t] as const);
  });

  test.each(pairs)("writes %s exactly as cdktf's own pass does", (_name, spec, target) => {
    const build = (app: App) => new PortableApp(new TargetStack(app, spec.name, { target }), spec.name, { spec });
    const polder = synthesize(build, "polder");
    expect(Object.keys(polder)).toEqual([`${spec.name}-${target.name}`]);
    expect(polder).toEqual(synthesize(build, "cdktf"));
  });

  // Every way a reference to another stack can sit in a configuration: whole, in a template, in a
  // function call, inside a Lazy, in a list, as a number and as a map key.
  function crossStack(app: App): void {
    const target = aws({ region: "eu-central-1" });
    const shared = new TargetStack(app, "shared", { target });
    const bucket = new S3Bucket(shared, "bucket", { bucket: "polder-shared" });
    const consumer = new TargetStack(app, "consumer", { target });
    new SsmParameter(consumer, "whole", { name: "/c/whole", type: "String", value: bucket.arn });
    new SsmParameter(consumer, "template", { name: "/c/template", type: "String", value: `arn=${bucket.arn};` });
    new SsmParameter(consumer, "function", { name: "/c/function", type: "String", value: Fn.jsonencode({ Resource: [bucket.arn] }) });
    new SsmParameter(consumer, "lazy", { name: "/c/lazy", type: "String", value: Token.asString(Lazy.anyValue({ produce: () => bucket.bucketDomainName })) });
    new SsmParameter(consumer, "map-key", { name: "/c/map-key", type: "String", value: "x", tags: { [bucket.bucket]: "owner" } });
    new TerraformOutput(consumer, "list", { value: [bucket.id, "plain"] });
    new TerraformOutput(consumer, "number", { value: Token.asNumber(bucket.getNumberAttribute("object_lock_configuration.0.rule.0.default_retention.0.days")) });
  }

  // Each alone, so a position the pass misses cannot hide behind another that registers the reference.
  const positions: [string, (consumer: TargetStack, bucket: S3Bucket) => void][] = [
    ["a whole string", (c, b) => new TerraformOutput(c, "v", { value: b.arn })],
    ["a template", (c, b) => new TerraformOutput(c, "v", { value: `arn=${b.arn};` })],
    ["a function call", (c, b) => new TerraformOutput(c, "v", { value: Fn.jsonencode({ Resource: [b.arn] }) })],
    ["a Lazy", (c, b) => new TerraformOutput(c, "v", { value: Lazy.anyValue({ produce: () => b.bucketDomainName }) })],
    ["a list element", (c, b) => new TerraformOutput(c, "v", { value: [b.id, "plain"] })],
    ["a string list", (c, b) => new TerraformOutput(c, "v", { value: b.getListAttribute("tags_all_keys") })],
    ["a number", (c, b) => new TerraformOutput(c, "v", { value: b.getNumberAttribute("n") })],
    ["a number list", (c, b) => new TerraformOutput(c, "v", { value: b.getNumberListAttribute("ns") })],
    ["a map", (c, b) => new TerraformOutput(c, "v", { value: b.getStringMapAttribute("tags_all") })],
    ["a map key", (c, b) => new TerraformOutput(c, "v", { value: { [b.bucket]: "owner" } })],
    ["a resolvable object literal", (c, b) => new TerraformOutput(c, "v", { value: { creationStack: [], resolve: () => b.arn, toString: () => "resolvable" } })],
  ];
  test.each(positions)("registers a reference to another stack in %s", (_name, use) => {
    const build = (app: App) => {
      const target = aws({ region: "eu-central-1" });
      const bucket = new S3Bucket(new TargetStack(app, "shared", { target }), "bucket", { bucket: "polder-shared" });
      use(new TargetStack(app, "consumer", { target }), bucket);
    };
    const polder = synthesize(build, "polder");
    expect(Object.keys(JSON.parse(polder["consumer-aws"]).data?.terraform_remote_state ?? {})).toHaveLength(1);
    expect(polder).toEqual(synthesize(build, "cdktf"));
  });

  test("registers references to another stack as cdktf's own pass does", () => {
    const polder = synthesize(crossStack, "polder");
    expect(polder).toEqual(synthesize(crossStack, "cdktf"));
    // The registrations themselves: an output in the stack referred to, remote state where it is used.
    expect(Object.keys(JSON.parse(polder["shared-aws"]).output ?? {}).some((o) => o.startsWith("cross-stack-output-"))).toBe(true);
    expect(Object.keys(JSON.parse(polder["consumer-aws"]).data?.terraform_remote_state ?? {})).toHaveLength(1);
  });

  test("a value cdktf cannot resolve fails as it does with cdktf's own pass", () => {
    const withFunction = (app: App) => {
      const stack = new TargetStack(app, "odd", { target: aws({ region: "eu-central-1" }) });
      new S3Bucket(stack, "bucket", { bucket: "polder-odd" }).addOverride("tags.fn", () => "no");
    };
    const error = (pass: "polder" | "cdktf") => {
      try {
        synthesize(withFunction, pass);
      } catch (e) {
        return (e as Error).message;
      }
      return "no error";
    };
    expect(error("polder")).toMatch(/function/i);
    expect(error("polder")).toBe(error("cdktf"));
  });
});

describe("standalone stacks (apps outside landing zones)", () => {
  /** Every stack's cdk.tf.json of a synth of the examples and their landing zones, in one process. */
  function synthExamples(pass: "polder" | "cdktf"): Record<string, string> {
    const outdir = join(mkdtempSync(join(tmpdir(), "polder-standalone-")), "out");
    dirs.push(outdir);
    const polderPass = TargetStack.prototype.prepareStack;
    if (pass === "cdktf") TargetStack.prototype.prepareStack = TerraformStack.prototype.prepareStack;
    const lines: string[] = [];
    try {
      const code = runMain(["--outdir", outdir, "--jobs", "1"], { targets: PROJECT_TARGETS, examplesDir, landingZonesDir: join(examplesDir, "landing-zones") }, { log: (m) => void lines.push(m), error: (m) => void lines.push(m) });
      expect(code, lines.join("\n")).toBe(0);
    } finally {
      TargetStack.prototype.prepareStack = polderPass;
    }
    const stacks = join(outdir, "stacks");
    return Object.fromEntries(readdirSync(stacks).sort().map((s) => [s, readFileSync(join(stacks, s, "cdk.tf.json"), "utf8")]));
  }

  test("the synth of every example and zone writes exactly what cdktf's own pass over every stack writes", () => {
    const polder = synthExamples("polder");
    // Zones and their apps (cross-stack references) and standalone apps, side by side in one App.
    expect(Object.keys(polder)).toEqual(expect.arrayContaining(["depot-aws", "mindef-aws", "logistics-aws"]));
    expect(polder).toEqual(synthExamples("cdktf"));
  });

  test("a standalone stack resolves its values once; another stack twice (preparing, then writing)", () => {
    const produced = { standalone: 0, other: 0 };
    synthesize((app) => {
      const target = aws({ region: "eu-central-1" });
      for (const kind of ["standalone", "other"] as const) {
        const stack = new TargetStack(app, kind, { target, standalone: kind === "standalone" });
        new S3Bucket(stack, "bucket", { bucket: Lazy.stringValue({ produce: () => `polder-${kind}-${++produced[kind]}` }) });
      }
    }, "polder");
    expect(produced).toEqual({ standalone: 1, other: 2 });
  });
});
