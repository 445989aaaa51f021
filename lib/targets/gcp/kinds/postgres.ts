import { ComputeAddress } from "@cdktf/provider-google/lib/compute-address";
import { ComputeForwardingRule } from "@cdktf/provider-google/lib/compute-forwarding-rule";
import { ProjectIamMember } from "@cdktf/provider-google/lib/project-iam-member";
import { SqlDatabase } from "@cdktf/provider-google/lib/sql-database";
import { SqlDatabaseInstance } from "@cdktf/provider-google/lib/sql-database-instance";
import { SqlUser } from "@cdktf/provider-google/lib/sql-user";
import type { Construct } from "constructs";
import { Fn } from "../../../core/cdktf";
import { skipCheck } from "../../../core/checks";
import { SpecValidationError } from "../../../core/errors";
import type { RealizeContext, RealizedComponent } from "../../../core/realizer";
import { noteStrategy } from "../../../core/strategy-note";
import type { ResolvedPostgres } from "../../../kinds";
import type { GcpFoundation } from "../foundation";
import { componentName, sqlEndpointName } from "../naming";
import type { GcpNetwork } from "../network";
import { gcpSize } from "../sizes";
import { universeName } from "../universes";

/** Settings every instance gets: TLS-only clients, IAM authentication, audit and connection logging. */
export const POSTGRES_FLAGS: readonly { name: string; value: string }[] = [
  { name: "cloudsql.iam_authentication", value: "on" },
  { name: "cloudsql.enable_pgaudit", value: "on" },
  { name: "pgaudit.log", value: "ddl,role" },
  { name: "log_checkpoints", value: "on" },
  { name: "log_connections", value: "on" },
  { name: "log_disconnections", value: "on" },
  { name: "log_lock_waits", value: "on" },
  { name: "log_hostname", value: "on" },
  { name: "log_min_messages", value: "error" },
  { name: "log_min_error_statement", value: "error" },
  { name: "log_temp_files", value: "0" },
  { name: "log_min_duration_statement", value: "-1" },
  { name: "log_statement", value: "ddl" },
  { name: "log_duration", value: "on" },
];

/**
 * Cloud SQL for PostgreSQL with a private IP only (private services access, or Private Service
 * Connect in a universe without it), encrypted with the app key (Cloud SQL's agent may use it),
 * TLS-only connections, backups with point-in-time recovery, deletion protection, regional HA on
 * `highAvailability`. No password in Terraform: the app's workload service account signs in with
 * IAM database authentication; the built-in `postgres` user gets no password.
 */
export function gcpPostgres(scope: Construct, props: ResolvedPostgres, ctx: RealizeContext<GcpFoundation, GcpNetwork>): RealizedComponent {
  const f = ctx.foundation;
  const u = f.universe;
  const net = ctx.network;
  const id = componentName(ctx.app.name, props.name);
  const tier = (props.overrides.gcp?.tier as string | undefined) ?? gcpSize(u, props.size).sqlTier;
  const enterprisePlus = u.cloudSqlEdition === "ENTERPRISE_PLUS";
  if (enterprisePlus && !tier.startsWith("db-perf-optimized-"))
    throw new SpecValidationError(`app '${ctx.app.name}' on ${ctx.target.description}`, [
      { path: `components.${props.name}.overrides.gcp.tier`, message: `${JSON.stringify(tier)} is not offered: ${universeName(u)} has Cloud SQL Enterprise Plus only, tiers db-perf-optimized-C-*` },
    ]);
  const psa = u.cloudSqlPrivateServicesAccess;

  const grant = f.grantServiceAgent("gcp-sa-cloud-sql");
  const instance = new SqlDatabaseInstance(scope, "instance", {
    name: id,
    databaseVersion: `POSTGRES_${props.version}`,
    region: ctx.target.region,
    encryptionKeyName: f.key.id,
    deletionProtection: props.deletionProtection,
    settings: {
      tier,
      edition: u.cloudSqlEdition,
      availabilityType: props.highAvailability ? "REGIONAL" : "ZONAL",
      diskSize: props.storageGb,
      diskType: u.diskType === "hyperdisk-balanced" ? "HYPERDISK_BALANCED" : "PD_SSD",
      diskAutoresize: true,
      deletionProtectionEnabled: props.deletionProtection,
      backupConfiguration: {
        enabled: true,
        pointInTimeRecoveryEnabled: true,
        startTime: "02:00",
        transactionLogRetentionDays: Math.min(7, props.backupRetentionDays),
        backupRetentionSettings: { retainedBackups: props.backupRetentionDays, retentionUnit: "COUNT" },
      },
      ipConfiguration: psa
        ? { ipv4Enabled: false, privateNetwork: net.network.id, sslMode: "ENCRYPTED_ONLY" }
        : { ipv4Enabled: false, sslMode: "ENCRYPTED_ONLY", pscConfig: [{ pscEnabled: true, allowedConsumerProjects: [f.project.number] }] },
      databaseFlags: [...POSTGRES_FLAGS],
      insightsConfig: psa ? { queryInsightsEnabled: true, recordClientAddress: false, recordApplicationTags: false } : undefined,
      maintenanceWindow: { day: 7, hour: 3, updateTrack: "stable" },
    },
    lifecycle: props.deletionProtection ? { preventDestroy: true } : undefined,
    dependsOn: psa ? [grant, net.privateServices()] : [grant],
  });

  skipCheck(instance, "CKV_GCP_6", "ssl_mode ENCRYPTED_ONLY: every connection is TLS; clients are identified by IAM database authentication tokens (and the Cloud SQL connectors add mutual TLS), not by client certificates, which would be a second credential to hand out");
  skipCheck(instance, "CKV_GCP_79", `version ${props.version} from the spec of component '${props.name}': the postgres kind offers 15 to 17 on every target; POSTGRES_18 is not one of them yet`);

  let host = instance.privateIpAddress;
  if (!psa) {
    // Private Service Connect: an address in the workload subnet forwarding to the instance.
    const address = new ComputeAddress(scope, "endpoint-address", { name: sqlEndpointName(ctx.app.name, props.name), region: ctx.target.region, subnetwork: net.subnet.id, addressType: "INTERNAL" });
    new ComputeForwardingRule(scope, "endpoint", { name: sqlEndpointName(ctx.app.name, props.name), region: ctx.target.region, network: net.network.id, ipAddress: address.id, loadBalancingScheme: "", target: instance.pscServiceAttachmentLink });
    host = address.address;
    noteStrategy(instance, `postgres as managed: Cloud SQL reached through Private Service Connect (fallback: private services access is not offered in ${universeName(u)})`);
  }
  new SqlDatabase(scope, "database", { name: props.databaseName, instance: instance.name, deletionPolicy: "ABANDON" });
  // IAM database authentication: the workloads' service account is the database user.
  new SqlUser(scope, "workloads-user", { instance: instance.name, name: Fn.trimsuffix(f.workloads.email, ".gserviceaccount.com"), type: "CLOUD_IAM_SERVICE_ACCOUNT" });
  for (const role of ["roles/cloudsql.client", "roles/cloudsql.instanceUser"])
    new ProjectIamMember(scope, `workloads-${role.split(".").pop()}`, { project: ctx.foundation.projectId, role, member: `serviceAccount:${f.workloads.email}` });
  return {
    kind: "postgres",
    strategy: ctx.strategy,
    connection: {
      host,
      port: "5432",
      name: props.databaseName,
      // No password: the workloads' service account signs in with an IAM token; this names it.
      secretRef: f.workloads.id,
      url: `postgres://${host}:5432/${props.databaseName}?sslmode=require`,
    },
    handle: instance,
  };
}
