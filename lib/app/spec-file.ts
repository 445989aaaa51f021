import { closeSync, fstatSync, openSync, readSync } from "node:fs";
import { extname } from "node:path";
import { Lexer, parseDocument } from "yaml";
import { type Issue, SpecValidationError } from "../core/errors";
import { describeYamlErrors } from "./yaml-problems";

/** The largest spec file Polder reads: checked before parsing, so a huge file costs nothing. */
export const MAX_SPEC_BYTES = 1024 * 1024;
/** The deepest nesting of mappings and lists a spec may have (a real spec needs about 6). */
export const MAX_SPEC_DEPTH = 32;
/** How many alias expansions a YAML spec may have; stops a "billion laughs" document. */
export const MAX_YAML_ALIASES = 100;

const EXTENSIONS = [".yaml", ".yml", ".json"];

/**
 * Reads a spec file (`.yaml`, `.yml` or `.json`) into plain data, within the limits above.
 * Every failure — unreadable, too large, not UTF-8, empty, bad syntax, too deep, an alias bomb —
 * is a {@link SpecValidationError} that names the file.
 */
export function readSpecFile(path: string): unknown {
  const fail = (message: string | Issue[]): never => {
    throw new SpecValidationError(path, typeof message === "string" ? [{ path: "(file)", message }] : message);
  };
  const ext = extname(path).toLowerCase();
  if (!EXTENSIONS.includes(ext)) fail(`extension ${JSON.stringify(ext)} is not allowed: .yaml, .yml or .json`);

  const text = readText(path, fail);
  if (/^\s*$/.test(text)) fail(`is empty: expected a spec (a mapping with name, owner, classification, …)`);

  let data: unknown;
  if (ext === ".json") {
    try {
      data = JSON.parse(text);
    } catch (e) {
      fail(`is not valid JSON: ${(e as Error).message}`);
    }
  } else {
    // Flow collections (`[[[[…`) are counted in the token stream, which stops at the limit, so a
    // deeply nested document is refused before the parser spends time on it.
    if (flowDepthExceeds(text, MAX_SPEC_DEPTH)) fail(tooDeep());
    // One document, unique keys, no custom tags: a duplicated key would otherwise silently win.
    const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: true, customTags: [] });
    if (doc.errors.length > 0)
      fail(describeYamlErrors(text, doc.errors).map((p) => ({ path: "(file)", message: `is not valid YAML at line ${p.line}, column ${p.column}: ${p.message}` })));
    if (doc.contents === null) fail(`is empty (only comments): expected a spec (a mapping with name, owner, classification, …)`);
    try {
      data = doc.toJS({ maxAliasCount: MAX_YAML_ALIASES });
    } catch (e) {
      if (e instanceof ReferenceError && /alias/i.test(e.message))
        fail(`uses YAML aliases that expand too far (more than ${MAX_YAML_ALIASES} expansions, as in a "billion laughs" document): write the values out or use fewer aliases`);
      fail(`cannot be read as YAML: ${(e as Error).message}`);
    }
  }
  if (depthExceeds(data, MAX_SPEC_DEPTH)) fail(tooDeep());
  return data;
}

const tooDeep = () => `nests mappings and lists deeper than ${MAX_SPEC_DEPTH} levels: a spec needs far fewer`;

function readText(path: string, fail: (m: string) => never): string {
  let fd: number;
  try {
    fd = openSync(path, "r");
  } catch (e) {
    return fail(`cannot be read: ${(e as Error).message}`);
  }
  try {
    const stat = fstatSync(fd);
    if (stat.isDirectory()) fail(`is a directory: expected a spec file`);
    if (stat.isFile() && stat.size > MAX_SPEC_BYTES) fail(`is ${stat.size} bytes: a spec may have at most ${MAX_SPEC_BYTES} bytes (1 MiB)`);
    // Read at most one byte past the limit: a device or pipe has no size to check first.
    const buffer = Buffer.alloc(MAX_SPEC_BYTES + 1);
    let length = 0;
    for (;;) {
      const n = readSync(fd, buffer, length, buffer.length - length, null);
      if (n === 0) break;
      length += n;
      if (length > MAX_SPEC_BYTES) fail(`is larger than ${MAX_SPEC_BYTES} bytes (1 MiB), the most a spec may have`);
    }
    try {
      return new TextDecoder("utf-8", { fatal: true }).decode(buffer.subarray(0, length));
    } catch {
      return fail(`is not UTF-8 text`);
    }
  } catch (e) {
    if (e instanceof SpecValidationError) throw e;
    return fail(`cannot be read: ${(e as Error).message}`);
  } finally {
    closeSync(fd);
  }
}

/** Whether flow collections nest deeper than `max`, from the lexer's tokens (quotes respected). */
function flowDepthExceeds(text: string, max: number): boolean {
  let depth = 0;
  for (const token of new Lexer().lex(text)) {
    if (token === "[" || token === "{") {
      if (++depth > max) return true;
    } else if (token === "]" || token === "}") depth = Math.max(0, depth - 1);
  }
  return false;
}

/** Whether plain data nests deeper than `max`; stops descending at the limit. */
function depthExceeds(value: unknown, max: number, depth = 0): boolean {
  if (value === null || typeof value !== "object") return false;
  if (depth >= max) return true;
  const children = Array.isArray(value) ? value : Object.values(value);
  return children.some((child) => depthExceeds(child, max, depth + 1));
}
