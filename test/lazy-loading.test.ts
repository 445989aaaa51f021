import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { expect, test } from "vitest";

const root = join(__dirname, "..");

// Runs in a child process: vitest preloads realizers (test/support/setup.ts), so only a fresh
// Node process shows what the public API really loads.
function providerModulesLoadedAfter(script: string): string[] {
  const out = execFileSync(process.execPath, ["--import", "tsx", "-e", `${script}; console.log(JSON.stringify(Object.keys(require.cache).filter((k) => /@cdktf\\/provider-|providers\\/openstack\\/lib/.test(k))))`], { cwd: root, encoding: "utf8" });
  return JSON.parse(out.trim().split("\n").pop()!);
}

test("importing the public API loads no provider bindings", () => {
  expect(providerModulesLoadedAfter(`require("./lib")`)).toEqual([]);
});

test("making a target value loads no provider bindings", () => {
  expect(providerModulesLoadedAfter(`require("./lib").targets.aws({ region: "eu-central-1" })`)).toEqual([]);
});

test("a stack on AWS loads AWS bindings by deep import only", () => {
  const loaded = providerModulesLoadedAfter(
    `const { App } = require("cdktf"); const p = require("./lib"); new p.TargetStack(new App({ outdir: require("os").tmpdir() + "/polder-lazy" }), "x", { target: p.targets.aws({ region: "eu-central-1" }) })`,
  );
  expect(loaded.length).toBeGreaterThan(0);
  expect(loaded.every((m) => /@cdktf\/provider-aws\/lib\/[a-z0-9-]+\/index\.js$/.test(m))).toBe(true);
});

test("making an Azure target value loads no provider bindings", () => {
  expect(providerModulesLoadedAfter(`require("./lib").targets.azure({ location: "westeurope" })`)).toEqual([]);
});

test("a stack on Azure loads azurerm bindings by deep import only, and no other provider's", () => {
  const loaded = providerModulesLoadedAfter(
    `const { App } = require("cdktf"); const p = require("./lib"); new p.TargetStack(new App({ outdir: require("os").tmpdir() + "/polder-lazy" }), "x", { target: p.targets.azure({ location: "westeurope" }) })`,
  );
  expect(loaded.length).toBeGreaterThan(0);
  expect(loaded.every((m) => /@cdktf\/provider-azurerm\/lib\/[a-z0-9-]+\/index\.js$/.test(m))).toBe(true);
});

test("making a Google target value loads no provider bindings", () => {
  expect(providerModulesLoadedAfter(`require("./lib").targets.gcp({ project: "polder-demo", region: "europe-west4" })`)).toEqual([]);
});

test("a stack on Google Cloud loads Google bindings by deep import only", () => {
  const loaded = providerModulesLoadedAfter(
    `const { App } = require("cdktf"); const p = require("./lib"); new p.TargetStack(new App({ outdir: require("os").tmpdir() + "/polder-lazy" }), "x", { target: p.targets.gcp({ project: "polder-demo", region: "europe-west4" }) })`,
  );
  expect(loaded.length).toBeGreaterThan(0);
  // A binding's structs may sit in index-structs/ beside its index.js: still a deep import.
  expect(loaded.filter((m) => !/@cdktf\/provider-google\/lib\/[a-z0-9-]+\/(index|index-structs\/[a-z0-9]+)\.js$/.test(m))).toEqual([]);
});

test("the startup snapshot's warm-up loads no provider bindings (each target's code loads when a stack uses it)", () => {
  expect(providerModulesLoadedAfter(`require("./lib/cli/warm-up").warmUpSynth({ targets: require("./stacks/targets").projectTargets({}), examplesDir: "examples" })`)).toEqual([]);
});
