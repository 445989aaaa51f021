import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketLifecycleConfiguration } from "@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration";
import { S3BucketLoggingA } from "@cdktf/provider-aws/lib/s3-bucket-logging";
import { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy";
import type { Construct } from "constructs";
import { skipCheck } from "../../../core/checks";
import type { RealizeContext, RealizedComponent } from "../../../core/realizer";
import type { ResolvedBucket } from "../../../kinds";
import { applyBucketBaseline, denyInsecureTransport } from "../bucket-baseline";
import type { AwsFoundation } from "../foundation";
import type { AwsNetwork } from "../network";
import { sid } from "../naming";

/**
 * S3 bucket: public access blocked, object ownership enforced (no ACLs), SSE-KMS with the app
 * key, versioned, TLS-only, server access logs to the app's access-log bucket, object events to
 * EventBridge. The name carries the account id so it is unique without a random suffix.
 */
export function awsBucket(scope: Construct, props: ResolvedBucket, ctx: RealizeContext<AwsFoundation, AwsNetwork>): RealizedComponent {
  const f = ctx.foundation;
  const bucket = new S3Bucket(scope, "bucket", {
    bucket: `${ctx.app.name}-${props.name}-${f.caller.accountId}`,
    forceDestroy: false,
    lifecycle: props.deletionProtection ? { preventDestroy: true } : undefined,
  });
  skipCheck(bucket, "CKV_AWS_144", "replication to a second region is a residency and cost decision per app that the bucket kind does not take; versioning and deletion protection cover recovery");
  if (!props.versioning) skipCheck(bucket, "CKV_AWS_21", `versioning: false in the spec of component '${props.name}': the app chose unversioned objects`);
  applyBucketBaseline(scope, bucket, { kmsKeyArn: f.key.arn, versioning: props.versioning });
  new S3BucketLoggingA(scope, "access-logging", { bucket: bucket.id, targetBucket: f.accessLogs().bucket.id, targetPrefix: `s3/${props.name}/` });
  new S3BucketLifecycleConfiguration(scope, "lifecycle", {
    bucket: bucket.id,
    rule: [
      {
        id: "housekeeping",
        status: "Enabled",
        filter: [{ prefix: "" }],
        abortIncompleteMultipartUpload: [{ daysAfterInitiation: 7 }],
        ...(props.noncurrentVersionDays > 0 ? { noncurrentVersionExpiration: [{ noncurrentDays: props.noncurrentVersionDays }] } : {}),
      },
    ],
  });
  const tlsOnly = new DataAwsIamPolicyDocument(scope, "tls-only", {
    statement: [denyInsecureTransport(bucket)],
  });
  new S3BucketPolicy(scope, "policy", { bucket: bucket.id, policy: tlsOnly.json });
  f.workloadAccess.push(
    { sid: sid("List", props.name), actions: ["s3:ListBucket"], resources: [bucket.arn] },
    { sid: sid("Objects", props.name), actions: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"], resources: [`${bucket.arn}/*`] },
  );
  return {
    kind: "bucket",
    strategy: ctx.strategy,
    connection: { host: bucket.bucketRegionalDomainName, port: "443", name: bucket.bucket, secretRef: "", url: `s3://${bucket.bucket}` },
    handle: bucket,
  };
}
