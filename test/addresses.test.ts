// Resource addresses are a contract: a changed construct id makes Terraform destroy and recreate
// a live resource. A deliberate change updates this snapshot (`npx vitest run test/addresses.test.ts -u`)
// and says so in its commit message.
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { loadAppSpec } from "../lib/app/load";
import { evaluatePlacement } from "../lib/policy/placement";
import { projectTargets } from "../stacks/targets";
import { synthApp, type TfJson } from "./support/synth";

// Defaults, not this machine's POLDER_* variables: outputs stay the same everywhere.
const PROJECT_TARGETS = projectTargets({});

const dir = join(__dirname, "..", "examples");
const examples = readdirSync(dir).filter((f) => /\.(ya?ml|json)$/.test(f)).sort();

function addresses(json: TfJson): string[] {
  const out: string[] = [];
  for (const [type, byId] of Object.entries(json.resource ?? {})) for (const id of Object.keys(byId)) out.push(`${type}.${id}`);
  for (const [type, byId] of Object.entries(json.data ?? {})) for (const id of Object.keys(byId)) out.push(`data.${type}.${id}`);
  for (const id of Object.keys(json.output ?? {})) out.push(`output.${id}`);
  return out.sort();
}

describe.each(examples)("example %s", (file) => {
  const spec = loadAppSpec(join(dir, file));
  test.each(PROJECT_TARGETS.map((t) => [t.name, t] as const))("addresses on %s", (_id, target) => {
    const verdict = evaluatePlacement(spec, target);
    if (!verdict.allowed) {
      expect(`refused by ${verdict.rule}`).toMatchSnapshot();
      return;
    }
    expect(addresses(synthApp(spec, target).json)).toMatchSnapshot();
  });
});
