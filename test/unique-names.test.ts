// Names that must be unique beyond one app (IAM roles, S3 buckets, regional AWS names): the
// targets list them without loading provider code, and every synth run checks them across all
// of its stacks.
import fc from "fast-check";
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { loadAppSpec } from "../lib/app/load";
import { parseAppSpec } from "../lib/app/spec";
import { runMain } from "../lib/cli/main";
import { appComponentName, assertUniqueNames, findNameCollisions, NameCollisionError } from "../lib/core/unique-names";
import { targets } from "../lib/targets";
import { awsUniqueNames } from "../lib/targets/aws/naming";
import { projectTargets } from "../stacks/targets";
import { synthApp } from "./support/synth";

const aws = targets.aws({ region: "eu-central-1" });
const examplesDir = join(__dirname, "..", "examples");

function specFile(name: string, components: string): string {
  const file = join(mkdtempSync(join(tmpdir(), "polder-names-")), `${name}.yaml`);
  writeFileSync(file, `name: ${name}\nowner: team\nclassification: intern\ncomponents:\n${components}`);
  return file;
}

describe("a synth run", () => {
  test("refuses two apps whose components would get one IAM role name, naming both apps, components and the name", () => {
    const errors: string[] = [];
    const outdir = join(mkdtempSync(join(tmpdir(), "polder-names-out-")), "out");
    const code = runMain(
      ["--spec", specFile("xx-yy", "  a:\n    kind: vm-group\n"), "--spec", specFile("xx", "  yy-a:\n    kind: vm-group\n"), "--outdir", outdir],
      { targets: [aws], examplesDir },
      { log: () => {}, error: (m: string) => errors.push(m) },
    );
    expect(code).toBe(1);
    const err = errors.join("\n");
    expect(err).toContain(`IAM role "xx-yy-a-vms" on target 'aws': component 'a' of app 'xx-yy' and component 'yy-a' of app 'xx'`);
    expect(err).toContain(`IAM instance profile "xx-yy-a-vms" on target 'aws'`);
    expect(() => readdirSync(outdir)).toThrow();
  });

  test("an incremental run that adds a colliding app is refused, though the stack already there is kept, and the output stays as it was", () => {
    const dir = mkdtempSync(join(tmpdir(), "polder-names-inc-"));
    const outdir = join(dir, "out");
    writeFileSync(join(dir, "xx-yy.yaml"), "name: xx-yy\nowner: team\nclassification: intern\ncomponents:\n  a:\n    kind: vm-group\n");
    const quiet = { log: () => {}, error: () => {} };
    expect(runMain(["--outdir", outdir], { targets: [aws], examplesDir: dir, buildFingerprint: () => "b" }, quiet)).toBe(0);
    const before = readFileSync(join(outdir, "changes.json"), "utf8");
    writeFileSync(join(dir, "xx.yaml"), "name: xx\nowner: team\nclassification: intern\ncomponents:\n  yy-a:\n    kind: vm-group\n");
    const errors: string[] = [];
    expect(runMain(["--outdir", outdir], { targets: [aws], examplesDir: dir, buildFingerprint: () => "b" }, { log: () => {}, error: (m: string) => errors.push(m) })).toBe(1);
    expect(errors.join("\n")).toContain(`IAM role "xx-yy-a-vms" on target 'aws'`);
    expect(readFileSync(join(outdir, "changes.json"), "utf8")).toBe(before);
  });

  test("an incremental run that renames a kept app's component into a collision is refused (its names changed, so it is checked against all)", () => {
    const dir = mkdtempSync(join(tmpdir(), "polder-names-rename-"));
    const outdir = join(dir, "out");
    const quiet = { log: () => {}, error: () => {} };
    const options = { targets: [aws], examplesDir: dir, buildFingerprint: () => "b" };
    writeFileSync(join(dir, "xx-yy.yaml"), "name: xx-yy\nowner: team\nclassification: intern\ncomponents:\n  a:\n    kind: vm-group\n");
    writeFileSync(join(dir, "xx.yaml"), "name: xx\nowner: team\nclassification: intern\ncomponents:\n  other:\n    kind: vm-group\n");
    expect(runMain(["--outdir", outdir], options, quiet)).toBe(0);
    // An owner change rebuilds xx with the names it had: no collision to find, the run succeeds.
    writeFileSync(join(dir, "xx.yaml"), "name: xx\nowner: other-team\nclassification: intern\ncomponents:\n  other:\n    kind: vm-group\n");
    expect(runMain(["--outdir", outdir], options, quiet)).toBe(0);
    const records = JSON.parse(readFileSync(join(outdir, "polder-inputs.json"), "utf8")).stacks;
    expect(records["xx-aws"].names).toMatch(/^[0-9a-f]{32}$/);
    // A renamed component gives new names: they collide with the kept xx-yy's.
    writeFileSync(join(dir, "xx.yaml"), "name: xx\nowner: other-team\nclassification: intern\ncomponents:\n  yy-a:\n    kind: vm-group\n");
    const errors: string[] = [];
    expect(runMain(["--outdir", outdir], options, { log: () => {}, error: (m: string) => errors.push(m) })).toBe(1);
    expect(errors.join("\n")).toContain(`IAM role "xx-yy-a-vms" on target 'aws'`);
  });

  test("with stacks checked before, only collisions involving another stack are reported", () => {
    const a = parseAppSpec({ name: "xx-yy", owner: "t", classification: "intern", components: { a: { kind: "vm-group" } } });
    const b = parseAppSpec({ name: "xx", owner: "t", classification: "intern", components: { "yy-a": { kind: "vm-group" } } });
    const c = parseAppSpec({ name: "zz", owner: "t", classification: "intern", components: { a: { kind: "vm-group" } } });
    const stacks = [{ app: a, target: aws }, { app: b, target: aws }, { app: c, target: aws }];
    // a and b collide; both checked before means the collision was there before and is not asked again here.
    expect(findNameCollisions(stacks, (x) => x.app !== c)).toEqual([]);
    // b built now: its collision with the kept a is found, with both owners.
    const found = findNameCollisions(stacks, (x) => x.app !== b);
    expect(found.length).toBeGreaterThan(0);
    expect(found[0].owners.map((o) => o.app).sort()).toEqual(["xx", "xx-yy"]);
  });

  test("allows the same names on two targets (two accounts)", () => {
    const other = targets.aws({ region: "eu-west-1", name: "aws-west" });
    const a = parseAppSpec({ name: "xx-yy", owner: "t", classification: "intern", components: { a: { kind: "vm-group" } } });
    const b = parseAppSpec({ name: "xx", owner: "t", classification: "intern", components: { "yy-a": { kind: "vm-group" } } });
    expect(findNameCollisions([{ app: a, target: aws }, { app: b, target: other }])).toEqual([]);
    expect(() => assertUniqueNames([{ app: a, target: aws }, { app: b, target: aws }])).toThrow(NameCollisionError);
  });

  test("is target-agnostic: any target plugs in with one function, names unique in the world span targets", () => {
    // As an Azure target would list storage accounts: letters and digits only, unique in the world.
    const storage = (name: string) => ({
      name,
      uniqueNames: (app: { name: string; components: readonly { name: string }[] }) =>
        app.components.map((c) => ({ namespace: "storage account", name: `${app.name}${c.name}`.replace(/-/g, ""), component: c.name, scope: "every Azure subscription" })),
    });
    const a = parseAppSpec({ name: "ab", owner: "t", classification: "intern", components: { "c-d": { kind: "bucket" } } });
    const b = parseAppSpec({ name: "a-b", owner: "t", classification: "intern", components: { cd: { kind: "bucket" } } });
    expect(findNameCollisions([{ app: a, target: storage("azure-one") }, { app: b, target: storage("azure-two") }])).toEqual([
      {
        scope: "every Azure subscription",
        namespace: "storage account",
        name: "abcd",
        owners: [
          { app: "ab", component: "c-d", target: "azure-one" },
          { app: "a-b", component: "cd", target: "azure-two" },
        ],
      },
    ]);
  });

  test("finds no collision among the project's examples on the project's targets", () => {
    const specs = readdirSync(examplesDir)
      .filter((f) => f.endsWith(".yaml"))
      .map((f) => loadAppSpec(join(examplesDir, f)));
    expect(findNameCollisions(specs.flatMap((app) => projectTargets({}).map((target) => ({ app, target }))))).toEqual([]);
  });
});

