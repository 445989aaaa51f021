import { PostgresqlFlexibleServer } from "@cdktf/provider-azurerm/lib/postgresql-flexible-server";
import { PostgresqlFlexibleServerActiveDirectoryAdministrator } from "@cdktf/provider-azurerm/lib/postgresql-flexible-server-active-directory-administrator";
import { PostgresqlFlexibleServerConfiguration } from "@cdktf/provider-azurerm/lib/postgresql-flexible-server-configuration";
import { PostgresqlFlexibleServerDatabase } from "@cdktf/provider-azurerm/lib/postgresql-flexible-server-database";
import { PrivateDnsZone } from "@cdktf/provider-azurerm/lib/private-dns-zone";
import { PrivateDnsZoneVirtualNetworkLink } from "@cdktf/provider-azurerm/lib/private-dns-zone-virtual-network-link";
import type { Construct } from "constructs";
import { skipCheck } from "../../../core/checks";
import { SpecValidationError } from "../../../core/errors";
import type { RealizeContext, RealizedComponent } from "../../../core/realizer";
import type { ResolvedPostgres } from "../../../kinds";
import type { AzureFoundation } from "../foundation";
import { globalName } from "../naming";
import type { AzureNetwork } from "../network";
import { AZURE_SIZES, postgresStorageMb } from "../sizes";

/** Server parameters: TLS 1.2+ only, connection logging. */
const PARAMETERS: Record<string, string> = {
  require_secure_transport: "on",
  ssl_min_protocol_version: "TLSv1.2",
  log_connections: "on",
  log_disconnections: "on",
  log_checkpoints: "on",
};

/**
 * PostgreSQL flexible server in the app's delegated subnet, resolved through its own private DNS
 * zone, no public access, storage encrypted with the app key (through the CMK identity), zone-
 * redundant standby with `highAvailability`, backups, TLS required, and no password anywhere:
 * password authentication is off and the Entra ID administrator is the app's workload identity,
 * which the connection output names instead of a secret.
 */
export function azurePostgres(scope: Construct, props: ResolvedPostgres, ctx: RealizeContext<AzureFoundation, AzureNetwork>): RealizedComponent {
  const f = ctx.foundation;
  const net = ctx.network;
  const rg = f.group.name;
  const name = globalName(ctx.target.name, ctx.app.name, props.name);
  const overrides = props.overrides.azure ?? {};
  if (f.target.keyCustody === "managed-hsm")
    throw new SpecValidationError(`app ${ctx.app.name} on ${ctx.target.description}`, [
      { path: `components.${props.name}`, message: `postgres encrypts with a Key Vault key, and keyCustody "managed-hsm" keeps the app key in a Managed HSM, which azurerm's PostgreSQL flexible server does not take (hashicorp/terraform-provider-azurerm#26338): use keyCustody "key-vault" for this app` },
    ]);

  const zone = new PrivateDnsZone(scope, "dns-zone", { name: `${name}.private.postgres.database.azure.com`, resourceGroupName: rg, tags: f.tags });
  const link = new PrivateDnsZoneVirtualNetworkLink(scope, "dns-link", { name: `${ctx.app.name}-vnet`, resourceGroupName: rg, privateDnsZoneName: zone.name, virtualNetworkId: net.vnet.id, registrationEnabled: false, tags: f.tags });
  [net.cidr, ...net.allowedIngressCidrs].forEach((cidr, i) =>
    net.rule("data", `${props.name}-postgres-${i}`, { direction: "Inbound", protocol: "Tcp", ports: "5432", from: [cidr], to: [net.cidrs.data], description: `PostgreSQL ${props.name} from the app network` }, { scope }),
  );

  net.rule("workload", `${props.name}-postgres-out`, { direction: "Outbound", protocol: "Tcp", ports: "5432", from: [net.cidrs.workload], to: [net.cidrs.data], description: `workloads to PostgreSQL ${props.name}` }, { scope });

  const server = new PostgresqlFlexibleServer(scope, "server", {
    name,
    location: f.location,
    resourceGroupName: rg,
    version: props.version,
    skuName: (overrides.skuName as string | undefined) ?? AZURE_SIZES[props.size].postgresSku,
    storageMb: postgresStorageMb(props.storageGb),
    autoGrowEnabled: true,
    backupRetentionDays: props.backupRetentionDays,
    geoRedundantBackupEnabled: false,
    delegatedSubnetId: net.subnets.data.id,
    privateDnsZoneId: zone.id,
    publicNetworkAccessEnabled: false,
    zone: "1",
    highAvailability: props.highAvailability ? { mode: "ZoneRedundant", standbyAvailabilityZone: "2" } : undefined,
    authentication: { activeDirectoryAuthEnabled: true, passwordAuthEnabled: false, tenantId: f.client.tenantId },
    identity: { type: "UserAssigned", identityIds: [f.cmkIdentity.id] },
    customerManagedKey: { keyVaultKeyId: f.key.versionlessId, primaryUserAssignedIdentityId: f.cmkIdentity.id },
    tags: f.tags,
    dependsOn: [link, ...f.keyGrants],
    lifecycle: props.deletionProtection ? { preventDestroy: true } : undefined,
  });
  skipCheck(server, "CKV_AZURE_136", "geo-redundant backups copy data to the paired region, a residency decision the kind does not take (several EU regions have no pair); zone-redundant storage and the standby cover zone loss");
  skipCheck(server, "CKV2_AZURE_57", "the server is VNet-integrated (delegated subnet, private DNS zone, no public access): Azure offers private endpoints only to servers with public access networking, never both");
  for (const [param, value] of Object.entries(PARAMETERS))
    new PostgresqlFlexibleServerConfiguration(scope, `parameter-${param.replace(/[._]/g, "-")}`, { serverId: server.id, name: param, value });
  const admin = new PostgresqlFlexibleServerActiveDirectoryAdministrator(scope, "entra-admin", {
    serverName: server.name,
    resourceGroupName: rg,
    tenantId: f.client.tenantId,
    objectId: f.workloadIdentity.principalId,
    principalName: f.workloadIdentity.name,
    principalType: "ServicePrincipal",
  });
  new PostgresqlFlexibleServerDatabase(scope, "database", {
    name: props.databaseName,
    serverId: server.id,
    charset: "UTF8",
    collation: "en_US.utf8",
    lifecycle: props.deletionProtection ? { preventDestroy: true } : undefined,
  });
  f.diagnostics(scope, "diagnostics", server.id);
  return {
    kind: "postgres",
    strategy: ctx.strategy,
    connection: {
      host: server.fqdn,
      port: "5432",
      name: props.databaseName,
      // No password exists: clients log in as this Entra ID identity with a token.
      secretRef: f.workloadIdentity.id,
      url: `postgres://${admin.principalName}@${server.fqdn}:5432/${props.databaseName}?sslmode=require`,
    },
    handle: server,
  };
}
