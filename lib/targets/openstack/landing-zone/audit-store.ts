// The audit archive on the S3-compatible object storage: the OpenStack provider has no S3 bucket
// resource, so the bucket is created with the S3 API. Pure text builders, tested alone.

export interface AuditBucketPlan {
  readonly bucket: string;
  readonly endpoint: string;
  readonly retentionDays: number;
  /** Object Lock in compliance mode; only where the store supports it (target `s3ObjectLock`). */
  readonly objectLock: boolean;
}

/**
 * AWS CLI commands creating the audit bucket: private, SSE at the store, versioned, TLS only,
 * expired a day after retention; with Object Lock, locked in compliance mode for the retention.
 */
export function auditBucketCommands(p: AuditBucketPlan): string[] {
  const s3api = `aws --endpoint-url ${p.endpoint} s3api`;
  const lifecycle = {
    Rules: [
      { ID: "retention", Status: "Enabled", Filter: { Prefix: "" }, Expiration: { Days: p.retentionDays + 1 }, NoncurrentVersionExpiration: { NoncurrentDays: p.retentionDays + 1 } },
      { ID: "abort-incomplete-uploads", Status: "Enabled", Filter: { Prefix: "" }, AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 } },
    ],
  };
  // The S3 API's own resource names, not an AWS partition: S3-compatible stores take them as they are.
  const tlsOnly = {
    Version: "2012-10-17",
    Statement: [{ Sid: "DenyInsecureTransport", Effect: "Deny", Principal: "*", Action: "s3:*", Resource: [`arn:aws:s3:::${p.bucket}`, `arn:aws:s3:::${p.bucket}/*`], Condition: { Bool: { "aws:SecureTransport": "false" } } }],
  };
  const commands = [
    `${s3api} create-bucket --bucket ${p.bucket} --acl private${p.objectLock ? " --object-lock-enabled-for-bucket" : ""}`,
    `${s3api} put-bucket-encryption --bucket ${p.bucket} --server-side-encryption-configuration '{"Rules":[{"ApplyServerSideEncryptionByDefault":{"SSEAlgorithm":"AES256"}}]}'`,
    `${s3api} put-bucket-versioning --bucket ${p.bucket} --versioning-configuration Status=Enabled`,
  ];
  if (p.objectLock)
    commands.push(
      `${s3api} put-object-lock-configuration --bucket ${p.bucket} --object-lock-configuration '${JSON.stringify({ ObjectLockEnabled: "Enabled", Rule: { DefaultRetention: { Mode: "COMPLIANCE", Days: p.retentionDays } } })}'`,
    );
  commands.push(
    `${s3api} put-bucket-lifecycle-configuration --bucket ${p.bucket} --lifecycle-configuration '${JSON.stringify(lifecycle)}'`,
    `${s3api} put-bucket-policy --bucket ${p.bucket} --policy '${JSON.stringify(tlsOnly)}'`,
  );
  return commands;
}
