/**
 * Remote state in an S3 (or S3-compatible) bucket. On AWS the native S3 backend; on a sovereign
 * cloud its S3-compatible object storage endpoint. Credentials come from the environment, never
 * from here.
 */
export interface S3StateBackend {
  readonly type: "s3";
  readonly bucket: string;
  /** @default "<stack id>/terraform.tfstate" */
  readonly key?: string;
  /** @default the target's region */
  readonly region?: string;
  /** Customer-managed key for the state object (AWS). @default bucket default encryption */
  readonly kmsKeyId?: string;
  /** S3-compatible endpoint URL (sovereign clouds). @default AWS's own */
  readonly endpoint?: string;
}

/** Local state file; for development only. */
export interface LocalStateBackend {
  readonly type: "local";
  /** @default "terraform.<stack id>.tfstate" */
  readonly path?: string;
}

export type StateBackend = S3StateBackend | LocalStateBackend;
