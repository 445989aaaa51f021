import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Construct } from "constructs";
import { TerraformStack } from "../core/cdktf";
import { CONTROLS_FILE, type LandingZoneControlsReport } from "./controls";

interface SynthesisSession {
  readonly outdir: string;
  readonly manifest: { forStack(stack: TerraformStack): { workingDirectory: string } };
}

/**
 * Writes the controls report into the stack's folder (`cdktf.out/stacks/<stack>/landing-zone-controls.json`)
 * whenever the stack is synthesized: by `npm run synth`, its workers, `cdktf synth` or a test.
 * cdktf's custom-synthesis hook (exported from its synthesizer module, not its index) runs inside
 * the stack's synthesis, so the file lands in the same staging folder as the stack and shares its
 * all-or-nothing fate.
 */
export function writeControlsBesideStack(construct: Construct, report: () => LandingZoneControlsReport): void {
  const { addCustomSynthesis } = require("cdktf/lib/synthesize/synthesizer") as {
    addCustomSynthesis(c: Construct, s: { onSynthesize(session: SynthesisSession): void }): void;
  };
  addCustomSynthesis(construct, {
    onSynthesize(session) {
      const dir = join(session.outdir, session.manifest.forStack(TerraformStack.of(construct)).workingDirectory);
      writeFileSync(join(dir, CONTROLS_FILE), `${JSON.stringify(report(), null, 2)}\n`);
    },
  });
}
