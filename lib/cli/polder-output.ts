// Output of the polder subcommands: a folder written whole, atomically (staged beside it, then
// renamed into place), so a failed or interrupted command never leaves half a report.
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { commitStaging, prepareStaging } from "./safe-synth";

/** Writes `files` (relative path → content) as the folder `outdir`, replacing it atomically. */
export function writeFolderAtomically(outdir: string, files: Readonly<Record<string, string>>): string {
  const { outdir: target, staging } = prepareStaging({ outdir });
  try {
    for (const [path, content] of Object.entries(files)) {
      const file = join(staging, path);
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, content);
    }
    mkdirSync(staging, { recursive: true });
    commitStaging(staging, target);
    return target;
  } catch (e) {
    rmSync(staging, { recursive: true, force: true });
    throw e;
  }
}