describe("AWS unique names", () => {
  const spec = parseAppSpec({
    name: "names",
    owner: "team",
    classification: "intern",
    components: {
      key: { kind: "key" },
      audit: { kind: "log-sink" },
      token: { kind: "secret" },
      zone: { kind: "dns-zone", domain: "names.example.nl" },
      files: { kind: "bucket" },
      db: { kind: "postgres" },
      cluster: { kind: "kubernetes" },
      vms: { kind: "vm-group", bootstrap: "#!/bin/sh\nexec /opt/app/serve" },
      api: { kind: "public-endpoint", domain: "api.names.example.nl", backend: "vms", zone: "zone" },
    },
  });

  // Every resource type whose name must be unique beyond the app, and its name attribute.
  const NAMED: Record<string, [string, string]> = {
    aws_iam_role: ["IAM role", "name"],
    aws_iam_instance_profile: ["IAM instance profile", "name"],
    aws_s3_bucket: ["S3 bucket", "bucket"],
    aws_kms_alias: ["KMS alias", "name"],
    aws_secretsmanager_secret: ["Secrets Manager secret", "name"],
    aws_cloudwatch_log_group: ["CloudWatch log group", "name"],
    aws_db_instance: ["RDS DB instance", "identifier"],
    aws_db_subnet_group: ["RDS DB subnet group", "name"],
    aws_db_parameter_group: ["RDS DB parameter group", "name"],
    aws_eks_cluster: ["EKS cluster", "name"],
    aws_launch_template: ["EC2 launch template", "name"],
    aws_autoscaling_group: ["Auto Scaling group", "name"],
    aws_lb: ["load balancer", "name"],
    aws_lb_target_group: ["target group", "name"],
    aws_wafv2_web_acl: ["WAF web ACL", "name"],
  };

  test("are exactly the names the synthesized stack gives those resources", () => {
    const { json } = synthApp(spec, aws);
    const synthesized: string[] = [];
    for (const [type, [namespace, attribute]] of Object.entries(NAMED))
      for (const r of Object.values(json.resource?.[type] ?? {}))
        synthesized.push(`${namespace}: ${String(r[attribute]).replace(/\$\{data\.aws_caller_identity\.[^}]+\.account_id\}/, "<account>")}`);
    const listed = awsUniqueNames(spec).map((n) => `${n.namespace}: ${n.name}`);
    expect(listed.sort()).toEqual(synthesized.sort());
  });

  test("are listed by the target value itself, without loading the realizer", () => {
    expect(aws.uniqueNames?.(spec)).toEqual(awsUniqueNames(spec));
  });
});

test("appComponentName never gives two (app, component) pairs one name", () => {
  const name = fc.stringMatching(/^[a-z]([a-z0-9-]{0,8}[a-z0-9])?$/).filter((n) => !n.includes("--"));
  fc.assert(
    fc.property(name, name, name, name, (a1, c1, a2, c2) => {
      if (a1 === a2 && c1 === c2) return;
      expect(appComponentName(a1, c1)).not.toBe(appComponentName(a2, c2));
    }),
    { seed: 20261203, numRuns: 500 },
  );
});
