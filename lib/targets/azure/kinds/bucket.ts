import { RoleAssignment } from "@cdktf/provider-azurerm/lib/role-assignment";
import type { Construct } from "constructs";
import type { RealizeContext, RealizedComponent } from "../../../core/realizer";
import type { ResolvedBucket } from "../../../kinds";
import type { AzureFoundation } from "../foundation";
import type { AzureNetwork } from "../network";
import { azureStorageAccount } from "../storage";

/**
 * A storage account and its private container `data` (see azureStorageAccount for the baseline):
 * versioned unless the spec says not, non-current versions removed after `noncurrentVersionDays`,
 * prevent_destroy with `deletionProtection`. The app's workloads read and write the container.
 */
export function azureBucket(scope: Construct, props: ResolvedBucket, ctx: RealizeContext<AzureFoundation, AzureNetwork>): RealizedComponent {
  const f = ctx.foundation;
  const { account, container, name } = azureStorageAccount(scope, "account", {
    f,
    net: ctx.network,
    component: props.name,
    containerName: "data",
    versioning: props.versioning,
    noncurrentVersionDays: props.versioning ? props.noncurrentVersionDays : 0,
    preventDestroy: props.deletionProtection,
  });
  new RoleAssignment(scope, "workload-data", {
    scope: container!.resourceManagerId,
    roleDefinitionName: "Storage Blob Data Contributor",
    principalId: f.workloadIdentity.principalId,
    principalType: "ServicePrincipal",
    description: `the app's workloads read and write bucket ${props.name}`,
  });
  return {
    kind: "bucket",
    strategy: ctx.strategy,
    connection: { host: account.primaryBlobHost, port: "443", name: `${name}/data`, secretRef: "", url: `${account.primaryBlobEndpoint}data` },
    handle: account,
  };
}
