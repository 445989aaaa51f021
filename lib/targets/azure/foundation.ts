import { DataAzurermClientConfig } from "@cdktf/provider-azurerm/lib/data-azurerm-client-config";
import { DiskEncryptionSet } from "@cdktf/provider-azurerm/lib/disk-encryption-set";
import { KeyVault } from "@cdktf/provider-azurerm/lib/key-vault";
import { KeyVaultKey } from "@cdktf/provider-azurerm/lib/key-vault-key";
import { KeyVaultManagedHardwareSecurityModuleKey } from "@cdktf/provider-azurerm/lib/key-vault-managed-hardware-security-module-key";
import { KeyVaultManagedHardwareSecurityModuleKeyRotationPolicy } from "@cdktf/provider-azurerm/lib/key-vault-managed-hardware-security-module-key-rotation-policy";
import { KeyVaultManagedHardwareSecurityModuleRoleAssignment } from "@cdktf/provider-azurerm/lib/key-vault-managed-hardware-security-module-role-assignment";
import { LogAnalyticsWorkspace } from "@cdktf/provider-azurerm/lib/log-analytics-workspace";
import { MonitorDiagnosticSetting } from "@cdktf/provider-azurerm/lib/monitor-diagnostic-setting";
import { ResourceGroup } from "@cdktf/provider-azurerm/lib/resource-group";
import { RoleAssignment } from "@cdktf/provider-azurerm/lib/role-assignment";
import { UserAssignedIdentity } from "@cdktf/provider-azurerm/lib/user-assigned-identity";
import { Construct } from "constructs";
import { Lazy, type TerraformResource, Token } from "../../core/cdktf";
import { skipCheck } from "../../core/checks";
import { SpecValidationError } from "../../core/errors";
import type { FoundationContext } from "../../core/realizer";
import { keyVaultName, managedHsmKeyName, resourceGroupName, stableGuid } from "./naming";
import { azureTags } from "./stack";
import type { AzureTarget } from "./target";

/** Managed HSM built-in role that lets a service wrap and unwrap with a key. */
const MHSM_CRYPTO_SERVICE_ENCRYPTION_USER = "/Microsoft.KeyVault/providers/Microsoft.Authorization/roleDefinitions/33413926-3206-4cdd-b39a-83574fe37a17";

/**
 * What every key vault Polder makes has: premium (HSM-backed keys), Azure RBAC instead of access
 * policies, purge protection, 90 days of soft delete, no public network access, and only trusted
 * Azure services past the firewall (everyone else comes through a private endpoint).
 */
export const HARDENED_KEY_VAULT = {
  skuName: "premium",
  rbacAuthorizationEnabled: true,
  purgeProtectionEnabled: true,
  softDeleteRetentionDays: 90,
  publicNetworkAccessEnabled: false,
  networkAcls: { defaultAction: "Deny", bypass: "AzureServices" },
} as const;

/** A customer-managed key as the services that encrypt with it name it. */
export interface AzureKeyRef {
  /** Versionless key URL: services follow rotation (storage, disk encryption sets). */
  readonly versionlessId: string;
  /** Versioned key URL, for services that need one (PostgreSQL, AKS KMS). */
  readonly versionedId: string;
  /** Key Vault key (when custody is `key-vault`); AKS KMS takes only these. */
  readonly vaultKey?: KeyVaultKey;
  /** Grants `principalId` the right to wrap/unwrap with this key (role on the key itself). */
  grantUse(scope: Construct, id: string, principalId: string): TerraformResource;
}

/**
 * Per-app baseline on Azure: a resource group; a Key Vault Premium (RBAC, purge protection, soft
 * delete, no public network access) whose audit log goes to the app's Log Analytics workspace;
 * the app key (RSA-HSM 3072, yearly rotation) in that vault or in the target's Managed HSM; a
 * user-assigned identity services use to reach the key (role on the key), and one the app's
 * workloads run as (reads the vault's secrets).
 */
