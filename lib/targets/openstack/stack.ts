import { OpenstackProvider } from "../../../providers/openstack/lib/provider";
import { LocalBackend, S3Backend } from "../../core/cdktf";
import { unsupportedBackend } from "../../core/state-backend";
import type { TargetStack } from "../../core/target-stack";
import type { SovereignTarget } from "./target";

interface StackProviders {
  /** Every resource's provider. */
  readonly main: OpenstackProvider;
  /** Scoped to the credentials' own project; only with `projectPerApp`, to create the app's project. */
  readonly home?: OpenstackProvider;
}

const providers = new WeakMap<TargetStack, StackProviders>();

export function sovereignProviders(stack: TargetStack): StackProviders {
  const p = providers.get(stack);
  if (!p) throw new Error(`${stack.node.id}: the OpenStack provider is not configured`);
  return p;
}

/**
 * The OpenStack provider reads auth URL and credentials from the `clouds.yaml` entry, so none of
 * them is in the synthesized JSON. State goes to the cloud's S3-compatible endpoint when a backend
 * is given, locally otherwise.
 */
export function configureSovereignStack(stack: TargetStack): void {
  const target = stack.target as SovereignTarget;
  const main = new OpenstackProvider(stack, "openstack", { cloud: target.cloud, region: target.region });
  const home = target.projectPerApp ? new OpenstackProvider(stack, "openstack-home", { cloud: target.cloud, region: target.region, alias: "home" }) : undefined;
  providers.set(stack, { main, home });

  const backend = stack.backend;
  if (backend?.type === "azurerm" || backend?.type === "gcs") throw unsupportedBackend(stack, target.description, backend.type, '{ type: "s3", bucket }');
  if (backend?.type === "s3") {
    const endpoint = backend.endpoint ?? target.s3Endpoint;
    if (!endpoint)
      throw new Error(`${stack.node.id}: S3 state on ${target.description} needs an endpoint: set backend.endpoint or the target's s3Endpoint`);
    const s3 = new S3Backend(stack, {
      bucket: backend.bucket,
      key: backend.key ?? `${stack.node.id}/terraform.tfstate`,
      region: backend.region ?? target.region,
      endpoints: { s3: endpoint },
      usePathStyle: true,
      // Not AWS: there is no STS, account id, region list or instance metadata to check against.
      skipCredentialsValidation: true,
      skipRegionValidation: true,
      skipRequestingAccountId: true,
      skipMetadataApiCheck: true,
      // Many S3-compatible stores reject the AWS SDK's default request checksums.
      skipS3Checksum: true,
      // SSE-S3 at the object store; the store must support it (Ceph RGW with a KMS, MinIO with KES).
      encrypt: true,
    });
    // cdktf 0.21's S3BackendConfig predates `use_lockfile`; the store must support conditional writes.
    s3.addOverride("use_lockfile", true);
  } else {
    new LocalBackend(stack, { path: backend?.path ?? `terraform.${stack.node.id}.tfstate` });
  }
}
