// What a user runs against the S3-compatible endpoint: the OpenStack provider has no S3 bucket
// resource, so a bucket there is created with the S3 API itself. Pure text builders.

export interface S3BucketPlan {
  readonly bucket: string;
  readonly endpoint: string;
  readonly versioning: boolean;
  /** Days after which non-current versions go; 0 keeps them. */
  readonly noncurrentVersionDays: number;
  /** Days after which current objects expire (log retention); 0 keeps them. */
  readonly expirationDays: number;
  /**
   * S3 Object Lock in compliance mode for this many days: no credential, the app's own included,
   * can delete or overwrite an object version before then (audit logs).
   * @default none
   */
  readonly lockDays?: number;
}

/** AWS CLI commands creating the bucket private, encrypted, versioned, TLS only, with its lifecycle. */
export function s3BucketCommands(p: S3BucketPlan): string[] {
  const s3api = `aws --endpoint-url ${p.endpoint} s3api`;
  const rules: Record<string, unknown>[] = [{ ID: "abort-incomplete-uploads", Status: "Enabled", Filter: { Prefix: "" }, AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 } }];
  if (p.noncurrentVersionDays > 0) rules.push({ ID: "noncurrent-versions", Status: "Enabled", Filter: { Prefix: "" }, NoncurrentVersionExpiration: { NoncurrentDays: p.noncurrentVersionDays } });
  if (p.expirationDays > 0) rules.push({ ID: "retention", Status: "Enabled", Filter: { Prefix: "" }, Expiration: { Days: p.expirationDays } });
  const tlsOnly = {
    Version: "2012-10-17",
    Statement: [{ Sid: "DenyInsecureTransport", Effect: "Deny", Principal: "*", Action: "s3:*", Resource: [`arn:aws:s3:::${p.bucket}`, `arn:aws:s3:::${p.bucket}/*`], Condition: { Bool: { "aws:SecureTransport": "false" } } }],
  };
  return [
    `${s3api} create-bucket --bucket ${p.bucket} --acl private${p.lockDays ? " --object-lock-enabled-for-bucket" : ""}`,
    `${s3api} put-bucket-encryption --bucket ${p.bucket} --server-side-encryption-configuration '{"Rules":[{"ApplyServerSideEncryptionByDefault":{"SSEAlgorithm":"AES256"}}]}'`,
    `${s3api} put-bucket-versioning --bucket ${p.bucket} --versioning-configuration Status=${p.versioning ? "Enabled" : "Suspended"}`,
    `${s3api} put-bucket-lifecycle-configuration --bucket ${p.bucket} --lifecycle-configuration '${JSON.stringify({ Rules: rules })}'`,
    `${s3api} put-bucket-policy --bucket ${p.bucket} --policy '${JSON.stringify(tlsOnly)}'`,
    ...(p.lockDays
      ? [`${s3api} put-object-lock-configuration --bucket ${p.bucket} --object-lock-configuration '${JSON.stringify({ ObjectLockEnabled: "Enabled", Rule: { DefaultRetention: { Mode: "COMPLIANCE", Days: p.lockDays } } })}'`]
      : []),
  ];
}

/** Fluent Bit output section shipping every record to the log bucket over the S3 API. */
export function fluentBitS3Output(p: { bucket: string; endpoint: string; region: string; app: string }): string {
  return [
    "[OUTPUT]",
    "    Name              s3",
    "    Match             *",
    `    bucket            ${p.bucket}`,
    `    endpoint          ${p.endpoint}`,
    `    region            ${p.region}`,
    `    s3_key_format     /${p.app}/$TAG/%Y/%m/%d/%H%M%S-$UUID.gz`,
    "    compression       gzip",
    "    use_put_object    On",
    "    total_file_size   50M",
    "    upload_timeout    5m",
  ].join("\n");
}

/**
 * Swift has no Fluent Bit output: records are written to files and moved to the container by
 * rclone, every object carrying `X-Delete-After` so Swift removes it after the retention period.
 */
export function swiftShipping(p: { container: string; retentionDays: number }): string {
  return [
    "[OUTPUT]",
    "    Name   file",
    "    Match  *",
    "    Path   /var/log/polder-ship",
    "# cron, every 5 minutes (rclone remote 'swift' configured with an application credential):",
    `*/5 * * * * root rclone move /var/log/polder-ship swift:${p.container} --min-age 5m --header-upload "X-Delete-After: ${p.retentionDays * 86400}"`,
  ].join("\n");
}
