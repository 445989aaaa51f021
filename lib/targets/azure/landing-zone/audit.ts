import type { DataAzurermClientConfig } from "@cdktf/provider-azurerm/lib/data-azurerm-client-config";
import { KeyVault } from "@cdktf/provider-azurerm/lib/key-vault";
import { KeyVaultKey } from "@cdktf/provider-azurerm/lib/key-vault-key";
import { LogAnalyticsWorkspace } from "@cdktf/provider-azurerm/lib/log-analytics-workspace";
import { ManagementLock } from "@cdktf/provider-azurerm/lib/management-lock";
import { MonitorAadDiagnosticSetting } from "@cdktf/provider-azurerm/lib/monitor-aad-diagnostic-setting";
import { MonitorDiagnosticSetting } from "@cdktf/provider-azurerm/lib/monitor-diagnostic-setting";
import { ResourceGroup } from "@cdktf/provider-azurerm/lib/resource-group";
import { RoleAssignment } from "@cdktf/provider-azurerm/lib/role-assignment";
import { StorageAccount } from "@cdktf/provider-azurerm/lib/storage-account";
import { StorageContainer } from "@cdktf/provider-azurerm/lib/storage-container";
import { StorageContainerImmutabilityPolicy } from "@cdktf/provider-azurerm/lib/storage-container-immutability-policy";
import { StorageManagementPolicy } from "@cdktf/provider-azurerm/lib/storage-management-policy";
import { UserAssignedIdentity } from "@cdktf/provider-azurerm/lib/user-assigned-identity";
import { Construct } from "constructs";
import { skipCheck } from "../../../core/checks";
import type { ResolvedLandingZoneSpec } from "../../../landing-zone/spec";
import { HARDENED_KEY_VAULT } from "../foundation";
import { keyVaultName, storageAccountName } from "../naming";
import { HARDENED_STORAGE_ACCOUNT } from "../storage";

/** Activity-log categories of a subscription (category groups are not offered at subscription scope). */
export const ACTIVITY_LOG_CATEGORIES = ["Administrative", "Security", "ServiceHealth", "Alert", "Recommendation", "Policy", "Autoscale", "ResourceHealth"] as const;

/**
 * Entra ID log categories the zone keeps: changes to the directory and every kind of sign-in (the
 * sign-in categories need Entra ID P1 or P2, which a ministry tenant has).
 */
export const ENTRA_LOG_CATEGORIES = ["AuditLogs", "SignInLogs", "NonInteractiveUserSignInLogs", "ServicePrincipalSignInLogs", "ManagedIdentitySignInLogs"] as const;

/** Azure Monitor writes each category into a container of its own, named like this (made here first, so it is locked). */
export function logContainer(category: string): string {
  return category === "activity" ? "insights-activity-logs" : `insights-logs-${category.toLowerCase()}`;
}

/** Log Analytics keeps at most two years interactively; the archive keeps the full retention. */
export const WORKSPACE_MAX_DAYS = 730;

export interface AzureAuditContext {
  readonly spec: ResolvedLandingZoneSpec;
  readonly location: string;
  readonly targetName: string;
  readonly client: DataAzurermClientConfig;
  readonly tags: Record<string, string>;
}

/**
 * The zone's audit: a Log Analytics workspace to search, and an archive nobody can rewrite: a
 * storage account encrypted with the zone's HSM key (Key Vault Premium, purge protection), whose
 * log containers carry a locked time-based immutability policy for the retention (protected
 * append writes, which Azure Monitor needs). The subscriptions' activity logs and the tenant's
 * Entra ID logs go to both; a CanNotDelete lock holds the resource group.
 */
export class AzureZoneAudit extends Construct {
  readonly group: ResourceGroup;
  readonly workspace: LogAnalyticsWorkspace;
  readonly vault: KeyVault;
  readonly key: KeyVaultKey;
  readonly account: StorageAccount;
  readonly containers: StorageContainer[] = [];
  /** The containers and their locks: nothing delivers logs before a container is locked. */
  private readonly ready: (StorageContainer | StorageContainerImmutabilityPolicy)[] = [];
  readonly deployerVaultAdmin: RoleAssignment;

