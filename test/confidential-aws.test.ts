// Confidential machine types on AWS: AMD SEV-SNP instances where the region has them, refused elsewhere.
import { describe, expect, test } from "vitest";
import { parseAppSpec } from "../lib/app/spec";
import { PlacementError, SpecValidationError } from "../lib/core/errors";
import { AWS_CONFIDENTIAL_SIZES, AWS_SEV_SNP_INSTANCE_TYPES, awsConfidentialImageParameter, awsConfidentialInstanceTypes, awsConfidentialSupport } from "../lib/targets/aws/confidential";
import { targets } from "../lib/targets";
import { dataAccessProblems, flowProblems, keyUseProblems } from "./deployability/checks";
import { awsAdapter } from "./deployability/targets/aws";
import { MACHINES, synthConfidential } from "./support/confidential";
import { resourcesOf, specWith, synthApp } from "./support/synth";

const ireland = targets.aws({ region: "eu-west-1" });
const frankfurt = targets.aws({ region: "eu-central-1" });
const spec = specWith(MACHINES);

describe("planning", () => {
  test("the regions with AMD SEV-SNP on shared tenancy support it; others say which regions do", () => {
    expect(awsConfidentialSupport({ region: "eu-west-1" }).supported).toBe(true);
    expect(awsConfidentialSupport({ region: "eu-central-1" })).toEqual({ supported: false, reason: expect.stringMatching(/region eu-central-1 .*us-east-2 and eu-west-1/) });
  });

  test("every size maps to an instance type that runs with AMD SEV-SNP", () => {
    for (const s of Object.values(AWS_CONFIDENTIAL_SIZES)) for (const t of [s.vmInstanceType, ...s.nodeInstanceTypes]) expect(AWS_SEV_SNP_INSTANCE_TYPES).toContain(t);
  });

  test("an override without AMD SEV-SNP is a problem naming the field and the allowed types", () => {
    expect(awsConfidentialInstanceTypes("small", ["c6a.xlarge"], "f")).toEqual(["c6a.xlarge"]);
    expect(awsConfidentialInstanceTypes("small", ["m7g.large"], "f")).toEqual({ path: "f", message: expect.stringContaining('"m7g.large" cannot run with AMD SEV-SNP') });
  });

  test("debian-12 is not an image AWS lists for AMD SEV-SNP", () => {
    expect(awsConfidentialImageParameter("ubuntu-24.04", "image")).toMatch(/\/amd64\//);
    expect(awsConfidentialImageParameter("debian-12", "image")).toMatchObject({ path: "image" });
  });
});

describe("a confidential vm-group and kubernetes in eu-west-1", () => {
  const json = synthConfidential(spec, ireland);
  const templates = Object.fromEntries(resourcesOf(json, "aws_launch_template").map(([id, t]) => [id.includes("web") ? "vms" : "nodes", t]));

  test("the VM group's launch template switches AMD SEV-SNP on, on an m6a instance", () => {
    expect(templates.vms).toMatchObject({ instance_type: "m6a.xlarge", cpu_options: { amd_sev_snp: "enabled" } });
  });

  test("its image is the x86 Ubuntu 24.04, which boots UEFI", () => {
    const [, image] = resourcesOf({ resource: json.data }, "aws_ssm_parameter")[0];
    expect(image.name).toBe("/aws/service/canonical/ubuntu/server/24.04/stable/current/amd64/hvm/ebs-gp3/ami-id");
  });

  test("the EKS nodes launch from a template with AMD SEV-SNP on, as m6a on Amazon Linux 2023 x86", () => {
    expect(templates.nodes).toMatchObject({ cpu_options: { amd_sev_snp: "enabled" } });
    const [, group] = resourcesOf(json, "aws_eks_node_group")[0];
    expect(group).toMatchObject({ ami_type: "AL2023_x86_64_STANDARD", instance_types: ["m6a.large"] });
    expect(group.launch_template.id).toMatch(/aws_launch_template\.[^.]*node-template[^.]*\.id/);
  });

  test("key use and flows stay deployable", () => {
    const s = { label: "confidential", spec: parseAppSpec(spec), target: ireland, json };
    expect(keyUseProblems(awsAdapter, s)).toEqual([]);
    expect(flowProblems(awsAdapter, s, [])).toEqual([]);
    expect(dataAccessProblems(awsAdapter, s)).toEqual([]);
  });
});

describe("refusals", () => {
  test("a region without AMD SEV-SNP refuses the app, naming the region", () => {
    expect(() => synthConfidential(spec, frankfurt)).toThrow(PlacementError);
    expect(() => synthConfidential(spec, frankfurt)).toThrow(/region eu-central-1 does not run AMD SEV-SNP.*us-east-2 and eu-west-1/);
  });

  test("an app without machines needs no confidential machine types", () => {
    expect(() => synthConfidential(specWith({ files: { kind: "bucket" } }), frankfurt)).not.toThrow();
  });

  test("a Graviton override is refused with its field path", () => {
    const s = specWith({ web: { kind: "vm-group", overrides: { aws: { instanceType: "m7g.large" } } } });
    expect(() => synthConfidential(s, ireland)).toThrow(SpecValidationError);
    expect(() => synthConfidential(s, ireland)).toThrow(/components\.web\.overrides\.aws\.instanceType: "m7g\.large" cannot run with AMD SEV-SNP/);
  });

  test("a debian-12 VM group is refused with its field path", () => {
    expect(() => synthConfidential(specWith({ web: { kind: "vm-group", image: "debian-12" } }), ireland)).toThrow(/components\.web\.image: "debian-12" is not an image AWS lists for AMD SEV-SNP/);
  });
});

test("without a confidential placement the JSON is what it was: Graviton, no cpu_options", () => {
  const plain = synthApp(spec, ireland).json;
  for (const [, t] of resourcesOf(plain, "aws_launch_template")) expect(t.cpu_options).toBeUndefined();
  expect(resourcesOf(plain, "aws_eks_node_group")[0][1]).toMatchObject({ ami_type: "AL2023_ARM_64_STANDARD", instance_types: ["m7g.large"] });
  expect(synthConfidential(spec, ireland, false)).toEqual(plain);
});
