// `npm run validate` runs OpenTofu with the real OpenStack provider on every synthesized OpenStack
// stack. These tests prove the gate can fail. They need the engines built (`npm run engines`):
// skipped without them on a developer's machine, but never in CI, which builds them first.
import { describe, expect, test } from "vitest";
import { findEngines } from "../scripts/engines";
import { usesOpenStack, validateStack } from "../scripts/validate";
import { projectTargets } from "../stacks/targets";
import { specWith, synthApp } from "./support/synth";

const engines = findEngines();
const sovereign = projectTargets({}).find((t) => t.id === "sovereign")!;
const aws = projectTargets({}).find((t) => t.id === "aws")!;

test("CI has the engines built (npm run engines), so the gate below runs there", () => {
  if (process.env.CI && !engines) throw new Error("CI is set but the engines are not built: run 'npm run engines' before 'npm test'");
});

describe("stack selection", () => {
  test("stacks are chosen by the provider they require, not by name", () => {
    expect(usesOpenStack(synthApp(specWith({ k: { kind: "key" } }), sovereign).json)).toBe(true);
    expect(usesOpenStack(synthApp(specWith({ k: { kind: "key" } }), aws).json)).toBe(false);
    expect(usesOpenStack({ terraform: { required_providers: { os: { source: "registry.opentofu.org/terraform-provider-openstack/openstack" } } } })).toBe(true);
  });
});

describe.skipIf(!engines && !process.env.CI)("tofu validate with the real OpenStack provider", () => {
  const { json } = synthApp(specWith({ db: { kind: "postgres" }, files: { kind: "bucket" } }), sovereign);

  test("a synthesized sovereign stack validates", () => {
    const verdict = validateStack(engines!, "demo-sovereign", JSON.stringify(json));
    expect(verdict).toEqual({ stack: "demo-sovereign", valid: true, messages: [] });
  });

  test("a stack with an unknown attribute is rejected, with the stack and the engine's message", () => {
    const broken = structuredClone(json);
    const [type, resources] = Object.entries(broken.resource!).find(([t]) => t.startsWith("openstack_networking_network_v2"))!;
    const [id] = Object.keys(resources);
    resources[id].frobnicate = true;
    const verdict = validateStack(engines!, "demo-sovereign", JSON.stringify(broken, null, 2));
    expect(verdict.valid).toBe(false);
    expect(verdict.stack).toBe("demo-sovereign");
    expect(verdict.messages.join("\n")).toMatch(/No argument or block type is named "frobnicate"/);
    expect(verdict.messages.join("\n")).toContain(type);
  });
});
