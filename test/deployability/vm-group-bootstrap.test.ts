// A VM group says what it runs (bootstrap), and a public endpoint refuses one that runs nothing.
import { describe, expect, test } from "vitest";
import { SpecValidationError } from "../../lib/core/errors";
import { targets } from "../../lib/targets";
import { sovereignTarget } from "../support/sovereign";
import { specWith, synthApp } from "../support/synth";

const BOOT = '#!/bin/sh\necho "${HOME}" %{x}\n';
const aws = targets.aws({ region: "eu-central-1" });
const only = (json: any, type: string) => Object.values(json.resource[type])[0] as any;

describe("vm-group bootstrap", () => {
  test("AWS: the launch template's user data is the bootstrap, base64-encoded by Terraform, with no expression of its own", () => {
    const lt = only(synthApp(specWith({ v: { kind: "vm-group", bootstrap: BOOT } }), aws).json, "aws_launch_template");
    expect(lt.user_data).toBe('${base64encode("#!/bin/sh\\necho \\"$${HOME}\\" %%{x}\\n")}');
  });
  test("sovereign: every instance's user data is the bootstrap, Terraform's expression marks doubled", () => {
    const vm = only(synthApp(specWith({ v: { kind: "vm-group", bootstrap: BOOT } }), sovereignTarget()).json, "openstack_compute_instance_v2");
    expect(vm.user_data).toBe('#!/bin/sh\necho "$${HOME}" %%{x}\n');
  });
  test("a bootstrap that is neither cloud-config nor a script is refused", () => {
    expect(() => synthApp(specWith({ v: { kind: "vm-group", bootstrap: "apt install nginx" } }), aws)).toThrow(/components\.v\.bootstrap.*#cloud-config/);
  });
  test.each([
    ["aws", aws, "overrides.aws.imageId"],
    ["sovereign", sovereignTarget({ services: { keyManager: true } }), "overrides.sovereign.image"],
  ] as const)("%s: a public endpoint in front of a VM group that runs nothing is refused, naming the fix", (_id, target, override) => {
    const spec = specWith({ v: { kind: "vm-group" }, web: { kind: "public-endpoint", domain: "www.example.nl", backend: "v" } });
    expect(() => synthApp(spec, target)).toThrow(SpecValidationError);
    expect(() => synthApp(spec, target)).toThrow(new RegExp(`components\\.v\\.bootstrap: .*${override.replace(/\./g, "\\.")}`));
  });
  test("an image of the target's own in overrides counts as running something", () => {
    const spec = specWith({ v: { kind: "vm-group", overrides: { aws: { imageId: "ami-0123456789abcdef0" } } }, web: { kind: "public-endpoint", domain: "www.example.nl", backend: "v" } });
    expect(() => synthApp(spec, aws)).not.toThrow();
  });
});
