// The decision that allowed a placement is tagged on the stack's resources, within each provider's
// tag rules, so an auditor finds it in the cloud (#16 item 9).
import { describe, expect, test } from "vitest";
import type { AppSpec } from "../lib/app/spec";
import { targets } from "../lib/targets";
import { awsTagValue } from "../lib/targets/aws/stack";
import { osTag } from "../lib/targets/openstack/tags";
import { ALL_SERVICES, sovereignTarget } from "./support/sovereign";
import { resourcesOf, synthApp } from "./support/synth";

const DECISION = "BZK 2026-0042 (hyperscaler use for intake, art. 3/2)";
const spec = (decision?: string): AppSpec => ({
  name: "intake",
  owner: "team-burgerzaken",
  classification: "departementaal-vertrouwelijk",
  ...(decision ? { decision } : {}),
  components: { forms: { kind: "vm-group" }, files: { kind: "bucket" }, db: { kind: "postgres" } },
});
const aws = targets.aws({ region: "eu-central-1" });
const sovereign = sovereignTarget({ services: ALL_SERVICES });

describe("decision tag on AWS", () => {
  test("is a default tag of the provider, its value within AWS's tag characters", () => {
    const { json } = synthApp(spec(DECISION), aws);
    expect(json.provider!.aws[0].default_tags[0].tags["polder:decision"]).toBe("BZK 2026-0042 hyperscaler use for intake art. 3/2");
  });

  test("reaches the machines an auto scaling group launches", () => {
    const { json } = synthApp(spec(DECISION), aws);
    const [[, asg]] = resourcesOf(json, "aws_autoscaling_group");
    expect(asg.tag).toContainEqual({ key: "polder:decision", value: "BZK 2026-0042 hyperscaler use for intake art. 3/2", propagate_at_launch: true });
  });

  test("is absent when the spec states no decision", () => {
    const { json } = synthApp({ ...spec(), classification: "intern" }, aws);
    expect(json.provider!.aws[0].default_tags[0].tags).not.toHaveProperty("polder:decision");
  });

  test("values keep only letters, digits, spaces and _ . : / = + - @ (AWS's tag rule)", () => {
    expect(awsTagValue("Besluit #12; (MinBZK), é")).toBe("Besluit 12 MinBZK é");
    expect(awsTagValue("x".repeat(300))).toHaveLength(256);
  });
});

describe("decision tag on the sovereign target", () => {
  test("is a tag on Neutron, Octavia and Nova resources, within Nova's 60 characters and without , or /", () => {
    const { json } = synthApp(spec(DECISION), sovereign);
    const tags: string[] = resourcesOf(json, "openstack_networking_network_v2")[0][1].tags;
    const decision = tags.find((t) => t.startsWith("polder:decision="))!;
    expect(decision).toBe("polder:decision=BZK 2026-0042 (hyperscaler use for intake- a");
    expect(decision.length).toBeLessThanOrEqual(60);
    for (const [, instance] of resourcesOf(json, "openstack_compute_instance_v2")) expect(instance.tags).toContain(decision);
  });

  test("stays whole in the metadata of machines and volumes", () => {
    const { json } = synthApp(spec(DECISION), sovereign);
    for (const [, instance] of resourcesOf(json, "openstack_compute_instance_v2")) expect(instance.metadata.polder_decision).toBe(DECISION);
    for (const [, volume] of resourcesOf(json, "openstack_blockstorage_volume_v3")) expect(volume.metadata.polder_decision).toBe(DECISION);
  });

  test("tag strings follow Nova's rule for every value", () => {
    expect(osTag("owner", "a/b,c")).toBe("polder:owner=a-b-c");
    expect(osTag("decision", "x".repeat(100))).toHaveLength(60);
  });
});
