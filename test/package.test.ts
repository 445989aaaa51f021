// Polder as a package: `npm pack` of a clean clone holds the compiled library, its types and the
// generated OpenStack bindings, nothing else; the tarball installs into an empty project and
// runs the README's TypeScript snippet to a synthesized stack. Offline: the tarball's
// dependencies are linked from this checkout's node_modules instead of downloaded.
import { execFile, execFileSync } from "node:child_process";
import { promisify } from "node:util";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, posix } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";

const ROOT = join(__dirname, "..");
const NODE_MODULES = join(ROOT, "node_modules");
const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));

/** Runs a command; on failure, an error with its output (not the child's stack). */
async function run(command: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  // Asynchronous: a test worker that blocks for long is taken for dead.
  try {
    return (await promisify(execFile)(command, [...args], { cwd, env, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 })).stdout;
  } catch (e) {
    const { stdout, stderr, code } = e as { stdout?: string; stderr?: string; code?: number };
    // Without the child's stack lines: the test runner would try to map them to sources.
    const output = `${stdout ?? ""}\n${stderr ?? ""}`.replace(/^\s+at .*$/gm, "").slice(0, 4000);
    throw new Error(`${command} ${args.join(" ")} exited ${code}:\n${output}`);
  }
}

/** The snippet writes to cdktf's default output folder in the project. */
function withoutOutdir(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const copy = { ...env };
  delete copy.CDKTF_OUTDIR;
  return copy;
}

let work: string;
let tarball: string;
let packed: string[];

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), "polder-pack-"));
  // A clean clone: the files git knows (tracked or not ignored), no dist/, no build output.
  const clone = join(work, "clone");
  const files = execFileSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], { cwd: ROOT, encoding: "utf8" }).split("\0").filter(Boolean);
  // (node_modules as a symlink is not matched by the ignore rule `node_modules/`.)
  for (const f of files) if (f.split("/")[0] !== "node_modules" && existsSync(join(ROOT, f))) cpSync(join(ROOT, f), join(clone, f));
  symlinkSync(NODE_MODULES, join(clone, "node_modules"));
  const out = await run("npm", ["pack", "--json", "--pack-destination", work], clone);
  const [result] = JSON.parse(out.slice(out.indexOf("\n[") + 1));
  tarball = join(work, result.filename);
  packed = result.files.map((f: { path: string }) => f.path);
}, 240_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe("npm pack", () => {
  test("packs the compiled library, its types and the OpenStack bindings, nothing else", () => {
    // The `polder` command: its launchers and the bundle (no startup snapshot: it belongs to one Node binary).
    const allowed = /^(README\.md|package\.json|bin\/(polder\.js|build\.sh|snapshot\.sh)|dist\/bundle\/main\.js|dist\/lib\/.+\.(js|d\.ts)|dist\/providers\/openstack\/lib\/.+\.(js|d\.ts))$/;
    expect(packed.filter((f) => !allowed.test(f))).toEqual([]);
    expect(packed).toContain(pkg.main);
    expect(packed).toContain(pkg.types);
  });

  test("every module the library requires is in the package", () => {
    const inPackage = new Set(packed);
    const missing: string[] = [];
    const clone = join(work, "clone");
    for (const file of packed.filter((f) => f.endsWith(".js"))) {
      const source = readFileSync(join(clone, file), "utf8");
      for (const [, spec] of source.matchAll(/require\("(\.{1,2}\/[^"]+)"\)/g)) {
        const target = posix.normalize(posix.join(posix.dirname(file), spec));
        if (![`${target}.js`, `${target}/index.js`, target].some((t) => inPackage.has(t))) missing.push(`${file} → ${spec}`);
      }
    }
    expect(missing).toEqual([]);
  });
});

test("the packed package installs into an empty project and runs the README's snippet to a synthesized stack", async () => {
  const project = join(work, "project");
  mkdirSync(project);
  writeFileSync(join(project, "package.json"), JSON.stringify({ name: "platform-stacks", version: "1.0.0", private: true }));
  const deps = [...Object.keys(pkg.dependencies), "@types/node"].map((d) => `file:${join(NODE_MODULES, d)}`);
  await run("npm", ["install", "--offline", "--no-audit", "--no-fund", "--ignore-scripts", "--install-links=false", tarball, ...deps], project);

  const readme = readFileSync(join(ROOT, "README.md"), "utf8");
  const snippet = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]).find((code) => code.includes('from "polder"'));
  if (!snippet) throw new Error('no ```ts snippet importing from "polder" in README.md');
  writeFileSync(join(project, "main.ts"), snippet);
  for (const [, spec] of snippet.matchAll(/loadAppSpec\("([^"]+)"\)/g)) cpSync(join(ROOT, "examples", spec), join(project, spec));

  // The package's types: the snippet type-checks against them.
  writeFileSync(
    join(project, "tsconfig.json"),
    JSON.stringify({ compilerOptions: { strict: true, module: "nodenext", moduleResolution: "nodenext", target: "es2022", types: ["node"], noEmit: true, skipLibCheck: true }, files: ["main.ts"] }),
  );
  await run(join(NODE_MODULES, ".bin", "tsc"), ["-p", project], project);

  await run(process.execPath, [join(NODE_MODULES, "tsx", "dist", "cli.mjs"), "main.ts"], project, withoutOutdir(process.env));
  const stacks = join(project, "cdktf.out", "stacks");
  const stack = JSON.parse(readFileSync(join(stacks, "logistics-aws", "cdk.tf.json"), "utf8"));
  expect(Object.keys(stack.resource).length).toBeGreaterThan(10);
  expect(stack.output["orders-db_connection"]).toBeDefined();
  // The installed package is the tarball's copy, not this checkout.
  expect(dirname(require.resolve("polder/package.json", { paths: [project] }))).toBe(join(project, "node_modules", "polder"));
}, 240_000);
