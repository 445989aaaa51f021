import { readFileSync } from "node:fs";
import { extname } from "node:path";
import { parseDocument } from "yaml";
import { SpecValidationError } from "../core/errors";
import { parseLandingZoneSpec, type ResolvedLandingZoneSpec } from "./spec";

/**
 * Reads and validates a LandingZoneSpec from a `.yaml`, `.yml` or `.json` file, with the same
 * rules as app specs: one YAML document, unique keys, no custom tags, bounded aliases.
 */
export function loadLandingZoneSpec(path: string): ResolvedLandingZoneSpec {
  const ext = extname(path).toLowerCase();
  if (![".yaml", ".yml", ".json"].includes(ext))
    throw new SpecValidationError(path, [{ path: "(file)", message: `extension ${JSON.stringify(ext)} is not allowed: .yaml, .yml or .json` }]);
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    throw new SpecValidationError(path, [{ path: "(file)", message: `cannot be read: ${(e as Error).message}` }]);
  }
  let data: unknown;
  if (ext === ".json") {
    try {
      data = JSON.parse(text);
    } catch (e) {
      throw new SpecValidationError(path, [{ path: "(file)", message: `is not valid JSON: ${(e as Error).message}` }]);
    }
  } else {
    const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: true, customTags: [] });
    if (doc.errors.length > 0)
      throw new SpecValidationError(path, doc.errors.map((e) => ({ path: "(file)", message: `is not valid YAML: ${e.message.split("\n")[0]}` })));
    data = doc.toJS({ maxAliasCount: 100 });
  }
  return parseLandingZoneSpec(data, path);
}
