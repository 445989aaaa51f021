// The build fingerprint: what stands for Polder's own code and dependencies in every stack's
// inputs (lib/cli/stack-inputs.ts). A rebuilt bundle, a new snapshot, an `npm ci` that changes the
// lock file or another Node version changes it, and so rebuilds every stack.
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { sha256 } from "./sha256";

/**
 * SHA-256 of the bundle, taken while a startup snapshot of it was built (`rememberSnapshotCode`):
 * the code a process started from that snapshot runs, whatever the bundle file holds by then.
 */
let snapshotCode: string | undefined;

/**
 * Called while a startup snapshot of the bundle is built (lib/cli/program.ts), so a process
 * started from it need not read and hash the ~10 MB bundle again (~10 ms and as many MB a run).
 */
export function rememberSnapshotCode(): void {
  const file = __filename;
  if (file.endsWith(".js") && existsSync(file)) snapshotCode = sha256(readFileSync(file));
}

/**
 * The fingerprint of the running synth program, computed once per run. Known only when Polder
 * runs as one bundled file (`dist/bundle/main.js`, plain or from its startup snapshot), where that
 * file holds all of Polder's code and the dependencies it uses. Anywhere else (tsx, compiled but
 * unbundled, a test runner) the code is spread over files no one list names, so it is `undefined`
 * and every stack is built: when in doubt, rebuild. The same bundle gives the same fingerprint
 * plainly and from its snapshot.
 */
export function buildFingerprint(): string | undefined {
  // In a bundle this module's __filename is the bundle itself (esbuild keeps the outer module's);
  // from a startup snapshot, the bundle the snapshot was built from.
  const file = __filename;
  const fromSnapshot = snapshotBlob() !== undefined;
  if (!file.endsWith(".js") || !isProgramFile(file)) return undefined;
  if (!(fromSnapshot && snapshotCode) && !existsSync(file)) return undefined;
  const code = fromSnapshot && snapshotCode ? snapshotCode : sha256(readFileSync(file));
  // Not the snapshot file: \`npm run synth\` builds it anew on every run and its bytes differ each
  // time. \`npm run bundle\` always builds it from this bundle, so the bundle stands for it.
  const lock = lockFile(dirname(file));
  return sha256(`polder build 2\nnode ${process.version}\nbundle ${code}\nlock ${lock ? sha256(readFileSync(lock)) : "none"}\n`);
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
