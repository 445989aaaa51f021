// A VM group says what it runs (bootstrap), and a public endpoint refuses one that runs nothing.
import { describe, expect, test } from "vitest";
import { SpecValidationError } from "../../lib/core/errors";
import { targets } from "../../lib/targets";
import { sovereignTarget } from "../support/sovereign";
import { specWith, synthApp } from "../support/synth";
import { projectTargets } from "../../stacks/targets";
import type { Target } from "../../lib/core/target";

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

  describe("Google", () => {
    const gcp = targets.gcp({ project: "polder-demo", region: "europe-west4" });
    const template = (spec: Parameters<typeof synthApp>[0], target: Target = gcp) => only(synthApp(spec, target).json, "google_compute_region_instance_template");
    test("Ubuntu: cloud-init reads the bootstrap from the user-data metadata, Terraform's expression marks doubled", () => {
      expect(template(specWith({ v: { kind: "vm-group", bootstrap: BOOT } })).metadata["user-data"]).toBe('#!/bin/sh\necho "$${HOME}" %%{x}\n');
    });
    test("Debian: a script is the guest agent's startup-script; there is no user-data", () => {
      const metadata = template(specWith({ v: { kind: "vm-group", image: "debian-12", bootstrap: BOOT } })).metadata;
      expect(metadata["startup-script"]).toBe('#!/bin/sh\necho "$${HOME}" %%{x}\n');
      expect(metadata["user-data"]).toBeUndefined();
    });
    test("Debian: a cloud-config document is refused (no cloud-init there), naming the field", () => {
      expect(() => template(specWith({ v: { kind: "vm-group", image: "debian-12", bootstrap: "#cloud-config\npackages: [nginx]\n" } }))).toThrow(/components\.v\.bootstrap: a #cloud-config document needs cloud-init/);
    });
    test("a classified app's machines get the target's proxy first, the metadata server and Google's APIs reached directly", () => {
      const target = projectTargets({}).find((t) => t.name === "gcp")!;
      const spec = specWith({ v: { kind: "vm-group", bootstrap: BOOT } }, { classification: "departementaal-vertrouwelijk", decision: "test" });
      const data = template(spec, target).metadata["user-data"] as string;
      expect(data).toMatch(/^Content-Type: multipart\/mixed/);
      expect(data).toContain("http_proxy: http://proxy.polder.example.nl:3128");
      expect(data).toMatch(/no_proxy=[^ ]*,metadata\.google\.internal,\.googleapis\.com,/);
      expect(data).toContain('echo "$${HOME}"');
    });
  });

  test.each([
    ["azure", targets.azure({ location: "westeurope", subscriptionId: "00000000-0000-0000-0000-000000000000" })],
    ["gcp", targets.gcp({ project: "polder-demo", region: "europe-west4" })],
  ] as const)("%s: a public endpoint in front of a VM group that runs nothing is refused, naming the bootstrap", (_id, target) => {
    const spec = specWith({ v: { kind: "vm-group" }, web: { kind: "public-endpoint", domain: "www.example.nl", backend: "v" } });
    expect(() => synthApp(spec, target)).toThrow(SpecValidationError);
    expect(() => synthApp(spec, target)).toThrow(/components\.v\.bootstrap: vm-group 'v' runs nothing/);
  });
});
