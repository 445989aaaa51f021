import { StorageBucket } from "@cdktf/provider-google/lib/storage-bucket";
import type { Construct } from "constructs";
import { skipCheck } from "../../core/checks";
import type { GcpFoundation } from "./foundation";
import { bucketName, projectIdOf } from "./naming";

// Kinds import it from here; it lives with the other names.
export { projectIdOf };

/** Days deleted objects stay restorable (Cloud Storage soft delete). */
export const SOFT_DELETE_SECONDS = 7 * 24 * 3600;

export interface PrivateBucketProps {
  /** Name parts after the app name; the project id is appended so the name is globally unique. */
  readonly nameParts: readonly string[];
  readonly versioning: boolean;
  /** Days after which non-current versions are deleted; 0 keeps them. */
  readonly noncurrentVersionDays: number;
  readonly deletionProtection: boolean;
}

/**
 * A Cloud Storage bucket in the target's region: encrypted with the app key (after the storage
 * agent may use it), uniform bucket-level access, public access prevention enforced, versioned,
 * soft delete on, old versions and unfinished uploads cleaned up.
 */
export function privateBucket(scope: Construct, id: string, f: GcpFoundation, props: PrivateBucketProps): StorageBucket {
  const grant = f.grantStorage();
  f.storageAccessLogs();
  const bucket = new StorageBucket(scope, id, {
    name: bucketName(f.appName, props.nameParts, f.projectName),
    location: f.target.region.toUpperCase(),
    storageClass: "STANDARD",
    uniformBucketLevelAccess: true,
    publicAccessPrevention: "enforced",
    versioning: { enabled: props.versioning },
    encryption: { defaultKmsKeyName: f.key.id },
    softDeletePolicy: { retentionDurationSeconds: SOFT_DELETE_SECONDS },
    lifecycleRule: [
      { action: { type: "AbortIncompleteMultipartUpload" }, condition: { age: 7 } },
      ...(props.noncurrentVersionDays > 0 ? [{ action: { type: "Delete" }, condition: { daysSinceNoncurrentTime: props.noncurrentVersionDays, withState: "ARCHIVED" } }] : []),
    ],
    forceDestroy: false,
    lifecycle: props.deletionProtection ? { preventDestroy: true } : undefined,
    dependsOn: [grant],
  });
  skipCheck(bucket, "CKV_GCP_62", "object access is recorded by the project's Data Access audit logs for Cloud Storage (foundation storage-access-logs); legacy usage logs to a second bucket are not offered in sovereign universes");
  return bucket;
}
