// cdktf writes manifest.json with json-stable-stringify (sorted keys, two-space indent, empty
// arrays and objects opened and closed on two lines). Polder writes the manifest of a whole
// fleet on every synth, kept stacks included: that writer took ~35 ms for 5,000 stacks. This
// one gives the same bytes from the native JSON.stringify, for plain JSON data, and leaves
// anything else to cdktf's writer.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { Manifest } from "../core/cdktf";

/** Keys JavaScript orders by number, not as written: JSON.stringify would not keep them sorted. */
const INDEX_KEY = /^(?:0|[1-9]\d{0,9})$/;
/** An empty array or object at the end of a line of JSON.stringify(…, null, 2)'s output. */
const EMPTY = /^( *)(.*?)(\[\]|\{\})(,?)$/gm;

/**
 * `value` with every object's keys sorted, or undefined when it is not plain JSON data (a class
 * instance, toJSON, a non-finite number, an index-like key, a cycle): then the caller falls back.
 */
function sortedCopy(value: unknown, depth = 0): unknown {
  if (depth > 100) return undefined;
  if (value === null || typeof value === "string" || typeof value === "boolean") return value;
  if (typeof value === "number") return Number.isFinite(value) ? value : undefined;
  if (typeof value !== "object") return undefined;
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    for (const item of value) {
      // json-stable-stringify writes an undefined item as null, like JSON.stringify.
      const copy = item === undefined ? null : sortedCopy(item, depth + 1);
      if (copy === undefined) return undefined;
      out.push(copy);
    }
    return out;
  }
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return undefined;
  // No prototype: a key "__proto__" is a key like any other.
  const out: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  for (const key of Object.keys(value).sort()) {
    if (INDEX_KEY.test(key)) return undefined;
    const v = (value as Record<string, unknown>)[key];
    if (v === undefined) continue;
    const copy = sortedCopy(v, depth + 1);
    if (copy === undefined) return undefined;
    out[key] = copy;
  }
  return out;
}

/**
 * The bytes json-stable-stringify writes for `value` with `{ space: 2 }` (cdktf's manifest
 * format), or undefined when `value` is not plain JSON data.
 */
export function stableJson(value: unknown): string | undefined {
  const sorted = sortedCopy(value);
  if (sorted === undefined) return undefined;
  // JSON.stringify escapes line breaks inside strings, so every line is one value or key: a line
  // ending in [] or {} (and a comma) is an empty container, which json-stable-stringify opens on
  // its line and closes on the next, at the line's indent.
  return JSON.stringify(sorted, null, 2).replace(EMPTY, (_m, indent: string, before: string, empty: string, comma: string) => `${indent}${before}${empty[0]}\n${indent}${empty[1]}${comma}`);
}

/**
 * Writes `manifest.json` into `outdir` with the bytes cdktf's own writer gives (through
 * `stableJson`, else cdktf's writer itself); returns the text written, when known.
 */
export function writeManifestFile(outdir: string, manifest: { readonly version: string; readonly stacks: Readonly<Record<string, unknown>> }): string | undefined {
  const json = stableJson({ version: manifest.version, stacks: manifest.stacks });
  if (json !== undefined) {
    writeFileSync(join(outdir, Manifest.fileName), json);
    return json;
  }
  const writer = new Manifest(manifest.version, outdir, false);
  Object.assign(writer.stacks, manifest.stacks);
  writer.writeToFile();
  return undefined;
}
