#!/usr/bin/env node
// The `polder` command (package.json "bin"): a tiny launcher that starts the synth bundle
// (dist/bundle/main.js), through bin/snapshot.sh (from its V8 startup snapshot when it fits), with the
// arguments given. The bundle dispatches the subcommands (lib/cli/polder.ts). On a fresh clone,
// or when the sources are newer than the bundle, it builds it first (`npm run build && npm run
// bundle`, output on stderr).
"use strict";
const { existsSync, readdirSync, statSync } = require("node:fs");
const { join } = require("node:path");
const { spawnSync } = require("node:child_process");

const root = join(__dirname, "..");
const bundle = join(root, "dist", "bundle", "main.js");

/** Newest modification time of the sources the bundle is built from (0 when they are not shipped). */
function newestSource() {
  let newest = 0;
  const walk = (dir) => {
    if (!existsSync(dir)) return;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith(".ts")) newest = Math.max(newest, statSync(path).mtimeMs);
    }
  };
  walk(join(root, "lib"));
  walk(join(root, "stacks"));
  return newest;
}

function build() {
  process.stderr.write("polder: building dist/bundle (npm run build && npm run bundle)...\n");
  for (const script of ["build", "bundle"]) {
    const r = spawnSync("npm", ["run", "--silent", script], { cwd: root, stdio: ["ignore", 2, 2], shell: process.platform === "win32" });
    if (r.status !== 0) {
      process.stderr.write(`polder: 'npm run ${script}' failed; run 'npm ci' first, then 'npm run build && npm run bundle' in ${root}\n`);
      process.exit(1);
    }
  }
}

if (!existsSync(bundle) || (existsSync(join(root, "lib")) && newestSource() > statSync(bundle).mtimeMs)) build();
// bin/snapshot.sh uses the snapshot only when it was built by this Node binary under these V8
// flags (NODE_OPTIONS included), and the plain bundle otherwise: the same output either way.
const r = spawnSync("sh", [join(__dirname, "snapshot.sh"), "run", bundle, ...process.argv.slice(2)], { stdio: "inherit" });
if (r.error) {
  process.stderr.write(`polder: cannot start sh: ${r.error.message}\n`);
  process.exit(1);
}
process.exit(r.status ?? 1);
