import { RoleAssignment } from "@cdktf/provider-azurerm/lib/role-assignment";
import type { Construct } from "constructs";
import type { RealizeContext, RealizedComponent } from "../../../core/realizer";
import type { ResolvedLogSink } from "../../../kinds";
import type { AzureFoundation } from "../foundation";
import type { AzureNetwork } from "../network";
import { azureStorageAccount } from "../storage";

/**
 * A log archive: a storage account encrypted with the app key, container `logs`, versioned,
 * records deleted after `retentionDays` (any of the neutral values: Log Analytics would stop at
 * 730 days, and encrypts with the app key only on a dedicated cluster), prevent_destroy. The
 * app's workloads append to it; Azure diagnostic settings can target it too.
 */
export function azureLogSink(scope: Construct, props: ResolvedLogSink, ctx: RealizeContext<AzureFoundation, AzureNetwork>): RealizedComponent {
  const f = ctx.foundation;
  const { account, container, name } = azureStorageAccount(scope, "account", {
    f,
    net: ctx.network,
    component: props.name,
    containerName: "logs",
    versioning: true,
    noncurrentVersionDays: props.retentionDays,
    deleteAfterDays: props.retentionDays,
    preventDestroy: true,
  });
  new RoleAssignment(scope, "workload-write", {
    scope: container!.resourceManagerId,
    roleDefinitionName: "Storage Blob Data Contributor",
    principalId: f.workloadIdentity.principalId,
    principalType: "ServicePrincipal",
    description: `the app's workloads write logs to ${props.name}`,
  });
  return {
    kind: "log-sink",
    strategy: ctx.strategy,
    connection: { host: account.primaryBlobHost, port: "443", name: `${name}/logs`, secretRef: "", url: `${account.primaryBlobEndpoint}logs` },
    handle: account,
  };
}