export class AzureFoundation extends Construct {
  readonly appName: string;
  readonly target: AzureTarget;
  readonly location: string;
  readonly client: DataAzurermClientConfig;
  readonly group: ResourceGroup;
  readonly workspace: LogAnalyticsWorkspace;
  readonly vault: KeyVault;
  readonly key: AzureKeyRef;
  /** Identity storage, PostgreSQL and disk encryption use for the app key. */
  readonly cmkIdentity: UserAssignedIdentity;
  /** Identity the app's workloads run as (VM scale sets, pods through workload identity). */
  readonly workloadIdentity: UserAssignedIdentity;
  /** Role assignment that lets the deployer manage keys, secrets and certificates in the vault. */
  readonly deployerVaultAdmin: RoleAssignment;
  /** Tags on every resource: resolved at synth time, so tags a PortableApp adds later still apply. */
  readonly tags: Record<string, string>;
  /** Resources the deployer creates through the vault's data plane, waiting for its private endpoint. */
  private readonly dataPlaneResources: TerraformResource[] = [];
  private vaultEndpoint?: TerraformResource;
  /** Role assignments that make the app key usable by the CMK identity: encrypted resources wait for them. */
  readonly keyGrants: TerraformResource[] = [];
  private readonly names = new Map<string, string>();
  private des?: DiskEncryptionSet;

  constructor(scope: Construct, ctx: FoundationContext) {
    super(scope, "azure");
    const target = ctx.stack.target as AzureTarget;
    const app = ctx.app.name;
    this.appName = app;
    this.target = target;
    this.location = target.location;
    const tags = Token.asStringMap(Lazy.anyValue({ produce: () => azureTags(ctx.stack.tags) }));
    this.tags = tags;
    this.client = new DataAzurermClientConfig(this, "client");
    this.group = new ResourceGroup(this, "group", { name: resourceGroupName(app, target.name), location: this.location, tags });

    this.workspace = new LogAnalyticsWorkspace(this, "logs", {
      name: `${app}-logs`,
      location: this.location,
      resourceGroupName: this.group.name,
      sku: "PerGB2018",
      retentionInDays: 365,
      localAuthenticationEnabled: false,
      tags,
      lifecycle: { preventDestroy: true },
    });

    this.vault = new KeyVault(this, "vault", {
      name: keyVaultName(target.name, app),
      location: this.location,
      resourceGroupName: this.group.name,
      tenantId: this.client.tenantId,
      // Trusted Azure services (storage, PostgreSQL, disk encryption, AKS KMS) reach the keys; everyone else through the private endpoint.
      ...HARDENED_KEY_VAULT,
      tags,
      lifecycle: { preventDestroy: true },
    });
    this.diagnostics(this, "vault-diagnostics", this.vault.id);
    this.deployerVaultAdmin = new RoleAssignment(this, "deployer-vault-admin", {
      scope: this.vault.id,
      roleDefinitionName: "Key Vault Administrator",
      principalId: this.client.objectId,
      description: "the deploying identity creates and rotates the app's keys and certificates",
    });

    this.cmkIdentity = new UserAssignedIdentity(this, "cmk-identity", { name: `${app}-cmk`, location: this.location, resourceGroupName: this.group.name, tags });
    this.workloadIdentity = new UserAssignedIdentity(this, "workload-identity", { name: `${app}-workload`, location: this.location, resourceGroupName: this.group.name, tags });
    new RoleAssignment(this, "workload-secrets", {
      scope: this.vault.id,
      roleDefinitionName: "Key Vault Secrets User",
      principalId: this.workloadIdentity.principalId,
      principalType: "ServicePrincipal",
      description: "the app's workloads read the secrets their connections name",
    });

    this.key = target.keyCustody === "managed-hsm" ? this.managedHsmKey(app, target, tags) : this.vaultKey(this, "key", "app", true);
    this.keyGrants.push(this.key.grantUse(this, "cmk-key-use", this.cmkIdentity.principalId));
  }

  /**
   * Makes a write to the vault's data plane (a key, a certificate) wait for the vault's private
   * endpoint, the only way in; the network sets that endpoint after the foundation exists.
   */
  overVaultDataPlane(resource: TerraformResource): void {
    if (this.vaultEndpoint) dependOn(resource, this.vaultEndpoint);
    else this.dataPlaneResources.push(resource);
  }

  /** Called by the network once the vault's private endpoint exists. */
  setVaultEndpoint(endpoint: TerraformResource): void {
    this.vaultEndpoint = endpoint;
    for (const r of this.dataPlaneResources.splice(0)) dependOn(r, endpoint);
  }

