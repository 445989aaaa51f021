// Exit manifests: every stateful resource with its export path, the provider features, the keys,
// and every other configured target assessed (placement and capabilities) with its blockers.
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { loadAppSpec } from "../lib/app/load";
import { parseAppSpec } from "../lib/app/spec";
import { sovereign } from "../lib/targets/openstack/target";
import { assessDestination, buildExitManifest, renderExitManifest } from "../lib/migrate/exit-manifest";
import { synthesizeStacks } from "../lib/migrate/synthesize";
import { projectTargets } from "../stacks/targets";

const examplesDir = join(__dirname, "..", "examples");
const targets = projectTargets({});
const spec = (app: string) => loadAppSpec(join(examplesDir, `${app}.yaml`));
const target = (name: string) => targets.find((t) => t.name === name)!;

function manifest(app: string, on: string) {
  const [stack] = synthesizeStacks(spec(app), [target(on)]);
  return { manifest: buildExitManifest({ spec: spec(app), target: target(on), stackId: stack.stackId, json: stack.json, targets }), json: stack.json };
}

describe("exit manifest", () => {
  test.each([
    ["logistics", "aws"],
    ["logistics", "sovereign"],
    ["intake", "aws"],
    ["intake", "sovereign"],
    ["planning", "sovereign"],
  ])("%s on %s: every stateful component, with resources that exist in the stack and an export path", (app, on) => {
    const { manifest: m, json } = manifest(app, on);
    expect(m.version).toBe(1);
    const stateful = spec(app).components.filter((c) => ["postgres", "bucket", "log-sink", "secret", "key", "dns-zone"].includes(c.kind));
    expect(m.stateful.filter((s) => s.component !== "foundation").map((s) => s.component).sort()).toEqual(stateful.map((c) => c.name).sort());
    for (const s of m.stateful) {
      expect(s.export).not.toMatch(/not described/);
      expect(s.addresses.length).toBeGreaterThan(0);
      for (const a of s.addresses) {
        const [type, id] = a.split(".");
        expect(json.resource?.[type]?.[id], a).toBeDefined();
      }
    }
    expect(m.destinations.map((d) => d.target)).toEqual(targets.filter((t) => t.name !== on).map((t) => t.name));
    expect(renderExitManifest(m)).toContain(`# Exit manifest: ${app} on ${on}`);
  });

  test("planning on the sovereign target cannot move to aws: the placement rule blocks it", () => {
    const aws = manifest("planning", "sovereign").manifest.destinations.find((d) => d.target === "aws")!;
    expect(aws.movable).toBe(false);
    expect(aws.blockers).toEqual([expect.stringContaining("placement refused by rule 'stg-sovereign-only'")]);
  });

  test("logistics on aws can move to the sovereign target, with the strategies it would get there", () => {
    const d = manifest("logistics", "aws").manifest.destinations.find((x) => x.target === "sovereign")!;
    expect(d.movable).toBe(true);
    expect(d.components.find((c) => c.component === "orders-db")).toMatchObject({ strategy: "vm", problem: null });
    expect(d.changes).toContain("orders-db: strategy managed → vm");
  });

  test("a missing capability at a destination is a blocker naming the kind and what is missing", () => {
    const bare = sovereign({ cloud: "bare", region: "RegionOne", name: "bare" });
    const d = assessDestination(spec("logistics"), bare);
    expect(d.movable).toBe(false);
    expect(d.blockers.join("\n")).toMatch(/app-key: no strategy for kind 'key' on target 'sovereign'/);
  });

  test("a pinned strategy the destination does not offer blocks it", () => {
    const pinned = parseAppSpec({ name: "pinned", owner: "team", classification: "intern", components: { db: { kind: "postgres", strategy: "vm" } } });
    const d = assessDestination(pinned, target("aws"));
    expect(d.blockers.join("\n")).toContain('strategy "vm" is not offered for postgres');
  });

  test("keys name the key resources the stack uses and who holds them", () => {
    const { manifest: m, json } = manifest("logistics", "aws");
    const kms = Object.keys(json.resource!.aws_kms_key).map((id) => `aws_kms_key.${id}`);
    for (const k of m.keys.filter((k) => k.custody === "customer-managed")) expect(kms).toContain(k.key);
    expect(m.keys.some((k) => k.component === "orders-db")).toBe(true);
  });
});
