// The warm-up of a startup snapshot (lib/cli/program.ts): run before the snapshot is taken, so the
// snapshot holds compiled code instead of code V8 compiles lazily on every start. It runs what
// every synth runs — spec loading and validation, placement, the unique-name check, cdktf's
// synthesis with a cross-stack reference — and loads no target's realizer or provider bindings:
// a snapshot warmed up on the examples held every target's initialized bindings (~23 MB, ~0.07 s
// of every start), also in a synth that uses one target, or none (an incremental run that keeps
// every stack). A target's code loads when a stack uses it, as everywhere else.
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadAppSpec } from "../app/load";
import { App, Fn, Lazy, LocalBackend, TerraformOutput, TerraformResource, TerraformStack } from "../core/cdktf";
import { findNameCollisions } from "../core/unique-names";
import { buildFleetSummary, renderFleetSummary } from "../report";
import { type MainOptions, planSynth } from "./main";
import { markTokens } from "./token-registry";

/** A resource of Terraform's built-in provider: cdktf's synthesis without any provider's bindings. */
class WarmUpResource extends TerraformResource {
  constructor(
    scope: TerraformStack,
    id: string,
    private readonly input: Record<string, unknown>,
  ) {
    super(scope, id, { terraformResourceType: "terraform_data", terraformGeneratorMetadata: { providerName: "terraform" } });
  }

  protected synthesizeAttributes(): Record<string, unknown> {
    return { input: this.input };
  }
}

/**
 * Loads, validates and places every spec in the examples folder on every target and checks their
 * names; synthesizes two stacks of built-in resources, one reading the other, into a temporary
 * folder it then removes. Throws if any of it fails, so a broken snapshot is never built. Local
 * state only: nothing of the build machine's configuration may reach the snapshot.
 */
export function warmUpSynth(options: Pick<MainOptions, "targets" | "examplesDir">): void {
  const dir = mkdtempSync(join(tmpdir(), "polder-warm-up-"));
  const forgetTokens = markTokens();
  try {
    const specs = readdirSync(options.examplesDir)
      .filter((f) => /\.(ya?ml|json)$/.test(f))
      .sort()
      .map((f) => loadAppSpec(join(options.examplesDir, f)));
    const { build, leftOut } = planSynth(specs, options.targets, false);
    findNameCollisions(build.map((e) => ({ app: e.spec, target: e.target })));
    renderFleetSummary(buildFleetSummary([], leftOut));
    const app = new App({ outdir: join(dir, "out"), stackTraces: false });
    const zone = new TerraformStack(app, "zone");
    new LocalBackend(zone, { path: join(dir, "zone.tfstate") });
    const network = new WarmUpResource(zone, "network", { name: "hub", tags: { owner: "polder" }, ranges: ["10.0.0.0/16", { private: true }] });
    const id = new TerraformOutput(zone, "network_id", { value: network.getStringAttribute("id") });
    const stack = new TerraformStack(app, "app");
    new LocalBackend(stack, { path: join(dir, "app.tfstate") });
    for (let i = 0; i < 10; i++)
      new WarmUpResource(stack, `part-${i}`, {
        network: id.value,
        name: Fn.join("-", [network.getStringAttribute("id"), `part-${i}`]),
        later: Lazy.stringValue({ produce: () => `value-${i}` }),
        blocks: [{ index: i, label: `${network.getStringAttribute("id")}/${i}` }],
      });
    app.synth();
  } catch (e) {
    throw new Error(`the warm-up synth failed:\n${e instanceof Error ? e.message : String(e)}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
    // cdktf never forgets a token, and each token holds its construct: without this the whole
    // warm-up app would live on in the snapshot, in every synth's heap.
    forgetTokens();
  }
}
