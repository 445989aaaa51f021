// The project's own cdktf app: every example app on every configured target its classification
// allows. `npm run synth` runs it compiled, bundled (dist/bundle/main.js) and started from a V8
// snapshot of the bundle (dist/bundle/main.blob, see lib/cli/program.ts); `cdktf synth` the same.
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { runSynth } from "../lib/cli/main";
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
const examplesDir = () => join(projectRoot(__dirname) ?? projectRoot(process.cwd()) ?? process.cwd(), "examples");

// With many stacks, runSynth starts worker processes running this same file (see --jobs). A
// snapshot build warms up on the examples with default targets (no POLDER_* from the build machine).
runProgram((argv) => runSynth(argv, { targets: projectTargets(), examplesDir: examplesDir(), backendFor, landingZonesDir: join(examplesDir(), "landing-zones") }), {
  warmUp: () => warmUpSynth({ targets: projectTargets({}), examplesDir: examplesDir() }),
});
