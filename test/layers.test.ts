// Dependencies run one way: lib/shared (names, errors, field validation) ← lib/policy ← lib/kinds
// ← lib/core, and none of them imports the layers above (app, targets, cli, …). A test that
// fails when an import brings a cycle back, at the level of folders and of files.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, test } from "vitest";

const LIB = resolve(__dirname, "..", "lib");
/** Lowest first: a folder may import its own files and folders of a lower rank only. */
const LAYERS = ["shared", "policy", "kinds", "core"];

function filesOf(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    if (statSync(path).isDirectory()) return filesOf(path);
    return path.endsWith(".ts") ? [path] : [];
  });
}

/** Every relative module a file imports, re-exports or requires; `typeOnly` when erased at run time. */
function importsOf(file: string): { to: string; typeOnly: boolean }[] {
  const source = readFileSync(file, "utf8");
  const statements = [...source.matchAll(/^\s*(?:import|export)\s+(type\s+)?(?:[^;]*?\bfrom\s+)?["'](\.{1,2}\/[^"']+)["']/gm)].map((m) => ({ spec: m[2], typeOnly: m[1] !== undefined }));
  const requires = [...source.matchAll(/\b(?:require|import)\s*\(\s*["'](\.{1,2}\/[^"']+)["']/g)].map((m) => ({ spec: m[1], typeOnly: false }));
  return [...statements, ...requires].map(({ spec, typeOnly }) => ({ to: resolveModule(dirname(file), spec), typeOnly }));
}

function resolveModule(from: string, spec: string): string {
  const base = resolve(from, spec);
  for (const candidate of [`${base}.ts`, join(base, "index.ts"), base]) if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  throw new Error(`cannot resolve ${spec} from ${relative(LIB, from)}`);
}

const layerOf = (file: string) => relative(LIB, file).split("/")[0];

const files = LAYERS.flatMap((layer) => filesOf(join(LIB, layer)));
const edges = files.flatMap((file) => importsOf(file).map(({ to, typeOnly }) => ({ from: file, to, typeOnly })));
const show = (e: { from: string; to: string }) => `${relative(LIB, e.from)} → ${relative(LIB, e.to)}`;

describe("layers of lib/shared, lib/policy, lib/kinds, lib/core", () => {
  test("import only their own folder and lower layers", () => {
    const upward = edges.filter((e) => {
      const from = LAYERS.indexOf(layerOf(e.from));
      const to = LAYERS.indexOf(layerOf(e.to));
      return to === -1 || to > from;
    });
    expect(upward.map(show)).toEqual([]);
  });

  // Types may refer to each other inside one folder (a Target loads a Realizer, whose contexts
  // carry the Target); the folder rule above keeps even those from crossing layers.
  test("have no import cycle between files at run time", () => {
    const next = new Map<string, string[]>();
    for (const e of edges.filter((e) => !e.typeOnly)) next.set(e.from, [...(next.get(e.from) ?? []), e.to]);
    const state = new Map<string, "open" | "done">();
    const cycles: string[] = [];
    const visit = (file: string, path: string[]): void => {
      if (state.get(file) === "done") return;
      if (state.get(file) === "open") {
        cycles.push([...path.slice(path.indexOf(file)), file].map((f) => relative(LIB, f)).join(" → "));
        return;
      }
      state.set(file, "open");
      for (const to of next.get(file) ?? []) visit(to, [...path, file]);
      state.set(file, "done");
    };
    for (const file of files) visit(file, []);
    expect(cycles).toEqual([]);
  });

  test("the walk sees the imports (a self-check: the old paths re-export from lib/shared)", () => {
    expect(edges.map(show)).toEqual(expect.arrayContaining(["core/target.ts → shared/names.ts", "kinds/kind-names.ts → shared/names.ts", "core/realizer.ts → kinds/index.ts"]));
  });
});

describe("cdktf behind lib/core", () => {
  // A move to CDK Terrain (cdktn) should change lib/core/cdktf.ts, not the tree.
  test("no file outside lib/core imports cdktf itself", () => {
    const direct = filesOf(LIB)
      .filter((f) => layerOf(f) !== "core")
      .filter((f) => /^\s*(?:import|export)\s[^;]*?\bfrom\s+["']cdktf(?:\/[^"']*)?["']|\brequire\(\s*["']cdktf["']\s*\)/m.test(readFileSync(f, "utf8")))
      .map((f) => relative(LIB, f));
    expect(direct).toEqual([]);
  });
});
