// The validated specs of the previous synth into the same folder, kept in its inputs record
// (lib/cli/incremental.ts, INPUTS_FILE): a spec file whose bytes have not changed, read by the same
// build, validates to the same spec, so a run takes it from there instead of parsing and checking
// it again (for a thousand-app fleet most of an unchanged run's time).
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { loadAppSpec } from "../app/load";
import type { ResolvedAppSpec } from "../app/spec";
import { sha256 } from "./sha256";

/** One spec file as recorded: the SHA-256 of its bytes and the spec they validated to. */
export interface CachedSpec {
  readonly sha256: string;
  readonly spec: ResolvedAppSpec;
}

export interface SpecCache {
  /** The validated spec of a file: from the record when its bytes and the build are the same. */
  load(file: string): ResolvedAppSpec;
  /** SHA-256 (hex) of the bytes `load` read of a file (undefined when it could not read them, or they changed while it did). */
  sha256Of(file: string): string | undefined;
  /** What to record for the next run: every file `load` validated, by absolute path. */
  entries(): Record<string, CachedSpec>;
}

/**
 * `recorded`: the previous record's specs, valid only for the build `recordedBuild`. With `use`
 * false (`--full`) or an unknown build every file is validated again; the record is made anyway.
 * With `carryOver` (a run with a selection, which reads only some of the specs) the record keeps
 * the previous entries of the files this run did not read.
 */
export function specCache(recorded: Readonly<Record<string, CachedSpec>> | undefined, recordedBuild: string | undefined, build: string | undefined, use: boolean, carryOver: boolean): SpecCache {
  const sameBuild = build !== undefined && recordedBuild === build;
  const trusted = use && sameBuild ? recorded : undefined;
  const made: Record<string, CachedSpec> = {};
  const hashes = new Map<string, string>();
  const read = (file: string): Buffer | undefined => {
    try {
      return readFileSync(file);
    } catch {
      return undefined;
    }
  };
  return {
    load(file) {
      const path = resolve(file);
      const before = read(file);
      // A file that cannot be read: loadAppSpec gives the error.
      if (before === undefined) return loadAppSpec(file);
      const hash = sha256(before);
      hashes.set(file, hash);
      const hit = trusted?.[path];
      if (hit && hit.sha256 === hash && typeof hit.spec === "object" && hit.spec !== null) {
        made[path] = hit;
        return hit.spec;
      }
      const spec = loadAppSpec(file);
      // Recorded only when the file did not change while it was read.
      const after = read(file);
      if (after !== undefined && after.equals(before)) made[path] = { sha256: hash, spec };
      else hashes.delete(file);
      return spec;
    },
    sha256Of: (file) => hashes.get(file),
    entries: () => (carryOver && sameBuild && recorded ? { ...recorded, ...made } : made),
  };
}
