// A target that cannot host some components says so once, for all of them, by their spec paths,
// with the target's name and what would allow each; the CLI exits 1 without a stack trace (#16 item 6).
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import type { AppSpec } from "../lib/app/spec";
import { runMain } from "../lib/cli/main";
import { CapabilityError } from "../lib/core/errors";
import { sovereignTarget, synthSovereign } from "./support/sovereign";

// No Barbican, no Designate, no S3 endpoint, no Swift, no external key manager.
const bare = sovereignTarget({ name: "rijkscloud", s3Endpoint: undefined });

const spec: AppSpec = {
  name: "portal",
  owner: "team-portal",
  classification: "intern",
  components: {
    web: { kind: "vm-group" },
    portal: { kind: "public-endpoint", domain: "portal.example.nl", backend: "web" },
    signing: { kind: "key" },
    files: { kind: "bucket" },
    zone: { kind: "dns-zone", domain: "portal.example.nl" },
  },
};

function thrown(f: () => unknown): CapabilityError {
  try {
    f();
  } catch (e) {
    if (e instanceof CapabilityError) return e;
    throw e;
  }
  throw new Error("no error");
}

describe("components a target cannot host", () => {
  test("are all reported in one error, each by its path, with what would allow it", () => {
    const e = thrown(() => synthSovereign(spec, bare));
    expect(e.problems.map((p) => p.path)).toEqual(["components.portal", "components.signing", "components.files"]);
    expect(e.message).toContain("app 'portal' cannot be placed on target 'rijkscloud' (3 components)");
    expect(e.message).toMatch(/- components\.portal: no strategy for kind 'public-endpoint' on target 'rijkscloud': .*Barbican \(services\.keyManager\)/);
    expect(e.message).toMatch(/- components\.signing: .*Barbican \(services\.keyManager\).*externalKeyManager/);
    expect(e.message).toMatch(/- components\.files: .*s3Endpoint.*Swift \(services\.swift\)/);
  });

  test("a wrong pinned strategy is listed with them, at its field", () => {
    const e = thrown(() => synthSovereign({ ...spec, components: { ...spec.components, web: { kind: "vm-group", strategy: "vm" } } }, bare));
    expect(e.problems.map((p) => p.path)).toContain("components.web.strategy");
  });

  test("the synth command exits 1 with the list and no stack trace, and writes nothing", () => {
    const dir = mkdtempSync(join(tmpdir(), "polder-cap-"));
    const file = join(dir, "portal.json");
    writeFileSync(file, JSON.stringify(spec));
    const errors: string[] = [];
    const code = runMain(["--spec", file, "--outdir", join(dir, "out")], { targets: [bare], examplesDir: dir }, { log: () => undefined, error: (m: string) => errors.push(m) });
    expect(code).toBe(1);
    const err = errors.join("\n");
    expect(err).toContain("components.portal");
    expect(err).toContain("components.files");
    expect(err).not.toMatch(/\n\s+at /);
  });
});
