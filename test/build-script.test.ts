// bin/build.sh, which `npm run synth`, cdktf.json and the polder command run before the synth:
// it builds (npm run build, npm run bundle) only when the inputs' contents changed since the last
// build, or the snapshot does not fit. Run in a small project of its own with a stand-in `npm`
// on PATH that records its calls and makes a tiny bundle and a real snapshot of it.
import { spawnSync } from "node:child_process";
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { beforeEach, describe, expect, test } from "vitest";

const root = join(__dirname, "..");

const FAKE_NPM = `#!/bin/sh
echo "$*" >> "$NPM_CALLS"
[ -z "\${NPM_FAIL-}" ] || exit 1
case "$*" in
*bundle*)
  mkdir -p dist/bundle
  echo 'globalThis.built = true;' > dist/bundle/main.js
  sh bin/snapshot.sh build dist/bundle/main.js ;;
esac
`;

let project: string;

function write(path: string, content: string) {
  mkdirSync(dirname(join(project, path)), { recursive: true });
  writeFileSync(join(project, path), content);
}

/** Runs bin/build.sh in the project; returns the npm scripts it ran. */
function build(extra: NodeJS.ProcessEnv = {}): { code: number | null; npm: string[]; err: string } {
  const calls = join(project, "npm-calls");
  rmSync(calls, { force: true });
  const env: NodeJS.ProcessEnv = { ...process.env, PATH: `${join(project, "fake-bin")}:${process.env.PATH}`, NPM_CALLS: calls, ...extra };
  for (const k of ["POLDER_BUILD", "NODE_OPTIONS", "NPM_FAIL"]) if (!(k in extra)) delete env[k];
  const r = spawnSync("sh", [join(project, "bin", "build.sh")], { cwd: root, env, encoding: "utf8", timeout: 60_000 });
  const npm = existsSync(calls) ? readFileSync(calls, "utf8").trim().split("\n") : [];
  return { code: r.status, npm, err: r.stderr };
}

beforeEach(() => {
  project = mkdtempSync(join(tmpdir(), "polder-build-"));
  for (const f of ["build.sh", "snapshot.sh"]) {
    mkdirSync(join(project, "bin"), { recursive: true });
    copyFileSync(join(root, "bin", f), join(project, "bin", f));
  }
  write("fake-bin/npm", FAKE_NPM);
  chmodSync(join(project, "fake-bin", "npm"), 0o755);
  write("lib/core/a.ts", "export const a = 1;\n");
  write("stacks/main.ts", 'import { a } from "../lib/core/a";\n');
  write("providers/openstack/lib/x.ts", "export {};\n");
  for (const f of ["package.json", "package-lock.json", "tsconfig.json", "tsconfig.build.json"]) write(f, "{}\n");
  write("node_modules/.package-lock.json", '{"packages":{}}\n');
});

describe("bin/build.sh", () => {
  test("builds on a fresh clone: npm run build, then npm run bundle", () => {
    const r = build();
    expect(r.code, r.err).toBe(0);
    expect(r.npm).toEqual(["run --silent build", "run --silent bundle"]);
    expect(r.err).toContain("polder: building dist/bundle");
  });

  test("builds nothing when nothing changed since its last build, and says nothing", () => {
    build();
    expect(build()).toEqual({ code: 0, npm: [], err: "" });
  });

  test("builds again when a source's content changed", () => {
    build();
    write("lib/core/a.ts", "export const a = 2;\n");
    expect(build().npm).toEqual(["run --silent build", "run --silent bundle"]);
  });

  test("a source touched but with the same content builds nothing (contents count, not times)", () => {
    build();
    const later = new Date(Date.now() + 60_000);
    utimesSync(join(project, "lib", "core", "a.ts"), later, later);
    expect(build().npm).toEqual([]);
  });

  test("a source given an old time but new content builds again (a restored cache cannot hide a change)", () => {
    build();
    write("stacks/main.ts", 'import { a } from "../lib/core/a";\nconsole.log(a);\n');
    const old = new Date(2000, 0, 1);
    utimesSync(join(project, "stacks", "main.ts"), old, old);
    expect(build().npm).toEqual(["run --silent build", "run --silent bundle"]);
  });

  test("other installed dependencies (npm's node_modules/.package-lock.json) build again", () => {
    build();
    write("node_modules/.package-lock.json", '{"packages":{"node_modules/cdktf":{"version":"0.21.0"}}}\n');
    expect(build().npm).toHaveLength(2);
  });

  test("a new file in lib/ builds again", () => {
    build();
    write("lib/core/b.ts", "export const b = 1;\n");
    expect(build().npm).toHaveLength(2);
  });

  test("a snapshot that does not fit this NODE_OPTIONS is built again on its own, for it", () => {
    build();
    const under = { NODE_OPTIONS: "--max-old-space-size=4096" };
    const r = build(under);
    expect(r.code, r.err).toBe(0);
    expect(r.npm).toEqual([]);
    expect(r.err).toContain("building the startup snapshot");
    expect(readFileSync(join(project, "dist", "bundle", "main.blob.id"), "utf8")).toContain("NODE_OPTIONS=--max-old-space-size=4096");
    expect(build(under)).toEqual({ code: 0, npm: [], err: "" });
  });

  test("POLDER_BUILD=always builds every time", () => {
    build();
    expect(build({ POLDER_BUILD: "always" }).npm).toHaveLength(2);
  });

  test("a failed build exits non-zero and records nothing, so the next run builds again", () => {
    build();
    write("lib/core/a.ts", "export const a = 3;\n");
    const failed = build({ NPM_FAIL: "1" });
    expect(failed.code).not.toBe(0);
    expect(failed.npm).toEqual(["run --silent build"]);
    expect(build().npm).toHaveLength(2);
  });

  test("without sources (an installed package, which ships its bundle) it builds nothing", () => {
    rmSync(join(project, "lib"), { recursive: true });
    expect(build()).toEqual({ code: 0, npm: [], err: "" });
  });
});

test("npm run build and npm run bundle by hand drop bin/build.sh's record, so it cannot vouch for what they made", () => {
  const scripts = JSON.parse(readFileSync(join(root, "package.json"), "utf8")).scripts as Record<string, string>;
  for (const name of ["build", "bundle"]) expect(scripts[name], name).toMatch(/^rm -f dist\/bundle\/main\.inputs && /);
});
