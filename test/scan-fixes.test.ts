// What the AWS realizers do to pass the security scan instead of skipping checks.
import { describe, expect, test } from "vitest";
import { targets } from "../lib/targets";
import { onlyResource, resourcesOf, specWith, synthApp, type TfJson } from "./support/synth";

const aws = targets.aws({ region: "eu-central-1" });
const synth = (components: Parameters<typeof specWith>[0], extra = {}) => synthApp(specWith(components, extra), aws).json;

function one(json: TfJson, type: string, idPart: string): any {
  const all = resourcesOf(json, type).filter(([id]) => id.includes(idPart));
  if (all.length !== 1) throw new Error(`expected one ${type} with '${idPart}', found ${all.length}`);
  return all[0][1];
}
const ref = (type: string, json: TfJson, idPart: string, attr: string) => {
  const [id] = resourcesOf(json, type).find(([i]) => i.includes(idPart))!;
  return `\${${type}.${id}.${attr}}`;
};

describe("access logs", () => {
  const json = synth({ docs: { kind: "bucket" }, web: { kind: "vm-group", bootstrap: "#!/bin/sh\nexec /opt/app/serve" }, site: { kind: "public-endpoint", domain: "www.example.nl", backend: "web" } });
  const logBucket = (type: string) => one(json, type, "access-logs");

  test("a bucket sends its server access logs to the app's access-log bucket, under its own prefix", () => {
    expect(one(json, "aws_s3_bucket_logging", "docs")).toMatchObject({ target_bucket: ref("aws_s3_bucket", json, "access-logs", "id"), target_prefix: "s3/docs/" });
  });

  test("the load balancer writes access logs there, after the bucket policy allows it", () => {
    const lb = onlyResource(json, "aws_lb");
    expect(lb.access_logs).toEqual({ bucket: ref("aws_s3_bucket", json, "access-logs", "id"), prefix: "lb/site", enabled: true });
    expect(lb.depends_on).toContain(`aws_s3_bucket_policy.${resourcesOf(json, "aws_s3_bucket_policy").find(([i]) => i.includes("access-logs"))![0]}`);
  });

  test("the access-log bucket is SSE-S3 (the only encryption log delivery supports), private and kept", () => {
    expect(logBucket("aws_s3_bucket_server_side_encryption_configuration").rule[0].apply_server_side_encryption_by_default).toEqual({ sse_algorithm: "AES256" });
    expect(logBucket("aws_s3_bucket_public_access_block")).toMatchObject({ block_public_acls: true, block_public_policy: true, ignore_public_acls: true, restrict_public_buckets: true });
    expect(logBucket("aws_s3_bucket")).toMatchObject({ force_destroy: false, lifecycle: { prevent_destroy: true } });
    expect(logBucket("aws_s3_bucket_versioning").versioning_configuration.status).toBe("Enabled");
  });

  test("access logs expire after a year", () => {
    expect(logBucket("aws_s3_bucket_lifecycle_configuration").rule[0].expiration).toEqual([{ days: 365 }]);
  });

  test("only the log delivery services may write, each under its prefix", () => {
    const [, doc] = Object.entries<any>(json.data?.aws_iam_policy_document ?? {}).find(([id]) => id.includes("access-logs"))!;
    const sids = Object.fromEntries(doc.statement.map((s: any) => [s.sid, s]));
    expect(sids.S3ServerAccessLogs.resources[0]).toMatch(/\/s3\/\*$/);
    expect(sids.LoadBalancerAccessLogs.resources[0]).toMatch(/\/lb\/\*\/AWSLogs\//);
    expect(sids.DenyInsecureTransport.effect).toBe("Deny");
  });

  test("an app with no bucket and no endpoint gets no access-log bucket", () => {
    expect(resourcesOf(synth({ db: { kind: "postgres" } }), "aws_s3_bucket")).toEqual([]);
  });

  test("in a region newer than August 2022 the load balancer writes as the log delivery service", () => {
    const j = synthApp(specWith({ web: { kind: "vm-group", bootstrap: "#!/bin/sh\nexec /opt/app/serve" }, site: { kind: "public-endpoint", domain: "www.example.nl", backend: "web" } }), targets.aws({ region: "eu-south-2" })).json;
    expect(j.data?.aws_elb_service_account).toBeUndefined();
    expect(Object.keys(j.data?.aws_service_principal ?? {}).some((id) => id.includes("logdeliveryelasticloadbalancing"))).toBe(true);
  });
});

test("a bucket sends object events to EventBridge", () => {
  expect(one(synth({ docs: { kind: "bucket" } }), "aws_s3_bucket_notification", "docs")).toMatchObject({ eventbridge: true });
});

describe("VM group", () => {
  test("behind a public endpoint, machines failing the load balancer's health check are replaced", () => {
    const json = synth({ web: { kind: "vm-group", bootstrap: "#!/bin/sh\nexec /opt/app/serve" }, site: { kind: "public-endpoint", domain: "www.example.nl", backend: "web" } });
    expect(onlyResource(json, "aws_autoscaling_group")).toMatchObject({ health_check_type: "ELB", health_check_grace_period: 300 });
  });

  test("without an endpoint it keeps EC2 health checks", () => {
    expect(onlyResource(synth({ web: { kind: "vm-group" } }), "aws_autoscaling_group").health_check_type).toBe("EC2");
  });

  test("launched machines carry the app's tags (provider default tags do not reach them)", () => {
    const tags = onlyResource(synth({ web: { kind: "vm-group" } }), "aws_autoscaling_group").tag;
    expect(tags).toContainEqual({ key: "polder:app", value: "demo", propagate_at_launch: true });
    expect(tags).toContainEqual({ key: "polder:classification", value: "intern", propagate_at_launch: true });
  });
});

test("the zones the network spreads over are pinned by name", () => {
  const zones = Object.values<any>(synth({}, { network: { zones: 3 } }).data?.aws_availability_zones ?? {})[0];
  expect(zones.filter).toEqual([{ name: "zone-name", values: ["eu-central-1a", "eu-central-1b", "eu-central-1c"] }]);
});
