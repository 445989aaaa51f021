import { SpecValidationError } from "../shared/errors";
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

/**
 * Remote state in an Azure storage account (Azure targets), with Entra ID authentication: no
 * access key or SAS token is ever configured here; credentials come from the environment.
 */
export interface AzurermStateBackend {
  readonly type: "azurerm";
  /** Storage account holding the state (3-24 lower-case letters and digits). */
  readonly storageAccountName: string;
  /** @default "tfstate" */
  readonly containerName?: string;
  /** @default "<stack id>/terraform.tfstate" */
  readonly key?: string;
  /** Resource group of the storage account; only needed when the deployer may not look it up. @default none */
  readonly resourceGroupName?: string;
  /** Only the local backend has a path; here so `backend?.path` type-checks on every member. */
  readonly path?: undefined;
}

/**
 * Remote state in a Cloud Storage bucket (Google targets): `<prefix>/default.tfstate`, locked by
 * the backend itself. Credentials come from the environment (Application Default Credentials).
 */
export interface GcsStateBackend {
  readonly type: "gcs";
  readonly bucket: string;
  /** @default "<stack id>" */
  readonly prefix?: string;
  /** Cloud KMS key (`projects/…/cryptoKeys/…`) encrypting the state objects. @default the bucket's default encryption */
  readonly kmsEncryptionKey?: string;
  /**
   * Cloud Storage JSON API endpoint. Required in a sovereign universe (the backend does not derive
   * it from the universe domain), e.g. `https://storage.<universe domain>/storage/v1/`. @default Google's own
   */
  readonly endpoint?: string;
  /** Only the local backend has a path; here so `backend?.path` type-checks on every member. */
  readonly path?: undefined;
}

export type StateBackend = S3StateBackend | LocalStateBackend | AzurermStateBackend | GcsStateBackend;

/**
 * The error for a backend type a target does not offer (e.g. azurerm state for an AWS stack):
 * refused, never replaced by local state behind the user's back. `use`: what the target offers.
 */
export function unsupportedBackend(stack: { readonly node: { readonly id: string } }, targetDescription: string, type: StateBackend["type"], use: string): SpecValidationError {
  return new SpecValidationError(`stack ${stack.node.id}`, [{ path: "backend.type", message: `"${type}" state is not offered on ${targetDescription}: use ${use} or omit backend for local state` }]);
}
