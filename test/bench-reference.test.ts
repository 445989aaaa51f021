// The bench's reference programs (bench/reference.ts) rebuild Polder's stacks in plain cdktf,
// including cross-stack references: an app placed in a landing zone reads the zone's outputs
// through a terraform_remote_state data source. Not a timing test: it checks that the floor the
// bench compares with builds the same Terraform JSON.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { compareOutputs, writeReferencePrograms } from "../bench/reference";
import { runMain } from "../lib/cli/main";
import { projectTargets } from "../stacks/targets";

const ROOT = join(__dirname, "..");
const EXAMPLES = join(ROOT, "examples");
// AWS only: its bindings come from node_modules (the sovereign target's need `npm run build`).
const TARGETS = projectTargets({}).filter((t) => t.name === "aws");
const tmp = mkdtempSync(join(tmpdir(), "polder-bench-ref-"));
// The programs require cdktf and the bindings, so they live inside the project (ignored folder).
mkdirSync(join(ROOT, "bench", ".tmp"), { recursive: true });
const programs = mkdtempSync(join(ROOT, "bench", ".tmp", "test-reference-"));
afterAll(() => {
  rmSync(tmp, { recursive: true, force: true });
  rmSync(programs, { recursive: true, force: true });
});

describe("reference programs of a project with an app in a landing zone", () => {
  const polderOut = join(tmp, "polder");
  const lines: string[] = [];
  const code = runMain(["--outdir", polderOut, "--jobs", "1"], { targets: TARGETS, examplesDir: EXAMPLES, landingZonesDir: join(EXAMPLES, "landing-zones") }, { log: (m) => void lines.push(m), error: (m) => void lines.push(m) });
  const stack = (out: string, id: string) => JSON.parse(readFileSync(join(out, "stacks", id, "cdk.tf.json"), "utf8"));

  test("Polder's output has the cross-stack reference the floor must rebuild", () => {
    expect(code, lines.join("\n")).toBe(0);
    expect(Object.keys(stack(polderOut, "depot-aws").data.terraform_remote_state)).toEqual(["cross-stack-reference-input-mindef-aws"]);
    expect(Object.keys(stack(polderOut, "mindef-aws").output).some((o) => o.startsWith("cross-stack-output-"))).toBe(true);
  });

  const coverage = writeReferencePrograms(ROOT, polderOut, programs);

  test("the floor builds the same stacks, the remote state as a data source", () => {
    const out = join(tmp, "floor");
    const r = spawnSync(process.execPath, [join(programs, "floor.cjs"), out], { encoding: "utf8" });
    expect(r.status, r.stderr).toBe(0);
    expect(compareOutputs(polderOut, out)).toEqual([]);
    expect(stack(out, "depot-aws").resource.terraform_remote_state).toBeUndefined();
  });

  test("the typed floor builds the same stacks, the remote state through its backend's typed config", () => {
    const out = join(tmp, "typed");
    const r = spawnSync(process.execPath, [join(programs, "typed.cjs"), out], { encoding: "utf8" });
    expect(r.status, r.stderr).toBe(0);
    expect(compareOutputs(polderOut, out)).toEqual([]);
    const data = JSON.parse(readFileSync(join(programs, "stacks-typed.json"), "utf8")) as { id: string; elements: { key: string; config?: object; attrs: object }[] }[];
    const remote = data.find((s) => s.id === "depot-aws")!.elements.find((e) => e.key === "data.terraform_remote_state.local")!;
    expect(remote).toMatchObject({ config: { path: "terraform.mindef-aws.tfstate" }, attrs: {} });
    expect(coverage?.typed).toBeGreaterThan(0);
  });
});
