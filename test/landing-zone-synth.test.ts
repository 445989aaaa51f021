// The synth command with landing zones: zones and their apps in one run, reports beside the
// zone stacks, a bad zone spec writes nothing.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { runMain } from "../lib/cli/main";
import { loadAppSpec } from "../lib/app/load";
import { planZoneStacks, zoneMissing } from "../lib/landing-zone/synth";
import { loadLandingZoneSpec } from "../lib/landing-zone/load";
import { projectTargets } from "../stacks/targets";

const TARGETS = projectTargets({});
const EXAMPLES = join(__dirname, "..", "examples");
const tmp = mkdtempSync(join(tmpdir(), "polder-lz-synth-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const quiet = () => {
  const lines: string[] = [];
  return { lines, out: { log: (m: string) => void lines.push(m), error: (m: string) => void lines.push(m) } };
};

describe("npm run synth with the example landing zones", () => {
  const outdir = join(tmp, "out");
  const { lines, out } = quiet();
  const code = runMain(["--outdir", outdir, "--jobs", "1"], { targets: TARGETS, examplesDir: EXAMPLES, landingZonesDir: join(EXAMPLES, "landing-zones") }, out);

  test("builds every zone on every project target, and the apps placed in them", () => {
    expect(code).toBe(0);
    for (const zone of ["mindef", "lab"]) for (const t of TARGETS) expect(existsSync(join(outdir, "stacks", `${zone}-${t.name}`, "cdk.tf.json")), `${zone}-${t.name}`).toBe(true);
    for (const id of ["depot-aws", "depot-sovereign", "depot-azure", "depot-gcp", "depot-s3ns", "dossier-aws", "dossier-sovereign", "dossier-azure", "dossier-gcp", "analyse-sovereign", "analyse-azure", "analyse-gcp"])
      expect(existsSync(join(outdir, "stacks", id, "cdk.tf.json")), id).toBe(true);
    expect(lines.join("\n")).toContain("mindef-aws  (landing zone on aws (aws/eu-central-1))");
  });

  test("writes the controls report beside each zone stack, and only there", () => {
    const report = JSON.parse(readFileSync(join(outdir, "stacks", "mindef-sovereign", "landing-zone-controls.json"), "utf8"));
    expect(report.tiers.residency.notEnforced[0]).toMatchObject({ id: "residency-home-region", status: "structural" });
    expect(existsSync(join(outdir, "stacks", "depot-aws", "landing-zone-controls.json"))).toBe(false);
  });

  test("an app's sovereignty report shows its zone's controls for its unit: the baseline and the unit's tiers only", () => {
    const report = JSON.parse(readFileSync(join(outdir, "stacks", "depot-aws", "sovereignty.json"), "utf8"));
    expect(report.landingZone).toMatchObject({ zone: "mindef", unit: "workloads", stack: "mindef-aws" });
    const ids = [...report.landingZone.enforced.map((c: { control: string }) => c.control), ...report.landingZone.notEnforceable.map((c: { control: string }) => c.control)];
    expect(ids).toContain("eu-regions");
    expect(ids).toContain("residency-home-region");
    expect(ids).not.toContain("tls-only");
    expect(readFileSync(join(outdir, "stacks", "depot-aws", "sovereignty.md"), "utf8")).toContain("Zone: mindef, unit workloads (stack mindef-aws");
  });

  test("a control the zone's target cannot enforce is in the app's report with its status and reason", () => {
    const report = JSON.parse(readFileSync(join(outdir, "stacks", "dossier-sovereign", "sovereignty.json"), "utf8"));
    expect(report.landingZone.notEnforceable).toContainEqual({ control: "threat-detection", reason: expect.stringMatching(/^not-enforced: OpenStack has no threat-detection service/) });
    expect(report.landingZone.notEnforceable.map((c: { control: string }) => c.control)).toContain("tls-only");
  });

  test("an explicit --spec run synthesizes no zones", () => {
    const { out: o } = quiet();
    expect(runMain(["--outdir", join(tmp, "explicit"), "--spec", join(EXAMPLES, "logistics.yaml")], { targets: TARGETS, examplesDir: EXAMPLES, landingZonesDir: join(EXAMPLES, "landing-zones") }, o)).toBe(0);
    expect(existsSync(join(tmp, "explicit", "stacks", "mindef-aws"))).toBe(false);
  });
});

describe("a bad zone spec", () => {
  test("exits 1 naming the field and writes nothing", () => {
    const dir = join(tmp, "zones");
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "bad.yaml"), "name: bad\nowner: x\nunits: {}\n");
    const outdir = join(tmp, "bad-out");
    const { lines, out } = quiet();
    expect(runMain(["--outdir", outdir], { targets: TARGETS, examplesDir: EXAMPLES, landingZonesDir: dir }, out)).toBe(1);
    expect(lines.join("\n")).toMatch(/bad\.yaml is invalid.*\n.*units/);
    expect(existsSync(outdir)).toBe(false);
  });
});

describe("planning (pure)", () => {
  const mindef = loadLandingZoneSpec(join(EXAMPLES, "landing-zones", "mindef.yaml"));
  const depot = loadAppSpec(join(EXAMPLES, "landing-zones", "apps", "depot.yaml"));

  test("a zone goes on every project target; a target kind without landing zones is left out with the reason", () => {
    const other = { ...TARGETS[0], id: "elsewhere", name: "elsewhere" } as unknown as (typeof TARGETS)[number];
    const plan = planZoneStacks([mindef], [...TARGETS, other]);
    expect(plan.build.map((z) => z.stackId)).toEqual(TARGETS.map((t) => `mindef-${t.name}`));
    expect(plan.leftOut).toEqual([{ zone: "mindef", target: "elsewhere", reason: "landing zones on elsewhere are planned, not built yet" }]);
    expect(zoneMissing(depot, other, plan.build)).toBe("its landing zone 'mindef' is not synthesized on target 'elsewhere'");
    expect(zoneMissing(depot, TARGETS[0], plan.build)).toBeUndefined();
  });
});
