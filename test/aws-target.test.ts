import { describe, expect, test } from "vitest";
import { SpecValidationError } from "../lib/core/errors";
import { targets } from "../lib/targets";
import { synthApp } from "./support/synth";

const spec = { name: "demo", owner: "team-demo", classification: "intern" };

describe("targets.aws", () => {
  test("defaults to the aws partition", () => {
    expect(targets.aws({ region: "eu-west-1" }).partition).toBe("aws");
  });

  test("refuses an eusc region outside the aws-eusc partition, naming the field", () => {
    expect(() => targets.aws({ region: "eusc-de-east-1" })).toThrow(/region: "eusc-de-east-1" is not in partition 'aws'/);
  });

  test("refuses a commercial region in aws-eusc", () => {
    expect(() => targets.aws({ region: "eu-central-1", partition: "aws-eusc" })).toThrow(SpecValidationError);
  });

  test("refuses a malformed region", () => {
    expect(() => targets.aws({ region: "frankfurt" })).toThrow(/"frankfurt" is not an AWS region name/);
  });

  test("London and Zurich are not EU-resident", () => {
    expect(targets.aws({ region: "eu-west-2" }).sovereignty.euResident).toBe(false);
    expect(targets.aws({ region: "eu-central-2" }).sovereignty.euResident).toBe(false);
  });
});

describe("AWS stack", () => {
  test("the provider carries default tags for app, owner and classification", () => {
    const { json } = synthApp(spec, targets.aws({ region: "eu-central-1" }));
    expect(json.provider!.aws[0].default_tags[0].tags).toEqual({
      "polder:app": "demo",
      "polder:owner": "team-demo",
      "polder:classification": "intern",
      "polder:managed-by": "polder",
    });
  });

  test("uses local state unless a backend is given", () => {
    const { json } = synthApp(spec, targets.aws({ region: "eu-central-1" }));
    expect(json.terraform!.backend).toEqual({ local: { path: "terraform.demo-aws.tfstate" } });
  });

  test("an S3 backend is encrypted, locked, and keyed per stack", () => {
    const { json } = synthApp(spec, targets.aws({ region: "eu-central-1" }), { backend: { type: "s3", bucket: "state-bucket" } });
    expect(json.terraform!.backend.s3).toEqual({ bucket: "state-bucket", key: "demo-aws/terraform.tfstate", region: "eu-central-1", encrypt: true, use_lockfile: true });
  });

  test("stack ids are <app>-<target id>", () => {
    expect(synthApp(spec, targets.aws({ region: "eu-central-1" })).stack.node.id).toBe("demo-aws");
  });

  test("no ARN in the JSON hard-codes the aws partition", () => {
    const { text } = synthApp(
      {
        ...spec,
        components: {
          k: { kind: "kubernetes" },
          db: { kind: "postgres" },
          vms: { kind: "vm-group", bootstrap: "#!/bin/sh\nexec /opt/app/serve" },
          web: { kind: "public-endpoint", domain: "a.example.nl", backend: "vms" },
        },
      },
      targets.aws({ region: "eusc-de-east-1", partition: "aws-eusc" }),
    );
    expect(text).not.toMatch(/arn:aws:/);
    expect(text).toContain("arn:${data.aws_partition.");
  });
});
