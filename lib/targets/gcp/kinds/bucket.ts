import { StorageBucketIamMember } from "@cdktf/provider-google/lib/storage-bucket-iam-member";
import type { Construct } from "constructs";
import { skipCheck } from "../../../core/checks";
import type { RealizeContext, RealizedComponent } from "../../../core/realizer";
import type { ResolvedBucket } from "../../../kinds";
import { privateBucket } from "../bucket-baseline";
import type { GcpFoundation } from "../foundation";
import type { GcpNetwork } from "../network";

/**
 * A regional Cloud Storage bucket: the app key, uniform access, public access prevention
 * enforced, versioning, a lifecycle for non-current versions, soft delete; the app's workloads
 * get object read and write through their service account.
 */
export function gcpBucket(scope: Construct, props: ResolvedBucket, ctx: RealizeContext<GcpFoundation, GcpNetwork>): RealizedComponent {
  const f = ctx.foundation;
  const bucket = privateBucket(scope, "bucket", f, { nameParts: [props.name], versioning: props.versioning, noncurrentVersionDays: props.noncurrentVersionDays, deletionProtection: props.deletionProtection });
  // Object read and write (no bucket administration) for the app's workloads, as the kind promises.
  new StorageBucketIamMember(scope, "workloads-objects", { bucket: bucket.name, role: "roles/storage.objectUser", member: `serviceAccount:${f.workloads.email}` });
  if (!props.versioning) skipCheck(bucket, "CKV_GCP_78", `versioning: false in the spec of component '${props.name}': the app chose unversioned objects`);
  return {
    kind: "bucket",
    strategy: ctx.strategy,
    // The storage API host follows the universe.
    connection: { host: `storage.${f.universe.domain}`, port: "443", name: bucket.name, secretRef: "", url: `gs://${bucket.name}` },
    handle: bucket,
  };
}
