// The project's own cdktf app and the `polder` command (lib/cli/polder.ts; no subcommand: synth):
// every example app on every configured target its classification allows. `npm run synth` runs
// it compiled, bundled (dist/bundle/main.js) and started from a V8 snapshot of the bundle
// (dist/bundle/main.blob, see lib/cli/program.ts); `cdktf synth` the same.
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { PolderError } from "../lib/core/errors";
import { runPolder } from "../lib/cli/polder";
import { synthTargets } from "../lib/cli/targets-file";
import { warmUpSynth } from "../lib/cli/warm-up";
import { runProgram } from "../lib/cli/program";
import { backendFor, projectTargets } from "./targets";

// The same file runs from stacks/ (tsx), dist/stacks/ (compiled) and dist/bundle/: the project root
// is the nearest folder above with a package.json; a bundle elsewhere uses the working directory's.
// Looked up when the program runs, not at module load (which a startup snapshot runs at build).
function projectRoot(from: string): string | undefined {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, "package.json"))) return dir;
    if (dirname(dir) === dir) return undefined;
  }
}
const root = () => projectRoot(__dirname) ?? projectRoot(process.cwd()) ?? process.cwd();
const examplesDir = () => join(root(), "examples");

// With many stacks, runSynth starts worker processes running this same file (see --jobs). A
// snapshot build warms up on the examples with default targets (no POLDER_* from the build
// machine), loading no target's bindings (lib/cli/warm-up.ts).
runProgram(
  (argv) => {
    let chosen: ReturnType<typeof synthTargets>;
    try {
      // --targets FILE, $POLDER_TARGETS, targets.yaml in the project root, or stacks/targets.ts.
      chosen = synthTargets(argv, root(), () => projectTargets());
    } catch (e) {
      if (!(e instanceof PolderError)) throw e;
      console.error(`error: ${e.message}`);
      return 1;
    }
    return runPolder(chosen.argv, { targets: chosen.targets, examplesDir: examplesDir(), backendFor, landingZonesDir: join(examplesDir(), "landing-zones") });
  },
  { warmUp: () => warmUpSynth({ targets: projectTargets({}), examplesDir: examplesDir() }) },
);
