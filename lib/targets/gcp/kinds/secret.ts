import { SecretManagerSecret } from "@cdktf/provider-google/lib/secret-manager-secret";
import { SecretManagerSecretIamMember } from "@cdktf/provider-google/lib/secret-manager-secret-iam-member";
import { StorageBucketIamMember } from "@cdktf/provider-google/lib/storage-bucket-iam-member";
import type { Construct } from "constructs";
import type { RealizeContext, RealizedComponent } from "../../../core/realizer";
import { noteStrategy } from "../../../core/strategy-note";
import type { ResolvedSecret } from "../../../kinds";
import { privateBucket } from "../bucket-baseline";
import { explainGcpStrategy } from "../capabilities";
import type { GcpFoundation } from "../foundation";
import { componentName, secretBucketParts } from "../naming";
import type { GcpNetwork } from "../network";

/**
 * A secret without a value: its owner adds the value out of band (`gcloud secrets versions add`),
 * so it is never in the configuration or the state. The app's workloads may read it.
 * - `managed`: Secret Manager, replicated only to the target's region, encrypted with the app key.
 * - `storage` (a universe without Secret Manager): a private CMEK bucket of its own; the value is
 *   the object `value`, uploaded by the owner (`gcloud storage cp`).
 */
export function gcpSecret(scope: Construct, props: ResolvedSecret, ctx: RealizeContext<GcpFoundation, GcpNetwork>): RealizedComponent {
  const f = ctx.foundation;
  const workloads = `serviceAccount:${f.workloads.email}`;
  if (ctx.strategy === "storage") {
    const bucket = privateBucket(scope, "bucket", f, { nameParts: secretBucketParts(props.name), versioning: true, noncurrentVersionDays: 0, deletionProtection: true });
    noteStrategy(bucket, explainGcpStrategy("secret", "storage", f.universe));
    new StorageBucketIamMember(scope, "workloads-read", { bucket: bucket.name, role: "roles/storage.objectViewer", member: workloads });
    return {
      kind: "secret",
      strategy: ctx.strategy,
      connection: { host: "", port: "", name: bucket.name, secretRef: `gs://${bucket.name}/value`, url: "" },
      handle: bucket,
    };
  }
  const grant = f.grantServiceAgent("gcp-sa-secretmanager");
  const secret = new SecretManagerSecret(scope, "secret", {
    secretId: componentName(ctx.app.name, props.name),
    annotations: { description: props.description ?? `${ctx.app.name} ${props.name}` },
    replication: { userManaged: { replicas: [{ location: ctx.target.region, customerManagedEncryption: { kmsKeyName: f.key.id } }] } },
    deletionProtection: true,
    lifecycle: { preventDestroy: true },
    dependsOn: [grant],
  });
  new SecretManagerSecretIamMember(scope, "workloads-read", { secretId: secret.id, role: "roles/secretmanager.secretAccessor", member: workloads });
  return {
    kind: "secret",
    strategy: ctx.strategy,
    connection: { host: "", port: "", name: secret.secretId, secretRef: secret.id, url: "" },
    handle: secret,
  };
}