  constructor(scope: Construct, private readonly ctx: AzureAuditContext) {
    super(scope, "audit");
    const { spec, location, tags } = ctx;
    this.group = new ResourceGroup(this, "group", { name: `${spec.name}-audit`, location, tags });
    this.workspace = new LogAnalyticsWorkspace(this, "workspace", {
      name: `${spec.name}-audit`,
      location,
      resourceGroupName: this.group.name,
      sku: "PerGB2018",
      retentionInDays: Math.min(spec.audit.retentionDays, WORKSPACE_MAX_DAYS),
      localAuthenticationEnabled: false,
      tags,
      lifecycle: { preventDestroy: true },
    });

    this.vault = new KeyVault(this, "vault", {
      name: keyVaultName(ctx.targetName, `${spec.name}-audit`),
      location,
      resourceGroupName: this.group.name,
      tenantId: ctx.client.tenantId,
      // Storage reaches the key as a trusted service; the deployer through the private endpoint in the hub.
      ...HARDENED_KEY_VAULT,
      tags,
      lifecycle: { preventDestroy: true },
    });
    this.diagnostics("vault-diagnostics", this.vault.id);
    this.deployerVaultAdmin = new RoleAssignment(this, "deployer-vault-admin", {
      scope: this.vault.id,
      roleDefinitionName: "Key Vault Administrator",
      principalId: ctx.client.objectId,
      description: `the platform pipeline creates and rotates the audit key of landing zone ${spec.name}`,
    });
    this.key = new KeyVaultKey(this, "key", {
      name: "audit",
      keyVaultId: this.vault.id,
      keyType: "RSA-HSM",
      keySize: 3072,
      keyOpts: ["wrapKey", "unwrapKey"],
      rotationPolicy: { automatic: { timeAfterCreation: "P365D" }, expireAfter: "P730D", notifyBeforeExpiry: "P30D" },
      dependsOn: [this.deployerVaultAdmin],
      lifecycle: { preventDestroy: true },
    });
    skipCheck(this.key, "CKV_AZURE_40", "the key's versions expire through its rotation policy (expire_after, rotated a year before); a fixed expiration_date would stop the archive's encryption");

    const identity = new UserAssignedIdentity(this, "cmk-identity", { name: `${spec.name}-audit-cmk`, location, resourceGroupName: this.group.name, tags });
    const keyUse = new RoleAssignment(this, "cmk-key-use", {
      scope: this.key.resourceVersionlessId,
      roleDefinitionName: "Key Vault Crypto Service Encryption User",
      principalId: identity.principalId,
      principalType: "ServicePrincipal",
      description: `the audit archive of landing zone ${spec.name} wraps its data keys with this key`,
    });

    const name = storageAccountName(ctx.targetName, spec.name, "audit");
    this.account = new StorageAccount(this, "archive", {
      name,
      location,
      resourceGroupName: this.group.name,
      ...HARDENED_STORAGE_ACCOUNT,
      identity: { type: "UserAssigned", identityIds: [identity.id] },
      customerManagedKey: { keyVaultKeyId: this.key.versionlessId, userAssignedIdentityId: identity.id },
      blobProperties: {
        // The locked immutability policy keeps every record as written: versions would add nothing.
        versioningEnabled: false,
        changeFeedEnabled: true,
        changeFeedRetentionInDays: 90,
        deleteRetentionPolicy: { days: 30 },
        containerDeleteRetentionPolicy: { days: 30 },
      },
      // Azure Monitor delivers as a trusted Microsoft service through the public endpoint's exception; nothing else gets in.
      publicNetworkAccessEnabled: true,
      networkRules: { defaultAction: "Deny", bypass: ["AzureServices", "Logging", "Metrics"] },
      sasPolicy: { expirationPeriod: "01.00:00:00", expirationAction: "Log" },
      tags,
      dependsOn: [keyUse],
      lifecycle: { preventDestroy: true },
    });
    skipCheck(this.account, "CKV_AZURE_59", "Azure Monitor writes activity and Entra ID logs into the archive as a trusted Microsoft service, an exception of the public endpoint that 'public network access disabled' would close; the network rules deny every other caller, shared keys are off and the blob endpoint is also private");
    skipCheck(this.account, "CKV_AZURE_206", "zone-redundant (ZRS) in the zone's EU location: replication to a paired region is a residency decision the zone does not take; the locked immutability policy and prevent_destroy guard the records");
    skipCheck(this.account, "CKV_AZURE_33", "the queue service is unused; its classic Storage Analytics logging needs the data plane with shared keys, which are disabled; the blob service's diagnostic setting logs every access to the zone's workspace");
    this.diagnostics("archive-diagnostics", `${this.account.id}/blobServices/default`, { metrics: false });

    for (const category of ["activity", ...ENTRA_LOG_CATEGORIES]) {
      const container = new StorageContainer(this, `container-${category.toLowerCase()}`, {
        name: logContainer(category),
        storageAccountId: this.account.id,
        containerAccessType: "private",
        lifecycle: { preventDestroy: true },
      });
      skipCheck(container, "CKV2_AZURE_21", "blob reads are logged by the archive's diagnostic setting (allLogs, StorageRead included) to the zone's workspace; storage insights would read them with the account's shared key, which is disabled");
      this.containers.push(container);
      this.ready.push(container);
      if (spec.audit.immutable)
        this.ready.push(new StorageContainerImmutabilityPolicy(this, `container-${category.toLowerCase()}-immutability`, {
          storageContainerResourceManagerId: container.id,
          immutabilityPeriodInDays: spec.audit.retentionDays,
          // Azure Monitor appends to its blobs; protected append writes allow that and nothing else.
          protectedAppendWritesEnabled: true,
          // Locked: the retention can only grow, the policy never be removed, not even by an Owner.
          locked: true,
        }));
    }
    new StorageManagementPolicy(this, "archive-lifecycle", {
      storageAccountId: this.account.id,
      rule: [
        {
          name: "retention",
          enabled: true,
          filters: { blobTypes: ["blockBlob", "appendBlob"], prefixMatch: this.containers.map((c) => `${c.name}/`) },
          // A day after the immutability period, so expiry never races it.
          actions: { baseBlob: { deleteAfterDaysSinceModificationGreaterThan: spec.audit.retentionDays + 1 } },
        },
      ],
    });

    // The tenant's Entra ID logs: one setting for the tenant, kept by the zone.
    new MonitorAadDiagnosticSetting(this, "entra-logs", {
      name: `${spec.name}-entra`,
      logAnalyticsWorkspaceId: this.workspace.id,
      storageAccountId: this.account.id,
      enabledLog: ENTRA_LOG_CATEGORIES.map((category) => ({ category })),
      dependsOn: this.ready,
    });
    // The platform subscription's own activity log.
    this.activityLog(this, "activity-log", `/subscriptions/${ctx.client.subscriptionId}`);

    new ManagementLock(this, "lock", {
      name: `${spec.name}-audit`,
      scope: this.group.id,
      lockLevel: "CanNotDelete",
      notes: `the audit archive of landing zone ${spec.name}: remove the lock only by a change to the zone`,
      dependsOn: this.containers,
    });
  }

  /** A subscription's activity log to the workspace and the archive. */
  activityLog(scope: Construct, id: string, subscriptionResourceId: string): MonitorDiagnosticSetting {
    return new MonitorDiagnosticSetting(scope, id, {
      name: `${this.ctx.spec.name}-activity`,
      targetResourceId: subscriptionResourceId,
      logAnalyticsWorkspaceId: this.workspace.id,
      storageAccountId: this.account.id,
      enabledLog: ACTIVITY_LOG_CATEGORIES.map((category) => ({ category })),
      dependsOn: this.ready,
    });
  }

  /** Every log (and metric) of a zone resource to the workspace. */
  diagnostics(id: string, targetResourceId: string, opts: { metrics?: boolean; scope?: Construct } = {}): MonitorDiagnosticSetting {
    return new MonitorDiagnosticSetting(opts.scope ?? this, id, {
      name: "polder",
      targetResourceId,
      logAnalyticsWorkspaceId: this.workspace.id,
      enabledLog: [{ categoryGroup: "allLogs" }],
      enabledMetric: opts.metrics === false ? undefined : [{ category: "AllMetrics" }],
    });
  }
}
