// The warm-up of a startup snapshot (lib/cli/program.ts): one synth of the examples before the
// snapshot is taken, so the snapshot holds compiled code instead of code V8 compiles lazily on
// every start.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runMain, type MainOptions } from "./main";
import { markTokens } from "./token-registry";

/**
 * Synthesizes every spec in the examples folder on every target, in this process, into a
 * temporary folder it then removes. Throws if that synth fails, so a broken snapshot is never
 * built. Local state only, whatever `options` says about backends: nothing of the build machine's
 * configuration may reach the snapshot.
 */
export function warmUpSynth(options: MainOptions): void {
  const dir = mkdtempSync(join(tmpdir(), "polder-warm-up-"));
  const messages: string[] = [];
  const collect = (...args: unknown[]) => void messages.push(args.join(" "));
  const forgetTokens = markTokens();
  try {
    const code = runMain(["--outdir", join(dir, "out"), "--jobs", "1"], { targets: options.targets, examplesDir: options.examplesDir }, { log: collect, error: collect });
    if (code !== 0) throw new Error(`the warm-up synth failed:\n${messages.join("\n")}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
    // cdktf never forgets a token, and each token holds its construct: without this the whole
    // warm-up app would live on in the snapshot, in every synth's heap.
    forgetTokens();
  }
}
