#!/usr/bin/env node
// The `polder` command (package.json "bin"): a tiny launcher that starts the synth bundle
// (dist/bundle/main.js), through bin/snapshot.sh (from its V8 startup snapshot when it fits), with the
// arguments given. The bundle dispatches the subcommands (lib/cli/polder.ts). On a fresh clone,
// or when the sources changed since the bundle was built, it builds it first (bin/build.sh,
// output on stderr).
"use strict";
const { existsSync } = require("node:fs");
const { join } = require("node:path");
const { spawnSync } = require("node:child_process");

const root = join(__dirname, "..");
const bundle = join(root, "dist", "bundle", "main.js");

// bin/build.sh builds the bundle when its inputs changed since the last build (and does nothing
// in an installed package, which ships the bundle without the sources).
const built = spawnSync("sh", [join(__dirname, "build.sh")], { stdio: ["ignore", 2, 2] });
if (built.error || built.status !== 0) {
  process.stderr.write(`polder: building the bundle failed${built.error ? `: ${built.error.message}` : ""}; run 'npm ci' first, then 'npm run build && npm run bundle' in ${root}\n`);
  process.exit(1);
}
if (!existsSync(bundle)) {
  process.stderr.write(`polder: ${bundle} is missing and there are no sources to build it from\n`);
  process.exit(1);
}
// bin/snapshot.sh uses the snapshot only when it was built by this Node binary under these V8
// flags (NODE_OPTIONS included), and the plain bundle otherwise: the same output either way.
const r = spawnSync("sh", [join(__dirname, "snapshot.sh"), "run", bundle, ...process.argv.slice(2)], { stdio: "inherit" });
if (r.error) {
  process.stderr.write(`polder: cannot start sh: ${r.error.message}\n`);
  process.exit(1);
}
process.exit(r.status ?? 1);
