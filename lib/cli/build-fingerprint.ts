// The build fingerprint: what stands for Polder's own code and dependencies in every stack's
// inputs (lib/cli/stack-inputs.ts). A rebuilt bundle, a new snapshot, an `npm ci` that changes the
// lock file or another Node version changes it, and so rebuilds every stack.
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";

/**
 * The fingerprint of the running synth program, computed once per run (~10 ms: one hash of the
 * ~3 MB bundle). Known only when Polder runs as one bundled file (`dist/bundle/main.js`, plain or
 * from its startup snapshot), where that file holds all of Polder's code and the dependencies it
 * uses. Anywhere else (tsx, compiled but unbundled, a test runner) the code is spread over files
 * no one list names, so it is `undefined` and every stack is built: when in doubt, rebuild.
 */
export function buildFingerprint(): string | undefined {
  // In a bundle this module's __filename is the bundle itself (esbuild keeps the outer module's);
  // from a startup snapshot, the bundle the snapshot was built from.
  const file = __filename;
  if (!file.endsWith(".js") || !isProgramFile(file) || !existsSync(file)) return undefined;
  const hash = createHash("sha256");
  hash.update(`node ${process.version}\n`);
  hash.update(readFileSync(file));
  // Not the snapshot file: \`npm run synth\` builds it anew on every run and its bytes differ each
  // time. \`npm run bundle\` always builds it from this bundle, so the bundle stands for it.
  const lock = lockFile(dirname(file));
  if (lock) hash.update(readFileSync(lock));
  return hash.digest("hex");
}

/** True when this module's file is the program this process runs (so the program is a bundle). */
function isProgramFile(file: string): boolean {
  const blob = snapshotBlob();
  if (blob) return true; // Started from a snapshot: the snapshot was built from a bundle (`npm run bundle`).
  return process.argv[1] !== undefined && resolve(process.argv[1]) === file;
}

/** The `--snapshot-blob` file this process started from, if any. */
function snapshotBlob(): string | undefined {
  const args = process.execArgv;
  for (let i = 0; i < args.length; i++) {
    if (args[i] === "--snapshot-blob" && args[i + 1]) return resolve(args[i + 1]);
    if (args[i].startsWith("--snapshot-blob=")) return resolve(args[i].slice("--snapshot-blob=".length));
  }
  return undefined;
}

/** The package-lock.json of the nearest package above `from`. */
function lockFile(from: string): string | undefined {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, "package.json"))) return existsSync(join(dir, "package-lock.json")) ? join(dir, "package-lock.json") : undefined;
    if (dirname(dir) === dir) return undefined;
  }
}
