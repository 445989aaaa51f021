// The security scan's own parts: skips recorded on one resource in the synthesized JSON, and the
// verdict that honours exactly those. Checkov itself runs in .ci/run (npm run scan).
import { describe, expect, test } from "vitest";
import { skipCheck } from "../lib/core/checks";
import { targets } from "../lib/targets";
import { decide, type CheckovReport } from "../scripts/checkov-verdict";
import { specWith, synthApp } from "./support/synth";

const aws = targets.aws({ region: "eu-central-1" });

/** Full stack JSON, "//" comments included (Testing.synth drops them). */
function fullJson(components: Parameters<typeof specWith>[0]): any {
  const { stack } = synthApp(specWith(components), aws);
  return stack.toTerraform();
}

function find(json: any, kind: "resource" | "data", type: string, idPart: string): [string, any] {
  const hit = Object.entries<any>(json[kind]?.[type] ?? {}).find(([id]) => id.includes(idPart));
  if (!hit) throw new Error(`no ${kind} ${type} with '${idPart}'`);
  return hit;
}

describe("skipCheck", () => {
  test("writes the check id and reason into the resource's own comment", () => {
    const [, secret] = find(fullJson({ token: { kind: "secret" } }), "resource", "aws_secretsmanager_secret", "token");
    expect(secret["//"].checkov.skip).toEqual([{ id: "CKV2_AWS_57", comment: expect.stringContaining("out of band") }]);
  });

  test("reaches a data source too, whose comment cdktf rebuilds", () => {
    const [, policy] = find(fullJson({}), "data", "aws_iam_policy_document", "key-policy");
    expect(policy["//"].checkov.skip.map((s: any) => s.id).sort()).toEqual(["CKV_AWS_109", "CKV_AWS_111", "CKV_AWS_356"]);
  });

  test("only the resource it was given carries the skip", () => {
    const json = fullJson({ a: { kind: "secret" }, b: { kind: "bucket" } });
    const [, bucket] = find(json, "resource", "aws_s3_bucket", "demo_b_");
    expect(bucket["//"].checkov.skip.map((s: any) => s.id)).not.toContain("CKV2_AWS_57");
  });

  test("follows the spec: a single-zone database is skipped for Multi-AZ, a standby one is not", () => {
    const single = find(fullJson({ db: { kind: "postgres" } }), "resource", "aws_db_instance", "db")[1];
    const standby = find(fullJson({ db: { kind: "postgres", highAvailability: true } }), "resource", "aws_db_instance", "db")[1];
    expect(single["//"].checkov.skip.map((s: any) => s.id)).toContain("CKV_AWS_157");
    expect(standby["//"].checkov?.skip ?? []).toEqual([]);
  });

  test("refuses a skip without a reason", () => {
    const { stack } = synthApp(specWith({}), aws);
    const el = stack.node.findAll().find((c) => (c as any).terraformResourceType === "aws_kms_key") as any;
    expect(() => skipCheck(el, "CKV_AWS_7", "because")).toThrow(/reason/);
  });

  test("refuses something that is not a check id", () => {
    const { stack } = synthApp(specWith({}), aws);
    const el = stack.node.findAll().find((c) => (c as any).terraformResourceType === "aws_kms_key") as any;
    expect(() => skipCheck(el, "aws_kms_key", "a long enough reason for the test")).toThrow(/check id/);
  });
});

describe("scan verdict", () => {
  const file = "/stacks/demo-aws/cdk.tf.json";
  const json = fullJson({ token: { kind: "secret" }, docs: { kind: "bucket" } });
  const [secretId] = find(json, "resource", "aws_secretsmanager_secret", "token");
  const [bucketId] = find(json, "resource", "aws_s3_bucket", "demo_docs_");
  const [policyId] = find(json, "data", "aws_iam_policy_document", "key-policy");
  const read = () => json;
  const failed = (check_id: string, resource: string) => ({ check_id, resource, file_abs_path: file });
  // Every skip in this stack, reported as failed by "Checkov": none is stale.
  const allSkipped = (): ReturnType<typeof failed>[] => {
    const out: ReturnType<typeof failed>[] = [];
    for (const kind of ["resource", "data"] as const)
      for (const [type, byId] of Object.entries<any>(json[kind] ?? {}))
        for (const [id, config] of Object.entries<any>(byId))
          for (const s of config["//"]?.checkov?.skip ?? []) out.push(failed(s.id, kind === "data" ? `data.${id}` : `${type}.${id}`));
    return out;
  };
  const report = (extra: ReturnType<typeof failed>[]): CheckovReport[] => [{ results: { failed_checks: [...allSkipped(), ...extra], passed_checks: [] }, summary: { passed: 10 } }];

  test("a failed check on a resource that skips it with a reason is skipped", () => {
    const v = decide(report([]), [file], read);
    expect(v.failed).toEqual([]);
    expect(v.skipped.find((s) => s.checkId === "CKV2_AWS_57")).toMatchObject({ address: `aws_secretsmanager_secret.${secretId}`, reason: expect.stringContaining("out of band") });
  });

  test("the same check failing on another resource is a failure", () => {
    const v = decide(report([failed("CKV2_AWS_57", `aws_s3_bucket.${bucketId}`)]), [file], read);
    expect(v.failed.map((f) => [f.checkId, f.address])).toEqual([["CKV2_AWS_57", `aws_s3_bucket.${bucketId}`]]);
  });

  test("Checkov's resource.<id> and data.<id> names find the block", () => {
    const v = decide(report([failed("CKV_AWS_18", `resource.${bucketId}`)]), [file], read);
    expect(v.failed[0].address).toBe(`aws_s3_bucket.${bucketId}`);
    expect(v.skipped.some((s) => s.address === `data.aws_iam_policy_document.${policyId}`)).toBe(true);
  });

  test("a skip whose check did not fail is stale", () => {
    const v = decide([{ results: { failed_checks: [], passed_checks: [] } }], [file], read);
    expect(v.stale.map((s) => s.checkId)).toContain("CKV2_AWS_57");
  });
});
