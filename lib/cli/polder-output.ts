// Output of the polder subcommands: a folder written whole, atomically (staged beside it, then
// renamed into place), so a failed or interrupted command never leaves half a report. The folder
// is replaced only when it holds nothing but what the command itself writes: `--out .` or a
// folder with other files in it is refused, never deleted.
import { existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { PolderError } from "../core/errors";
import { commitStaging, prepareStaging } from "./safe-synth";

/** Writes `files` (relative path → content) as the folder `outdir`, replacing it atomically. */
export function writeFolderAtomically(outdir: string, files: Readonly<Record<string, string>>): string {
  const owned = new Set(Object.keys(files).map((f) => f.split("/")[0]));
  const target = resolve(outdir);
  if (existsSync(target)) {
    if (!statSync(target).isDirectory()) throw new PolderError(`--out ${JSON.stringify(outdir)} is a file, not a folder: give a folder for ${[...owned].join(", ")}`);
    const foreign = readdirSync(target).filter((f) => !owned.has(f));
    if (foreign.length)
      throw new PolderError(`--out ${JSON.stringify(outdir)} holds files this command does not write (${foreign.slice(0, 5).join(", ")}${foreign.length > 5 ? ", ..." : ""}); the folder is replaced whole, so give an empty or new folder`);
  }
  const { staging } = prepareStaging({ outdir: target });
  try {
    mkdirSync(staging, { recursive: true });
    for (const [path, content] of Object.entries(files)) {
      const file = join(staging, path);
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, content);
    }
    commitStaging(staging, target);
    return target;
  } catch (e) {
    rmSync(staging, { recursive: true, force: true });
    throw e;
  }
}
