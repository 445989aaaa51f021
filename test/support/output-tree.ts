import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";

/** Every file under dir (relative path, `/` separated) with the SHA-256 of its bytes. */
export function outputTree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out[relative(dir, p).split("\\").join("/")] = createHash("sha256").update(readFileSync(p)).digest("hex");
    }
  };
  walk(dir);
  return out;
}

/** Stack id → hash of its cdk.tf.json, from an outputTree. */
export function stackFiles(tree: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [path, hash] of Object.entries(tree)) {
    const m = /^stacks\/([^/]+)\/cdk\.tf\.json$/.exec(path);
    if (m) out[m[1]] = hash;
  }
  return out;
}

/** The change list a diff of two outputs gives (stack files only). */
export function diffChanges(before: Record<string, string>, after: Record<string, string>) {
  const a = stackFiles(before);
  const b = stackFiles(after);
  const ids = (f: (id: string) => boolean, from: Record<string, string>) => Object.keys(from).filter(f).sort();
  return {
    added: ids((id) => !(id in a), b),
    changed: ids((id) => id in a && a[id] !== b[id], b),
    unchanged: ids((id) => id in a && a[id] === b[id], b),
    removed: ids((id) => !(id in b), a),
  };
}
