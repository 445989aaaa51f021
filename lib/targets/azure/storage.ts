import { StorageAccount } from "@cdktf/provider-azurerm/lib/storage-account";
import { StorageContainer } from "@cdktf/provider-azurerm/lib/storage-container";
import { StorageManagementPolicy } from "@cdktf/provider-azurerm/lib/storage-management-policy";
import type { Construct } from "constructs";
import { skipCheck } from "../../core/checks";
import { type AzureFoundation, dependOn } from "./foundation";
import { storageAccountName } from "./naming";
import type { AzureNetwork } from "./network";

export interface AzureStorageOptions {
  readonly f: AzureFoundation;
  readonly net: AzureNetwork;
  /** Component the account belongs to: part of its derived global name. */
  readonly component: string;
  /** Private container made inside; none for accounts Azure services write to themselves (flow logs). */
  readonly containerName?: string;
  readonly versioning: boolean;
  /** Days after which non-current versions are deleted; 0 keeps them. */
  readonly noncurrentVersionDays: number;
  /** Days after which blobs are deleted (log retention); none keeps them. */
  readonly deleteAfterDays?: number;
  readonly preventDestroy: boolean;
}

/**
 * What every storage account Polder makes has: ZRS, TLS 1.2 over HTTPS only, Entra ID instead of
 * shared keys, no public blobs, no local users or SFTP, copies only over Private Link, double
 * encryption, queues and tables under the account's customer-managed key too.
 */
export const HARDENED_STORAGE_ACCOUNT = {
  accountKind: "StorageV2",
  accountTier: "Standard",
  accountReplicationType: "ZRS",
  minTlsVersion: "TLS1_2",
  httpsTrafficOnlyEnabled: true,
  sharedAccessKeyEnabled: false,
  defaultToOauthAuthentication: true,
  allowNestedItemsToBePublic: false,
  crossTenantReplicationEnabled: false,
  infrastructureEncryptionEnabled: true,
  localUserEnabled: false,
  sftpEnabled: false,
  allowedCopyScope: "PrivateLink",
  queueEncryptionKeyType: "Account",
  tableEncryptionKeyType: "Account",
} as const;

/**
 * A storage account as every Polder store on Azure is: encrypted with the app key (through the
 * app's CMK identity) on top of infrastructure encryption, TLS 1.2 and HTTPS only, no shared
 * keys (Entra ID only), no public blobs, no public network access (a private endpoint in the
 * app network), soft delete and change feed, logs to the app's workspace. The name is derived
 * from target, app and component: 3-24 lower-case letters and digits, the same on every synth.
 */
export function azureStorageAccount(scope: Construct, id: string, o: AzureStorageOptions): { account: StorageAccount; container?: StorageContainer; name: string } {
  const { f, net } = o;
  const name = storageAccountName(f.target.name, f.appName, o.component);
  f.claimName("storage account", name, o.component);
  const account = new StorageAccount(scope, id, {
    name,
    location: f.location,
    resourceGroupName: f.group.name,
    ...HARDENED_STORAGE_ACCOUNT,
    publicNetworkAccessEnabled: false,
    identity: { type: "UserAssigned", identityIds: [f.cmkIdentity.id] },
    customerManagedKey: {
      ...(f.target.keyCustody === "managed-hsm" ? { managedHsmKeyId: f.key.versionlessId } : { keyVaultKeyId: f.key.versionlessId }),
      userAssignedIdentityId: f.cmkIdentity.id,
    },
    blobProperties: {
      versioningEnabled: o.versioning,
      changeFeedEnabled: true,
      changeFeedRetentionInDays: 90,
      deleteRetentionPolicy: { days: 30 },
      containerDeleteRetentionPolicy: { days: 30 },
    },
    networkRules: { defaultAction: "Deny", bypass: ["AzureServices", "Logging", "Metrics"] },
    sasPolicy: { expirationPeriod: "01.00:00:00", expirationAction: "Log" },
    tags: f.tags,
    lifecycle: o.preventDestroy ? { preventDestroy: true } : undefined,
  });
  skipCheck(account, "CKV_AZURE_206", "zone-redundant (ZRS) in one EU region: replication to a paired region is a residency decision the kind does not take, and several EU regions have no pair; versioning and soft delete cover recovery");
  skipCheck(account, "CKV_AZURE_33", "the queue service is unused; its classic Storage Analytics logging is set through the data plane, which the account's closed network and disabled shared keys keep Terraform out of; the blob service's diagnostic setting sends every access to the app's workspace");
  // The app key is usable by the CMK identity before the account is encrypted with it.
  for (const grant of f.keyGrants) dependOn(account, grant);
  net.privateEndpoint(scope, `${id}-blob-endpoint`, { resourceId: account.id, subresource: "blob", zone: "privatelink.blob.core.windows.net", name: `${name}-blob` });
  // Blob service logs (reads, writes, deletes); its metrics have their own categories, not AllMetrics.
  f.diagnostics(scope, `${id}-diagnostics`, `${account.id}/blobServices/default`, { metrics: false });
  const rules = [];
  if (o.noncurrentVersionDays > 0) rules.push({ name: "noncurrentversions", enabled: true, filters: { blobTypes: ["blockBlob"] }, actions: { version: { deleteAfterDaysSinceCreation: o.noncurrentVersionDays } } });
  if (o.deleteAfterDays) rules.push({ name: "retention", enabled: true, filters: { blobTypes: ["blockBlob", "appendBlob"] }, actions: { baseBlob: { deleteAfterDaysSinceModificationGreaterThan: o.deleteAfterDays } } });
  if (rules.length) new StorageManagementPolicy(scope, `${id}-lifecycle`, { storageAccountId: account.id, rule: rules });
  const container = o.containerName
    ? new StorageContainer(scope, `${id}-container`, {
        name: o.containerName,
        // By the account's resource id: the management plane, which the account's closed network does not block.
        storageAccountId: account.id,
        containerAccessType: "private",
        lifecycle: o.preventDestroy ? { preventDestroy: true } : undefined,
      })
    : undefined;
  if (container)
    skipCheck(container, "CKV2_AZURE_21", "blob reads are logged by the account's diagnostic setting (allLogs, StorageRead included) to the app's workspace; Log Analytics storage insights, which the check wants, read the logs with the account's shared key, which is disabled");
  return { account, container, name };
}
