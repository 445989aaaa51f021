import { closeSync, fstatSync, openSync, readSync } from "node:fs";
import { extname } from "node:path";
import { isAlias, isMap, isScalar, isSeq, Lexer, LineCounter, parseDocument, type Node } from "yaml";
import { type Issue, SpecValidationError } from "../core/errors";
import { describeYamlErrors } from "./yaml-problems";

/** The largest spec file Polder reads: checked before parsing, so a huge file costs nothing. */
export const MAX_SPEC_BYTES = 1024 * 1024;
/** The deepest nesting of mappings and lists a spec may have (a real spec needs about 6). */
export const MAX_SPEC_DEPTH = 32;
/** How many alias expansions a YAML spec may have; stops a "billion laughs" document. */
export const MAX_YAML_ALIASES = 100;
/** The most scalars (keys and values) a spec may have (a real spec has a few hundred). */
export const MAX_SPEC_VALUES = 10_000;

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

  // Flow nesting (`[[[[…`) and the number of values are counted in the token stream (JSON is
  // YAML too), which stops at the limit, so a hostile document is refused before it is parsed.
  const tokens = scanTokens(text);
  if (tokens.tooDeep) fail(tooDeep());
  if (tokens.tooMany) fail(tooMany());

  let data: unknown;
  if (ext === ".json") {
    try {
      data = JSON.parse(text);
    } catch (e) {
      fail(`is not valid JSON: ${(e as Error).message}`);
    }
    // JSON.parse keeps the last of two equal keys; read as YAML, the file shows where they are.
    const lineCounter = new LineCounter();
    const duplicates = duplicateKeys(parseDocument(text, { uniqueKeys: false, lineCounter }).contents, lineCounter);
    if (duplicates.length) fail(duplicates.map((d) => ({ ...d, message: d.message.replace("is not valid YAML", "is not valid JSON") })));
  } else {
    // One document, no custom tags. Duplicate keys are found below in one pass (the parser's own
    // check compares every key with every other, minutes for a wide mapping).
    const lineCounter = new LineCounter();
    const doc = parseDocument(text, { uniqueKeys: false, prettyErrors: true, customTags: [], lineCounter });
    if (doc.errors.length > 0)
      fail(describeYamlErrors(text, doc.errors).map((p) => ({ path: "(file)", message: `is not valid YAML at line ${p.line}, column ${p.column}: ${p.message}` })));
    // A duplicated key would otherwise silently win.
    const duplicates = duplicateKeys(doc.contents, lineCounter);
    if (duplicates.length) fail(duplicates);
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
  if (valueCountExceeds(data, MAX_SPEC_VALUES)) fail(tooMany());
  return data;
}

const tooDeep = () => `nests mappings and lists deeper than ${MAX_SPEC_DEPTH} levels: a spec needs far fewer`;
const tooMany = () => `has more than ${MAX_SPEC_VALUES} keys and values: a spec needs far fewer`;

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

/**
 * Flow nesting and the number of scalars from the lexer's tokens (quotes respected), stopping as
 * soon as either limit is passed.
 */
function scanTokens(text: string): { tooDeep: boolean; tooMany: boolean } {
  let depth = 0;
  let scalars = 0;
  for (const token of new Lexer().lex(text)) {
    if (token === "[" || token === "{") {
      if (++depth > MAX_SPEC_DEPTH) return { tooDeep: true, tooMany: false };
    } else if (token === "]" || token === "}") depth = Math.max(0, depth - 1);
    // A plain scalar is announced by U+001F; quoted ones start with their quote.
    else if (token === "\u001f" || token[0] === '"' || token[0] === "'") {
      if (++scalars > MAX_SPEC_VALUES) return { tooDeep: false, tooMany: true };
    }
  }
  return { tooDeep: false, tooMany: false };
}

/** Every key that appears twice in one mapping, with its line and column; aliases not followed. */
function duplicateKeys(root: unknown, lines: LineCounter): Issue[] {
  const issues: Issue[] = [];
  const visit = (node: unknown): void => {
    if (isMap(node)) {
      const seen = new Map<string, number>();
      for (const item of node.items) {
        const key = isScalar(item.key) ? String(item.key.value) : undefined;
        const offset = (item.key as Node | null)?.range?.[0];
        if (key !== undefined && offset !== undefined) {
          const first = seen.get(key);
          if (first === undefined) seen.set(key, offset);
          else {
            const at = lines.linePos(offset);
            issues.push({
              path: "(file)",
              message: `is not valid YAML at line ${at.line}, column ${at.col}: key ${JSON.stringify(key)} appears twice in the same mapping (first at line ${lines.linePos(first).line}); expected each key once`,
            });
          }
        }
        visit(item.value);
      }
    } else if (isSeq(node)) for (const item of node.items) visit(item);
    else if (isAlias(node)) return;
  };
  visit(root);
  return issues;
}

/** Whether plain data nests deeper than `max`; stops descending at the limit. */
function depthExceeds(value: unknown, max: number, depth = 0): boolean {
  if (value === null || typeof value !== "object") return false;
  if (depth >= max) return true;
  const children = Array.isArray(value) ? value : Object.values(value);
  return children.some((child) => depthExceeds(child, max, depth + 1));
}

/** Whether plain data has more than `max` scalars (keys and leaf values); stops counting there. */
function valueCountExceeds(value: unknown, max: number): boolean {
  let count = 0;
  const visit = (v: unknown): boolean => {
    if (v === null || typeof v !== "object") return ++count > max;
    if (Array.isArray(v)) return v.some(visit);
    return Object.entries(v).some(([, child]) => ++count > max || visit(child));
  };
  return visit(value);
}
