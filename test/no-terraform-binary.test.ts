import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, test } from "vitest";

const root = join(__dirname, "..");

// Pipelines often synthesize on a machine without Terraform and apply elsewhere; cdktf checks
// like DataResource's `terraform version` would fail the synth there.
test("synthesizing every example needs no terraform binary on PATH", () => {
  const bin = mkdtempSync(join(tmpdir(), "polder-path-"));
  symlinkSync(process.execPath, join(bin, "node"));
  const outdir = join(mkdtempSync(join(tmpdir(), "polder-out-")), "out");
  const r = spawnSync(join(bin, "node"), ["--import", "tsx", join(root, "stacks", "main.ts"), "--outdir", outdir, "--jobs", "1"], {
    cwd: root,
    env: { PATH: bin, HOME: process.env.HOME ?? "/tmp" },
    encoding: "utf8",
    timeout: 120_000,
  });
  expect(r.stderr).not.toContain("Could not determine version of terraform");
  expect(r.status).toBe(0);
  expect(readdirSync(join(outdir, "stacks")).length).toBeGreaterThan(0);
});
