import { DataAwsElbServiceAccount } from "@cdktf/provider-aws/lib/data-aws-elb-service-account";
import { DataAwsIamPolicyDocument, type DataAwsIamPolicyDocumentStatement } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketLifecycleConfiguration } from "@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration";
import { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy";
import { Construct } from "constructs";
import { skipCheck } from "../../core/checks";
import { applyBucketBaseline, denyInsecureTransport } from "./bucket-baseline";
import type { AwsFoundation } from "./foundation";

/**
 * Regions that predate August 2022: their load balancers deliver access logs as a regional ELB
 * account. Newer regions (and the European Sovereign Cloud) use the log delivery service principal.
 */
const ELB_ACCOUNT_REGIONS = ["eu-central-1", "eu-west-1", "eu-west-3", "eu-north-1", "eu-south-1"];

/** Days access logs are kept. */
export const ACCESS_LOG_RETENTION_DAYS = 365;

/**
 * The app's access-log bucket: receives S3 server access logs of the app's buckets (prefix
 * `s3/<component>/`) and ALB access logs (prefix `lb/<component>/`). Made on first use, so an app
 * without buckets or endpoints has none. Private, versioned, TLS only, kept from destroy, expired
 * after a year. Encrypted with SSE-S3: neither S3 server access logging nor ALB access logging can
 * deliver to a bucket whose default encryption is SSE-KMS.
 */
export class AwsAccessLogs extends Construct {
  readonly bucket: S3Bucket;
  /** Made last: a load balancer writing here must wait for it (AWS tests the permission on create). */
  readonly policy: S3BucketPolicy;

  constructor(scope: Construct, f: AwsFoundation) {
    super(scope, "access-logs");
    // The account id first: a component bucket is <app>-<component>-<account> and component names
    // start with a letter, so this name never collides with one.
    const bucket = new S3Bucket(this, "bucket", {
      bucket: `${f.appName}-${f.caller.accountId}-access-logs`,
      forceDestroy: false,
      lifecycle: { preventDestroy: true },
    });
    this.bucket = bucket;
    skipCheck(bucket, "CKV_AWS_145", "access-log bucket: S3 server access logs and ALB access logs can only be delivered to SSE-S3 buckets, not SSE-KMS");
    skipCheck(bucket, "CKV_AWS_144", "replicating logs to a second region is a residency decision Polder does not take for the app; versioning and prevent_destroy guard them");

    applyBucketBaseline(this, bucket, { versioning: true });
    new S3BucketLifecycleConfiguration(this, "lifecycle", {
      bucket: bucket.id,
      rule: [
        {
          id: "retention",
          status: "Enabled",
          filter: [{ prefix: "" }],
          expiration: [{ days: ACCESS_LOG_RETENTION_DAYS }],
          noncurrentVersionExpiration: [{ noncurrentDays: 30 }],
          abortIncompleteMultipartUpload: [{ daysAfterInitiation: 7 }],
        },
      ],
    });

    const account = f.caller.accountId;
    const elbWriter: DataAwsIamPolicyDocumentStatement = ELB_ACCOUNT_REGIONS.includes(f.region)
      ? { principals: [{ type: "AWS", identifiers: [new DataAwsElbServiceAccount(this, "elb-account", { region: f.region }).arn] }] }
      : { principals: [{ type: "Service", identifiers: [f.servicePrincipal("logdelivery.elasticloadbalancing")] }] };
    const policy = new DataAwsIamPolicyDocument(this, "policy-document", {
      statement: [
        denyInsecureTransport(bucket),
        {
          sid: "S3ServerAccessLogs",
          principals: [{ type: "Service", identifiers: [f.servicePrincipal("logging.s3")] }],
          actions: ["s3:PutObject"],
          resources: [`${bucket.arn}/s3/*`],
          condition: [{ test: "StringEquals", variable: "aws:SourceAccount", values: [account] }],
        },
        { sid: "LoadBalancerAccessLogs", ...elbWriter, actions: ["s3:PutObject"], resources: [`${bucket.arn}/lb/*/AWSLogs/${account}/*`] },
      ],
    });
    this.policy = new S3BucketPolicy(this, "policy", { bucket: bucket.id, policy: policy.json });
  }
}
