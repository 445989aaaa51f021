import { Project } from "@cdktf/provider-google/lib/project";
import { ProjectIamAuditConfig } from "@cdktf/provider-google/lib/project-iam-audit-config";
import { ProjectService } from "@cdktf/provider-google/lib/project-service";
import { Construct } from "constructs";
import { PUBLIC_UNIVERSE_DOMAIN, type UniverseProfile } from "../universes";
import type { GcpZoneContext } from "./context";

/** A Google API by its service name (`<api>.googleapis.com`: a name, the same in every universe). */
export function api(name: string): string {
  return `${name}.${PUBLIC_UNIVERSE_DOMAIN}`;
}

/** APIs of the audit project: its log bucket, the bucket's key and the budget notification channels. */
export const AUDIT_APIS = ["logging", "cloudkms", "monitoring"];
/** APIs of the hub's host project: its VPC, router and NAT. */
export const HUB_APIS = ["compute"];

/**
 * APIs of a tenancy project: what Polder's app kinds use and nothing else (networks, VMs and
 * load balancers; GKE; Cloud SQL and its private services access; Cloud KMS; Cloud Storage;
 * Cloud DNS; Secret Manager where the universe has it; logging and monitoring; IAM).
 */
export function tenancyApis(u: UniverseProfile): string[] {
  return ["compute", "container", "sqladmin", "servicenetworking", "cloudkms", "storage", "dns", "logging", "monitoring", "iam", ...(u.secretManager ? ["secretmanager"] : [])];
}

export interface ZoneProjectProps {
  /** What the project is for: `audit`, `hub` or a tenancy name; its id is `<zone>-<purpose>`. */
  readonly purpose: string;
  /** Numeric id of the folder it lives in. */
  readonly folderId: string;
  /** Short API names to enable (`compute`), nothing else. */
  readonly apis: readonly string[];
  readonly labels?: Readonly<Record<string, string>>;
  /**
   * Data Access audit log types for every service of the project, besides the zone folder's.
   * @default ADMIN_READ and DATA_WRITE
   */
  readonly auditLogTypes?: readonly string[];
}

/**
 * A project of the zone: in its folder, charged to the target's billing account, without the
 * default network (networks are the hub's or the app's, never an open default), kept from
 * deletion (`deletion_policy = PREVENT`), with only the APIs it needs enabled and Data Access
 * audit logs for every service.
 */
export class GcpZoneProject extends Construct {
  readonly project: Project;
  /** The project id as referenced (with the universe's prefix). */
  readonly projectId: string;
  /** The plain id, for names. */
  readonly plainId: string;
  private readonly services = new Map<string, ProjectService>();

  constructor(scope: Construct, id: string, ctx: GcpZoneContext, props: ZoneProjectProps) {
    super(scope, id);
    this.plainId = ctx.projectId(props.purpose);
    this.project = new Project(this, "project", {
      name: this.plainId,
      // A universe's project ids carry its prefix (s3ns:<id>), as the target's own project does.
      projectId: ctx.qualified(this.plainId),
      folderId: props.folderId,
      billingAccount: ctx.billingAccount,
      autoCreateNetwork: false,
      deletionPolicy: "PREVENT",
      labels: props.labels ? { ...props.labels } : undefined,
    });
    this.projectId = this.project.projectId;
    // The zone's folder sets the same for every project below it; on the project as well, the
    // record stays with the project, and each project states its own audit configuration.
    new ProjectIamAuditConfig(this, "audit-logs", {
      project: this.project.projectId,
      service: "allServices",
      auditLogConfig: (props.auditLogTypes ?? ["ADMIN_READ", "DATA_WRITE"]).map((logType) => ({ logType })),
    });
    for (const a of props.apis) this.services.set(a, new ProjectService(this, `api-${a}`, { project: this.project.projectId, service: api(a), disableOnDestroy: false, disableDependentServices: false }));
  }

  /** The enabled service of an API, for `dependsOn`. */
  service(name: string): ProjectService {
    const s = this.services.get(name);
    if (!s) throw new Error(`project ${this.plainId}: API ${name} is not enabled`);
    return s;
  }
}
