import { readSpecFile } from "./spec-file";
import { parseAppSpec, type ResolvedAppSpec } from "./spec";

/**
 * Reads and validates an AppSpec from a `.yaml`, `.yml` or `.json` file of at most 1 MiB
 * (`MAX_SPEC_BYTES`). Every failure, reading or validating, is a `SpecValidationError` naming the file.
 */
export function loadAppSpec(path: string): ResolvedAppSpec {
  return parseAppSpec(readSpecFile(path), path);
}
