// The README tells a newcomer the truth (#16 items 4, 11-13): it stands on its own, its kinds table
// lists every field a kind accepts, it says what AWS machines run on, and it documents every
// environment variable the project app reads.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { parseAppSpec } from "../lib/app/spec";
import { SpecValidationError } from "../lib/core/errors";
import { KIND_NAMES } from "../lib/kinds/kind-names";
import { AWS_SIZES } from "../lib/targets/aws/sizes";

const root = join(__dirname, "..");
const readme = readFileSync(join(root, "README.md"), "utf8");

/** The fields a kind accepts, from its own unknown-field error. */
function fieldsOf(kind: string): string[] {
  try {
    parseAppSpec({ name: "probe", owner: "o", classification: "intern", components: { c: { kind, unknownProbe: 1 } } });
  } catch (e) {
    if (!(e instanceof SpecValidationError)) throw e;
    const issue = e.issues.find((i) => i.path === "components.c.unknownProbe")!;
    return issue.message.replace(/^.*allowed are /, "").split(", ");
  }
  throw new Error(`${kind} accepted an unknown field`);
}

/** The row of a kind in the Kinds table. */
const kindRow = (kind: string) => readme.split("\n").find((l) => l.startsWith(`| \`${kind}\` |`));

describe("README", () => {
  test("stands on its own: no pointer outside the repository", () => {
    expect(readme).not.toMatch(/\.\.\/shared|ARCHITECTURE\.md/);
  });

  test("the project layout names folders that exist", () => {
    const layout = readme.slice(readme.indexOf("## Project layout"));
    for (const path of ["lib/core", "lib/kinds", "lib/app", "lib/policy", "lib/cli", "stacks", "bin/snapshot.sh", "examples/targets", "providers/openstack", "test"]) {
      expect(layout).toContain(path);
      expect(existsSync(join(root, path))).toBe(true);
    }
  });

  test.each(KIND_NAMES.filter((k) => k !== "network"))("the kinds table lists every field of %s", (kind) => {
    const row = kindRow(kind);
    expect(row, `no row for ${kind}`).toBeDefined();
    for (const field of fieldsOf(kind).filter((f) => !["kind", "strategy", "overrides"].includes(f))) expect(row, `${kind}.${field}`).toContain(`\`${field}\``);
  });

  test("says AWS vm-groups run on arm64 (Graviton) sizes, and how to choose x86 with overrides", () => {
    expect(kindRow("vm-group")).toMatch(/arm64 \(Graviton\)/);
    for (const size of Object.values(AWS_SIZES)) expect(readme).toContain(size.vmInstanceType);
    expect(readme).toMatch(/instanceType: m7i\.large\n\s+imageId: resolve:ssm:\/aws\/service\/canonical\/ubuntu\/server\/24\.04\/stable\/current\/amd64/);
  });

  test("says how to use Polder from TypeScript inside the repository and from another project", () => {
    const section = readme.slice(readme.indexOf("## Using Polder from TypeScript"), readme.indexOf("## Performance"));
    expect(section).toContain('from "polder"');
    expect(section).toContain("npm pack");
    expect(section).toContain('"../../lib"');
    expect(readFileSync(join(root, "examples", "typescript", "ledger.ts"), "utf8")).toContain('from "../../lib"');
  });

  test("documents every environment variable the project app reads", () => {
    const sources: string[] = [];
    const walk = (d: string) => {
      for (const e of readdirSync(d, { withFileTypes: true })) e.isDirectory() ? walk(join(d, e.name)) : e.name.endsWith(".ts") && sources.push(readFileSync(join(d, e.name), "utf8"));
    };
    walk(join(root, "lib"));
    walk(join(root, "stacks"));
    const read = new Set(sources.join("\n").match(/\bPOLDER_[A-Z0-9_]+[A-Z0-9]/g));
    const env = readme.slice(readme.indexOf("### Environment"), readme.indexOf("## Remote state"));
    expect(read.size).toBeGreaterThan(5);
    for (const name of read) expect(env, name).toContain(name);
  });
});
