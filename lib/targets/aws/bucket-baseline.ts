import type { DataAwsIamPolicyDocumentStatement } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import type { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketNotification } from "@cdktf/provider-aws/lib/s3-bucket-notification";
import { S3BucketOwnershipControls } from "@cdktf/provider-aws/lib/s3-bucket-ownership-controls";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import { S3BucketServerSideEncryptionConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration";
import { S3BucketVersioningA } from "@cdktf/provider-aws/lib/s3-bucket-versioning";
import type { Construct } from "constructs";

export interface BucketBaselineProps {
  /** SSE-KMS with this key; SSE-S3 (AES256) when undefined. */
  readonly kmsKeyArn?: string;
  readonly versioning: boolean;
}

/**
 * What every Polder S3 bucket gets, in the bucket's own scope (the construct ids are part of the
 * resource addresses): public access blocked, ACLs off, default encryption, versioning, events to
 * EventBridge.
 */
export function applyBucketBaseline(scope: Construct, bucket: S3Bucket, props: BucketBaselineProps): void {
  new S3BucketPublicAccessBlock(scope, "public-access-block", { bucket: bucket.id, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true });
  new S3BucketOwnershipControls(scope, "ownership", { bucket: bucket.id, rule: { objectOwnership: "BucketOwnerEnforced" } });
  new S3BucketServerSideEncryptionConfigurationA(scope, "encryption", {
    bucket: bucket.id,
    rule: [
      props.kmsKeyArn
        ? { applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: props.kmsKeyArn }, bucketKeyEnabled: true }
        : { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } },
    ],
  });
  new S3BucketVersioningA(scope, "versioning", { bucket: bucket.id, versioningConfiguration: { status: props.versioning ? "Enabled" : "Suspended" } });
  new S3BucketNotification(scope, "notification", { bucket: bucket.id, eventbridge: true });
}

/** Bucket policy statement refusing every request made without TLS. */
export function denyInsecureTransport(bucket: S3Bucket): DataAwsIamPolicyDocumentStatement {
  return {
    sid: "DenyInsecureTransport",
    effect: "Deny",
    principals: [{ type: "*", identifiers: ["*"] }],
    actions: ["s3:*"],
    resources: [bucket.arn, `${bucket.arn}/*`],
    condition: [{ test: "Bool", variable: "aws:SecureTransport", values: ["false"] }],
  };
}
