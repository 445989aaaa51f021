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
import { loadLandingZoneSpec } from "../lib/landing-zone/load";
import { zoneRefusal } from "../lib/landing-zone/synth";
import { synthZoneWithApps } from "./support/landing-zone";
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
/** Random-looking tokens: base64 or base64url (possibly with `.` between parts, as in a JWT), or hex. */
const TOKEN_CHARS = /^[A-Za-z0-9+/_.-]{20,}={0,2}$/;
const HEX_TOKEN = /^[0-9a-fA-F]{32,}$/;

function entropy(s: string): number {
  const counts = new Map<string, number>();
  for (const ch of s) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let h = 0;
  for (const n of counts.values()) h -= (n / s.length) * Math.log2(n / s.length);
  return h;
}

const charClass = (ch: string) => (/[a-z]/.test(ch) ? "l" : /[A-Z]/.test(ch) ? "u" : /\d/.test(ch) ? "d" : "o");

/**
 * How often the character class (lower case, upper case, digit) changes from one letter or digit
 * to the next. Random base64 changes about two times in three; identifiers change rarely: words
 * with separators (`logistics_api-lb`), CamelCase (`AmazonEC2ContainerRegistryReadOnly`, ~0.25)
 * and cdktf's 8-character hash suffixes (`_0889B1C3`).
 */
function classChangeRate(token: string): number {
  const classes = [...token].map(charClass).filter((c) => c !== "o");
  let changes = 0;
  for (let i = 1; i < classes.length; i++) if (classes[i] !== classes[i - 1]) changes++;
  return classes.length > 1 ? changes / (classes.length - 1) : 0;
}

function highEntropy(token: string): boolean {
  if (HEX_TOKEN.test(token)) return entropy(token) >= 3;
  if (!TOKEN_CHARS.test(token)) return false;
  const alnum = token.replace(/[^A-Za-z0-9]/g, "");
  return alnum.length >= 20 && /[a-z]/.test(alnum) && /[A-Z]/.test(alnum) && /\d/.test(alnum) && classChangeRate(token) >= 0.45 && entropy(alnum) >= 4;
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

  test("finds a random token, base64url with - and _, or a JWT", () => {
    // base64url of 32 random bytes, and a JWT (header.payload.signature), fixed for determinism.
    expect(findSecrets(plant("Xq3_v9-KpT2mZ8rW1yB6nE4hJ0cL5sUaG7dFiO-Q_kY")).some((f) => f.why.startsWith("high-entropy"))).toBe(true);
    expect(findSecrets(plant("Bearer eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U")).some((f) => f.why.startsWith("high-entropy"))).toBe(true);
  });

  test("does not take identifiers for secrets: cdktf ids, policy names, resource names", () => {
    for (const id of ["logistics_foundation_aws_principal-eks_0889B1C3", "AmazonEC2ContainerRegistryReadOnly", "arn:aws:iam::aws:policy/AmazonEKSClusterPolicy", "fleet-001_orders-db_backup_853B158D", "openstack_blockstorage_volume_v3.fleet-001_orders-db_data_AF5F13D8.id"])
      expect(findSecrets(plant(id))).toEqual([]);
  });

  test("finds a random token, base64 or hex", () => {
    // Fixed random values (from a CSPRNG once), so the test is deterministic.
    expect(findSecrets(plant("token=u4Qz9Kx2TbV7mWc1RpL8sYh3NdF6jGa0EoZ5+/Xk")).some((f) => f.why.startsWith("high-entropy"))).toBe(true);
    expect(findSecrets(plant("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b")).some((f) => f.why.startsWith("high-entropy"))).toBe(true);
  });
});

// The example landing zones with the apps placed in them, every stack of each synth.
const zonesDir = join(examplesDir, "landing-zones");
const zonePairs = readdirSync(zonesDir)
  .filter((f) => /\.ya?ml$/.test(f))
  .sort()
  .flatMap((f) => PROJECT_TARGETS.filter((t) => t.id === "aws" || t.id === "sovereign").map((t) => [f, t.name] as const));

describe("landing-zone stacks", () => {
  test.each(zonePairs)("%s on %s, with its apps, holds no secret value", (file, name) => {
    const zone = loadLandingZoneSpec(join(zonesDir, file));
    const target = PROJECT_TARGETS.find((t) => t.name === name)!;
    // As the synth does: apps the zone's unit refuses on this target (confidential machine types it lacks) are left out.
    const apps = readdirSync(join(zonesDir, "apps")).map((f) => loadAppSpec(join(zonesDir, "apps", f))).filter((a) => a.landingZone?.zone === zone.name && !zoneRefusal(a, target, [{ spec: zone, target, stackId: zone.name }]));
    const { stacks } = synthZoneWithApps(zone, apps, target);
    for (const [id, json] of Object.entries(stacks)) expect([id, findSecrets(json)]).toEqual([id, []]);
  });
});
