// No secret value in any synthesized JSON: every example on every project target its
// classification allows is scanned for PEM blocks, AWS access keys, high-entropy tokens and
// secret-named arguments set to literals instead of references.
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { Testing } from "cdktf";
import { describe, expect, test } from "vitest";
import { loadAppSpec } from "../lib/app/load";
import { PortableApp } from "../lib/app/portable-app";
import { TargetStack } from "../lib/core/target-stack";
import { evaluatePlacement } from "../lib/policy/placement";
import { projectTargets } from "../stacks/targets";

// Defaults, not this machine's POLDER_* variables: outputs stay the same everywhere.
const PROJECT_TARGETS = projectTargets({});

interface Finding {
  readonly path: string;
  readonly why: string;
}

/** Arguments whose value is a secret: they may hold a reference (`${...}`), never a literal. */
const SECRET_ARGUMENT = /(^|_)(password|passwd|passphrase|secret|token|private_key|secret_key|access_key|api_key|client_secret|credentials?)$/i;
const PEM = /-----BEGIN [A-Z0-9 ]+-----/;
const AWS_ACCESS_KEY = /\b(AKIA|ASIA|AGPA|AIDA|AROA|AIPA|ANPA|ANVA)[A-Z0-9]{16}\b/;
/** Random-looking tokens: base64 (no word separators such as _ - . that identifiers have) or hex. */
const BASE64_TOKEN = /^[A-Za-z0-9+/]{20,}={0,2}$/;
const HEX_TOKEN = /^[0-9a-fA-F]{32,}$/;

function entropy(s: string): number {
  const counts = new Map<string, number>();
  for (const ch of s) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let h = 0;
  for (const n of counts.values()) h -= (n / s.length) * Math.log2(n / s.length);
  return h;
}

function highEntropy(token: string): boolean {
  if (HEX_TOKEN.test(token)) return entropy(token) >= 3;
  // Random base64 of this length has several digits and both cases; names such as
  // AmazonEC2ContainerRegistryReadOnly have at most one digit.
  return BASE64_TOKEN.test(token) && (token.match(/\d/g)?.length ?? 0) >= 2 && /[a-z]/.test(token) && /[A-Z]/.test(token) && entropy(token) >= 4;
}

/** Every secret-looking value in a Terraform JSON document, with its path. */
function findSecrets(json: unknown): Finding[] {
  const found: Finding[] = [];
  // Inside cdktf's "//" comments keys are not arguments (e.g. a list of resource types), but the
  // values are still scanned.
  const walk = (v: unknown, path: string, key: string, comment: boolean) => {
    if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${path}[${i}]`, key, comment));
    else if (v && typeof v === "object") for (const [k, x] of Object.entries(v)) walk(x, path ? `${path}.${k}` : k, k, comment || k === "//");
    else if (typeof v === "string") {
      if (!comment && SECRET_ARGUMENT.test(key) && v !== "" && !v.includes("${")) found.push({ path, why: `argument '${key}' is a literal, not a reference` });
      if (PEM.test(v)) found.push({ path, why: "PEM block" });
      if (AWS_ACCESS_KEY.test(v)) found.push({ path, why: "AWS access key id" });
      // References are not values: drop ${...} before looking at the words.
      for (const token of v.replace(/\$\{[^}]*\}/g, " ").split(/[\s"'`,;:()[\]{}<>=]+/))
        if (token.length >= 20 && highEntropy(token)) found.push({ path, why: `high-entropy token ${token.slice(0, 6)}…` });
    }
  };
  walk(json, "", "", false);
  return found;
}

/** The stack's JSON exactly as written to cdk.tf.json, "//" comments included. */
function stackJson(specFile: string, targetIndex: number): any {
  const spec = loadAppSpec(specFile);
  const app = Testing.app();
  const stack = new TargetStack(app, spec.name, { target: PROJECT_TARGETS[targetIndex] });
  new PortableApp(stack, spec.name, { spec });
  return stack.toTerraform();
}

const examplesDir = join(__dirname, "..", "examples");
const pairs = readdirSync(examplesDir)
  .filter((f) => /\.(ya?ml|json)$/.test(f))
  .sort()
  .flatMap((f) => PROJECT_TARGETS.map((t, i) => [f, t.id, i] as const).filter(([, , i]) => evaluatePlacement(loadAppSpec(join(examplesDir, f)), PROJECT_TARGETS[i]).allowed));

describe("synthesized stacks", () => {
  test("there is something to scan", () => {
    expect(pairs.length).toBeGreaterThan(0);
  });

  test.each(pairs)("%s on %s holds no secret value", (file, _id, index) => {
    expect(findSecrets(stackJson(join(examplesDir, file), index))).toEqual([]);
  });
});

describe("the detector", () => {
  const base = () => stackJson(join(examplesDir, pairs[0][0]), pairs[0][2]);
  const plant = (value: unknown, key = "note") => ({ ...base(), resource: { ...base().resource, planted: { x: { [key]: value } } } });

  test("finds a literal password argument", () => {
    expect(findSecrets(plant("hunter2hunter2", "master_password"))).toContainEqual({ path: "resource.planted.x.master_password", why: expect.stringContaining("literal") });
  });

  test("accepts a reference in a secret argument", () => {
    expect(findSecrets(plant("${aws_secretsmanager_secret_version.x.secret_string}", "password"))).toEqual([]);
  });

  test("finds a secret in a comment too", () => {
    const json = base();
    json["//"] = { ...json["//"], note: "-----BEGIN PRIVATE KEY-----" };
    expect(findSecrets(json).map((f) => f.why)).toContain("PEM block");
  });

  test("finds a PEM block", () => {
    expect(findSecrets(plant("-----BEGIN RSA PRIVATE KEY-----\nMIIEow...\n-----END RSA PRIVATE KEY-----")).map((f) => f.why)).toContain("PEM block");
  });

  test("finds an AWS access key id", () => {
    expect(findSecrets(plant("key AKIAIOSFODNN7EXAMPLE in a description")).map((f) => f.why)).toContain("AWS access key id");
  });

  test("finds a random token, base64 or hex", () => {
    // Fixed random values (from a CSPRNG once), so the test is deterministic.
    expect(findSecrets(plant("token=u4Qz9Kx2TbV7mWc1RpL8sYh3NdF6jGa0EoZ5+/Xk")).some((f) => f.why.startsWith("high-entropy"))).toBe(true);
    expect(findSecrets(plant("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b")).some((f) => f.why.startsWith("high-entropy"))).toBe(true);
  });
});
