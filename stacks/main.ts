// The project's own cdktf app: every example app on every configured target its classification
// allows. `npm run synth` runs it compiled and bundled (dist/bundle/main.js); `cdktf synth` the same.
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { runSynth } from "../lib/cli/main";
import { backendFor, PROJECT_TARGETS } from "./targets";

// The same file runs from stacks/ (tsx) and dist/stacks/ (compiled): find the project root.
let root = __dirname;
while (!existsSync(join(root, "package.json")) && dirname(root) !== root) root = dirname(root);

// With many stacks, runSynth starts worker processes running this same file (see --jobs).
void runSynth(process.argv.slice(2), { targets: PROJECT_TARGETS, examplesDir: join(root, "examples"), backendFor }).then((code) => {
  process.exitCode = code;
});