  /** An RSA-HSM key in the app vault with a yearly rotation policy, made after the deployer may write keys. */
  vaultKey(scope: Construct, id: string, name: string, rotation: boolean): AzureKeyRef {
    const key = new KeyVaultKey(scope, id, {
      name,
      keyVaultId: this.vault.id,
      keyType: "RSA-HSM",
      keySize: 3072,
      keyOpts: ["wrapKey", "unwrapKey", "encrypt", "decrypt", "sign", "verify"],
      rotationPolicy: rotation ? { automatic: { timeAfterCreation: "P365D" }, expireAfter: "P730D", notifyBeforeExpiry: "P30D" } : undefined,
      dependsOn: [this.deployerVaultAdmin],
      lifecycle: { preventDestroy: true },
    });
    this.overVaultDataPlane(key);
    skipCheck(key, "CKV_AZURE_40", "the key's versions expire through its rotation policy (expire_after, rotated a year before); a fixed expiration_date would stop every service that encrypts with it");
    return {
      versionlessId: key.versionlessId,
      versionedId: key.id,
      vaultKey: key,
      grantUse: (s, rid, principalId) =>
        new RoleAssignment(s, rid, {
          scope: key.resourceVersionlessId,
          roleDefinitionName: "Key Vault Crypto Service Encryption User",
          principalId,
          principalType: "ServicePrincipal",
          description: `wrap and unwrap with key ${name} of app ${this.appName}`,
        }),
    };
  }

  private managedHsmKey(app: string, target: AzureTarget, tags: Record<string, string>): AzureKeyRef {
    const hsmId = target.managedHsmId!;
    const key = new KeyVaultManagedHardwareSecurityModuleKey(this, "key", {
      name: managedHsmKeyName(app),
      managedHsmId: hsmId,
      keyType: "RSA-HSM",
      keySize: 3072,
      keyOpts: ["wrapKey", "unwrapKey", "encrypt", "decrypt"],
      tags,
      lifecycle: { preventDestroy: true },
    });
    new KeyVaultManagedHardwareSecurityModuleKeyRotationPolicy(this, "key-rotation", { managedHsmKeyId: key.id, timeAfterCreation: "P365D", expireAfter: "P730D" });
    return {
      versionlessId: key.id,
      versionedId: key.versionedId,
      grantUse: (s, rid, principalId) =>
        new KeyVaultManagedHardwareSecurityModuleRoleAssignment(s, rid, {
          managedHsmId: hsmId,
          name: stableGuid([target.name, app, rid, s.node.path]),
          scope: `/keys/polder-${app}`,
          roleDefinitionId: MHSM_CRYPTO_SERVICE_ENCRYPTION_USER,
          principalId,
        }),
    };
  }

  /**
   * The app's disk encryption set (made on first use): managed disks of VM scale sets and
   * Kubernetes nodes encrypted with the app key, through the CMK identity, following rotation.
   */
  diskEncryptionSet(): DiskEncryptionSet {
    this.des ??= new DiskEncryptionSet(this, "disk-encryption-set", {
      name: `${this.appName}-disks`,
      location: this.location,
      resourceGroupName: this.group.name,
      encryptionType: "EncryptionAtRestWithCustomerKey",
      ...(this.target.keyCustody === "managed-hsm" ? { managedHsmKeyId: this.key.versionlessId } : { keyVaultKeyId: this.key.versionlessId }),
      autoKeyRotationEnabled: true,
      identity: { type: "UserAssigned", identityIds: [this.cmkIdentity.id] },
      tags: this.tags,
      dependsOn: this.keyGrants,
    });
    return this.des;
  }

  /** Sends every log and metric of a resource to the app's workspace. */
  diagnostics(scope: Construct, id: string, targetResourceId: string, opts: { metrics?: boolean; logs?: boolean } = {}): MonitorDiagnosticSetting {
    return new MonitorDiagnosticSetting(scope, id, {
      name: "polder",
      targetResourceId,
      logAnalyticsWorkspaceId: this.workspace.id,
      enabledLog: opts.logs === false ? undefined : [{ categoryGroup: "allLogs" }],
      enabledMetric: opts.metrics === false ? undefined : [{ category: "AllMetrics" }],
    });
  }

  /**
   * Registers a globally unique name an app derives (storage accounts): two components of one app
   * that would share a name are a spec error, reported before anything is written.
   */
  claimName(kind: string, name: string, component: string): void {
    const other = this.names.get(`${kind}:${name}`);
    if (other !== undefined && other !== component)
      throw new SpecValidationError(`app ${this.appName} on ${this.target.description}`, [
        { path: `components.${component}`, message: `its ${kind} name ${JSON.stringify(name)} is the one component '${other}' has: rename one of them` },
      ]);
    this.names.set(`${kind}:${name}`, component);
  }
}

/** Adds a dependency after construction, in the form cdktf writes for `dependsOn` (`<type>.<id>`). */
export function dependOn(resource: TerraformResource, on: TerraformResource): void {
  resource.dependsOn = [...(resource.dependsOn ?? []), `${on.terraformResourceType}.${on.friendlyUniqueId}`];
}
