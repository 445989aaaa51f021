import type { YAMLError } from "yaml";

/** One YAML syntax problem as a user reads it: where it is and what the parser expected there. */
export interface YamlProblem {
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

/**
 * Turns the parser's errors into one message per problem. The parser often reports one slip
 * twice at the same place (an over-indented line gives "Nested mappings are not allowed in
 * compact mappings" and "Implicit keys need to be on a single line"), and its messages end in a
 * colon followed by a code excerpt; a user needs the line, the column and what was expected.
 */
export function describeYamlErrors(text: string, errors: readonly YAMLError[]): YamlProblem[] {
  const lines = text.split(/\r?\n/);
  const problems: YamlProblem[] = [];
  const seen = new Set<string>();
  // Errors at the same start are one problem: the first code names it best.
  const byStart = new Map<number, YAMLError[]>();
  for (const e of errors) {
    const start = e.pos[0];
    byStart.set(start, [...(byStart.get(start) ?? []), e]);
  }
  for (const group of byStart.values()) {
    const p = describe(lines, group);
    const key = `${p.line}:${p.column}`;
    if (seen.has(key)) continue;
    seen.add(key);
    problems.push(p);
  }
  return problems.sort((a, b) => a.line - b.line || a.column - b.column);
}

function describe(lines: readonly string[], group: readonly YAMLError[]): YamlProblem {
  const codes = new Set(group.map((e) => e.code));
  const first = group[0];
  const start = first.linePos?.[0] ?? { line: 1, col: 1 };
  const end = group.map((e) => e.linePos?.[1]).find((p) => p !== undefined && p.line > start.line);

  // A line indented deeper than the key above it continues that key's value, so the parser
  // sees a key spanning two lines: point at the deeper line, not at the value it continues.
  if ((codes.has("MULTILINE_IMPLICIT_KEY") || codes.has("BLOCK_AS_IMPLICIT_KEY")) && end) {
    const culprit = nextContentLine(lines, start.line);
    if (culprit) {
      const above = previousContentLine(lines, culprit.line);
      const aboveText = above ? ` (line ${above.line} starts at column ${above.column})` : "";
      return {
        line: culprit.line,
        column: culprit.column,
        message:
          `this line is indented deeper than the line above it${aboveText}, so it reads as a continuation of that line's value; ` +
          `expected it at the column of a key above it${above ? ` (e.g. column ${above.column})` : ""}, or a nested mapping on its own line under a key with nothing after its colon`,
      };
    }
  }
  if (codes.has("BLOCK_AS_IMPLICIT_KEY"))
    return at(start, `a mapping cannot start on the same line as its key; expected the value on the same line, or a nested mapping on the next lines, indented deeper than its key`);
  if (codes.has("BAD_INDENT") && first.message.startsWith("All mapping items must start at the same column")) {
    // The parser points at the start of the line; the user needs the column the key starts at.
    const column = contentColumn(lines[start.line - 1] ?? "") ?? start.col;
    const above = previousContentLine(lines, start.line);
    const hint = above ? ` (line ${above.line} starts at column ${above.column})` : "";
    return at({ line: start.line, col: column }, `this key starts at column ${column}, not at the column of the keys above it${hint}; expected every key of one mapping at the same column, indented with spaces`);
  }
  const quote = /^Missing closing (["'])quote/.exec(first.message)?.[1];
  if (codes.has("MISSING_CHAR") && quote) {
    // The parser notices at the end of the file; the user needs the line where the quote opened.
    const opened = openQuote(lines, quote);
    if (opened) return { ...opened, message: `this quoted value is never closed; expected a closing ${quote}` };
  }
  if (codes.has("TAB_AS_INDENT")) return at(start, `a tab indents this line; expected spaces (YAML does not allow tabs for indentation)`);
  if (codes.has("DUPLICATE_KEY")) return at(start, `this key appears twice in the same mapping; expected each key once`);
  if (codes.has("MULTIPLE_DOCS")) return at(start, `a second document starts here; expected one document per spec file (remove the second '---' and what follows it)`);
  return at(start, `${parserText(first)}`);
}

const at = (p: { line: number; col: number }, message: string): YamlProblem => ({ line: p.line, column: p.col, message });

/** The parser's own message without its location suffix and code excerpt. */
function parserText(e: YAMLError): string {
  const firstLine = e.message.split("\n")[0];
  return firstLine.replace(/ at line \d+, column \d+:?\s*$/, "").replace(/:\s*$/, "");
}

function contentColumn(line: string): number | undefined {
  if (/^\s*(#.*)?$/.test(line)) return undefined;
  return line.length - line.trimStart().length + 1;
}

function nextContentLine(lines: readonly string[], after: number): { line: number; column: number } | undefined {
  for (let i = after; i < lines.length; i++) {
    const column = contentColumn(lines[i]);
    if (column !== undefined) return { line: i + 1, column };
  }
  return undefined;
}

function previousContentLine(lines: readonly string[], before: number): { line: number; column: number } | undefined {
  for (let i = before - 2; i >= 0; i--) {
    const column = contentColumn(lines[i]);
    if (column !== undefined) return { line: i + 1, column };
  }
  return undefined;
}

/** The first line whose `quote` characters do not pair up (doubled single quotes are escapes). */
function openQuote(lines: readonly string[], quote: string): { line: number; column: number } | undefined {
  for (const [i, line] of lines.entries()) {
    const text = quote === "'" ? line.replace(/''/g, "  ") : line.replace(/\\./g, "  ");
    const positions = [...text.matchAll(new RegExp(quote, "g"))].map((m) => m.index ?? 0);
    if (positions.length % 2 === 1 && !text.trimStart().startsWith("#")) return { line: i + 1, column: positions[positions.length - 1] + 1 };
  }
  return undefined;
}
