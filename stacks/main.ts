// The project's own cdktf app: every example app on every configured target its classification
// allows. `npm run synth` runs it compiled, bundled (dist/bundle/main.js) and started from a V8
// snapshot of the bundle (dist/bundle/main.blob, see lib/cli/program.ts); `cdktf synth` the same.
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { runSynth } from "../lib/cli/main";
import { runProgram } from "../lib/cli/program";
import { backendFor, projectTargets } from "./targets";

// The same file runs from stacks/ (tsx) and dist/stacks/ (compiled): find the project root.
let root = __dirname;
while (!existsSync(join(root, "package.json")) && dirname(root) !== root) root = dirname(root);

// With many stacks, runSynth starts worker processes running this same file (see --jobs).
runProgram((argv) => runSynth(argv, { targets: projectTargets(), examplesDir: join(root, "examples"), backendFor }));
