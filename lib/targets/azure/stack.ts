import { AzurermProvider } from "@cdktf/provider-azurerm/lib/provider";
import { unsupportedBackend } from "../../core/state-backend";
import { AzurermBackend, LocalBackend } from "../../core/cdktf";
import type { TargetStack } from "../../core/target-stack";
import type { AzureTarget } from "./target";

/** Azure tag keys get a `polder-` prefix (Azure refuses `:` in some services' tag keys). */
export function azureTags(tags: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(tags).map(([k, v]) => [`polder-${k}`, v]));
}

/**
 * The azurerm provider: `features {}` (required), storage data-plane calls with Entra ID instead
 * of shared keys, the subscription only when the target names one (else `ARM_SUBSCRIPTION_ID`),
 * and the cloud (environment or a partner cloud's metadata host). No credential is written.
 */
export function configureAzureStack(stack: TargetStack): void {
  const target = stack.target as AzureTarget;
  new AzurermProvider(stack, "azurerm", {
    features: [
      {
        // Soft-deleted vaults and keys are recovered, never purged by a destroy: purge protection is on anyway.
        keyVault: [{ purgeSoftDeleteOnDestroy: false, recoverSoftDeletedKeyVaults: true, recoverSoftDeletedKeys: true, recoverSoftDeletedSecrets: true, recoverSoftDeletedCertificates: true }],
        resourceGroup: [{ preventDeletionIfContainsResources: true }],
        // Storage accounts have no public network access: the provider must not try their data plane
        // (queue properties, static website); containers go through the management plane instead.
        storage: [{ dataPlaneAvailable: false }],
      },
    ],
    storageUseAzuread: true,
    subscriptionId: target.subscriptionId,
    environment: target.metadataHost || target.environment === "public" ? undefined : target.environment,
    metadataHost: target.metadataHost,
  });
  const backend = stack.backend;
  if (backend?.type === "azurerm") {
    new AzurermBackend(stack, {
      storageAccountName: backend.storageAccountName,
      containerName: backend.containerName ?? "tfstate",
      key: backend.key ?? `${stack.node.id}/terraform.tfstate`,
      resourceGroupName: backend.resourceGroupName,
      useAzureadAuth: true,
      subscriptionId: target.subscriptionId,
      environment: target.metadataHost || target.environment === "public" ? undefined : target.environment,
      metadataHost: target.metadataHost,
    });
  } else if (backend?.type === "s3" || backend?.type === "gcs") {
    throw unsupportedBackend(stack, target.description, backend.type, '{ type: "azurerm", storageAccountName }');
  } else {
    new LocalBackend(stack, { path: backend?.path ?? `terraform.${stack.node.id}.tfstate` });
  }
}
