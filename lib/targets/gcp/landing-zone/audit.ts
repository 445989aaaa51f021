import { DataGoogleLoggingProjectCmekSettings } from "@cdktf/provider-google/lib/data-google-logging-project-cmek-settings";
import { FolderIamAuditConfig } from "@cdktf/provider-google/lib/folder-iam-audit-config";
import type { KmsCryptoKey } from "@cdktf/provider-google/lib/kms-crypto-key";
import { KmsCryptoKeyIamMember } from "@cdktf/provider-google/lib/kms-crypto-key-iam-member";
import { KmsKeyRing } from "@cdktf/provider-google/lib/kms-key-ring";
import { LoggingFolderSink } from "@cdktf/provider-google/lib/logging-folder-sink";
import { LoggingProjectBucketConfig } from "@cdktf/provider-google/lib/logging-project-bucket-config";
import { ProjectIamMember } from "@cdktf/provider-google/lib/project-iam-member";
import { Construct } from "constructs";
import { appKey, ENCRYPTER_DECRYPTER } from "../foundation";
import type { GcpZoneContext } from "./context";
import type { GcpZoneHierarchy } from "./hierarchy";
import { api, AUDIT_APIS, GcpZoneProject } from "./projects";

/**
 * What the zone's sink collects from every project below the zone's folder: the audit logs (Admin
 * Activity, Data Access, System Event, Policy Denied; their log names contain `cloudaudit.` in
 * every universe) and the VPC flow logs of the app networks.
 */
export const AUDIT_SINK_FILTER = `logName:"/logs/cloudaudit." OR logName:"/logs/${api("compute")}%2Fvpc_flows"`;

/** Data Access audit logs zone-wide; DATA_READ (every read) only in units with data-protection. */
export const ZONE_AUDIT_LOG_TYPES = ["ADMIN_READ", "DATA_WRITE"] as const;

/**
 * The zone's audit trail: a dedicated audit project with a Cloud Logging bucket in the home
 * region, encrypted with the zone's Cloud KMS key (the Logging service account of the project may
 * use it) and, unless the spec says otherwise, locked with the spec's retention (a locked bucket's
 * retention cannot be lowered and the bucket cannot be deleted before its records expire). An
 * aggregated sink on the zone's folder routes every project's audit and flow logs into it;
 * Data Access audit logs are switched on for every service of the zone.
 */
export class GcpZoneAudit extends Construct {
  readonly project: GcpZoneProject;
  readonly key: KmsCryptoKey;
  readonly bucket: LoggingProjectBucketConfig;
  readonly sink: LoggingFolderSink;
  /** The sink destination: the logging API's service name (`api("logging")`), then `/projects/<p>/locations/<region>/buckets/<id>`. */
  readonly destination: string;

  constructor(scope: Construct, ctx: GcpZoneContext, tree: GcpZoneHierarchy, home: string | undefined) {
    super(scope, "audit");
    const { spec } = ctx;
    this.project = new GcpZoneProject(this, "project", ctx, { purpose: "audit", folderId: home ? tree.units.get(home)!.folderId : tree.zone.folderId, apis: AUDIT_APIS });
    const projectId = this.project.projectId;
    const keyRing = new KmsKeyRing(this, "key-ring", { name: `${spec.name}-audit`, location: ctx.region, project: projectId, lifecycle: { preventDestroy: true }, dependsOn: [this.project.service("cloudkms")] });
    this.key = appKey(this, "key", { keyRing: keyRing.id, name: "audit", target: ctx.target, rotation: true, setupOutput: "audit_key_setup" });
    // The Logging service account of the audit project, as the logging API reports it; read once the project and its API exist.
    const settings = new DataGoogleLoggingProjectCmekSettings(this, "logging-settings", { project: projectId, dependsOn: [this.project.service("logging")] });
    const grant = new KmsCryptoKeyIamMember(this, "logging-key-use", { cryptoKeyId: this.key.id, role: ENCRYPTER_DECRYPTER, member: `serviceAccount:${settings.serviceAccountId}` });
    this.bucket = new LoggingProjectBucketConfig(this, "bucket", {
      project: projectId,
      bucketId: "audit",
      location: ctx.region,
      retentionDays: spec.audit.retentionDays,
      locked: spec.audit.immutable,
      description: `landing zone ${spec.name}: audit and flow logs of every project, ${spec.audit.retentionDays} days${spec.audit.immutable ? ", locked" : ""}`,
      cmekSettings: { kmsKeyName: this.key.id },
      lifecycle: { preventDestroy: true },
      dependsOn: [grant],
    });
    this.destination = `${api("logging")}/projects/${projectId}/locations/${ctx.region}/buckets/${this.bucket.bucketId}`;
    this.sink = new LoggingFolderSink(this, "sink", {
      name: `${spec.name}-audit`,
      folder: tree.zone.folderId,
      includeChildren: true,
      destination: this.destination,
      filter: AUDIT_SINK_FILTER,
      description: `every project of landing zone ${spec.name}: audit and VPC flow logs`,
    });
    new ProjectIamMember(this, "sink-writer", { project: projectId, role: "roles/logging.bucketWriter", member: this.sink.writerIdentity });

    new FolderIamAuditConfig(this, "data-access", { folder: tree.zone.name, service: "allServices", auditLogConfig: ZONE_AUDIT_LOG_TYPES.map((logType) => ({ logType })) });
    for (const unit of spec.units.filter((u) => u.tiers.includes("data-protection") && !(u.parent && spec.units.find((p) => p.name === u.parent)?.tiers.includes("data-protection"))))
      new FolderIamAuditConfig(this, `data-read-${unit.name}`, { folder: tree.folder(unit.name), service: "allServices", auditLogConfig: [{ logType: "DATA_READ" }] });
  }
}
