// An app in a landing-zone unit with the confidential tier: its kubernetes and vm-group run on
// confidential machine types where the target has them; elsewhere the zone refuses it and the
// synth leaves it out with the reason.
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { loadAppSpec } from "../lib/app/load";
import { runMain } from "../lib/cli/main";
import { PlacementError, PolderError } from "../lib/core/errors";
import { loadLandingZoneSpec } from "../lib/landing-zone/load";
import { zoneRefusal } from "../lib/landing-zone/synth";
import { targets } from "../lib/targets";
import { checkAgainstSchema } from "../providers/openstack/schema-check";
import { projectTargets } from "../stacks/targets";
import { synthZoneWithApps } from "./support/landing-zone";
import { all, OPENSTACK_SCHEMA } from "./support/sovereign";
import { resourcesOf } from "./support/synth";

const DIR = join(__dirname, "..", "examples", "landing-zones");
const MINDEF = loadLandingZoneSpec(join(DIR, "mindef.yaml"));
const ANALYSE = loadAppSpec(join(DIR, "apps", "analyse.yaml"));
const PROJECT = projectTargets({});
const sovereign = PROJECT.find((t) => t.id === "sovereign")!;
const frankfurt = PROJECT.find((t) => t.id === "aws")!;
const ireland = targets.aws({ region: "eu-west-1", egress: { proxy: "http://proxy.polder.example.nl:3128", cidrs: ["10.255.0.0/24"], transitGatewayId: "tgw-0123456789abcdef0" } });
const plan = (t: typeof sovereign) => [{ spec: MINDEF, target: t, stackId: `mindef-${t.name}` }];

describe("the example app analyse in unit confidential of mindef", () => {
  test("on the project's sovereign target: every machine on a confidential flavor, valid for the provider", () => {
    const { stacks } = synthZoneWithApps(MINDEF, [ANALYSE], sovereign);
    const app = stacks["analyse-sovereign"];
    const flavors = new Set(all(app, "openstack_compute_instance_v2").map(([, i]) => i.flavor_name));
    expect(flavors).toEqual(new Set(["SCS-2V-8-sev"]));
    expect(checkAgainstSchema(OPENSTACK_SCHEMA, app)).toEqual([]);
  });

  test("on AWS in eu-west-1: AMD SEV-SNP launch templates for the VM group and the EKS nodes", () => {
    const { stacks } = synthZoneWithApps(MINDEF, [ANALYSE], ireland);
    const templates = resourcesOf(stacks["analyse-aws"], "aws_launch_template").map(([, t]) => t);
    expect(templates).toHaveLength(2);
    for (const t of templates) expect(t.cpu_options).toEqual({ amd_sev_snp: "enabled" });
  });

  test("on AWS in eu-central-1 the zone refuses it, naming the region", () => {
    expect(zoneRefusal(ANALYSE, frankfurt, plan(frankfurt))).toEqual({ rule: "zone-unit-confidential", reason: expect.stringMatching(/unit 'confidential' allows confidential computing only.*region eu-central-1/) });
    expect(() => synthZoneWithApps(MINDEF, [ANALYSE], frankfurt)).toThrow(PlacementError);
  });

  test("the sovereign target takes it", () => {
    expect(zoneRefusal(ANALYSE, sovereign, plan(sovereign))).toBeUndefined();
  });

  test("confidentialCompute: false cannot switch a confidential unit off", () => {
    expect(() => synthZoneWithApps(MINDEF, [ANALYSE], sovereign, () => ({ confidentialCompute: false }))).toThrow(PolderError);
    expect(() => synthZoneWithApps(MINDEF, [ANALYSE], sovereign, () => ({ confidentialCompute: false }))).toThrow(/unit 'confidential' has the confidential tier/);
  });

  test("confidentialCompute: true in a unit without the confidential tier is checked against the target too", () => {
    const worker = { ...ANALYSE, name: "depot", classification: "intern" as const, decision: undefined, landingZone: { zone: "mindef", unit: "workloads" } };
    expect(() => synthZoneWithApps(MINDEF, [worker], frankfurt, () => ({ confidentialCompute: true }))).toThrow(/confidentialCompute is set, and vm-group and kubernetes cannot get confidential machine types here: region eu-central-1/);
  });

  test("the zone's controls report says what apps get on the target", () => {
    const { file } = synthZoneWithApps(MINDEF, [], sovereign);
    const control = JSON.parse(file("mindef-sovereign", "landing-zone-controls.json")).controls.find((c: any) => c.id === "confidential-compute");
    expect(control.reason).toContain("SCS-2V-8-sev");
    const aws = JSON.parse(synthZoneWithApps(MINDEF, [], frankfurt).file("mindef-aws", "landing-zone-controls.json")).controls.find((c: any) => c.id === "confidential-compute");
    expect(aws.how).toMatch(/refused in confidential units here: region eu-central-1/);
  });
});

describe("npm run synth", () => {
  const tmp = mkdtempSync(join(tmpdir(), "polder-confidential-"));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));
  const noExamples = join(tmp, "examples");
  mkdirSync(noExamples);
  const lines: string[] = [];
  const code = runMain(["--outdir", join(tmp, "out"), "--jobs", "1"], { targets: PROJECT, examplesDir: noExamples, landingZonesDir: DIR }, { log: (m: string) => void lines.push(m), error: (m: string) => void lines.push(m) });

  test("builds analyse where its unit takes it and leaves it out elsewhere, with the reason", () => {
    expect(code).toBe(0);
    expect(existsSync(join(tmp, "out", "stacks", "analyse-sovereign", "cdk.tf.json"))).toBe(true);
    expect(existsSync(join(tmp, "out", "stacks", "analyse-aws"))).toBe(false);
    expect(lines.join("\n")).toMatch(/analyse.*aws.*zone-unit-confidential|analyse.*aws.*region eu-central-1/);
  });
});
