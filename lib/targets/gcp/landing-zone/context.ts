import { DataGoogleOrganization } from "@cdktf/provider-google/lib/data-google-organization";
import type { Construct } from "constructs";
import { PolderError } from "../../../core/errors";
import type { TargetStack } from "../../../core/target-stack";
import type { ResolvedLandingZoneSpec } from "../../../landing-zone/spec";
import { gcpName } from "../naming";
import type { GcpOrganization, GcpTarget } from "../target";
import { PUBLIC_UNIVERSE } from "../universes";

/** Cloud Logging keeps a log bucket's records 1 to 3650 days. */
export const LOG_BUCKET_MAX_RETENTION_DAYS = 3650;

/** Purposes of the zone's own projects (`<zone>-audit`, `<zone>-hub`): no tenancy may take their ids. */
export const PLATFORM_PROJECTS = ["audit", "hub"] as const;

/** A Google project id: 6 to 30 characters, a letter first, no hyphen last. */
const PROJECT_ID = /^[a-z][a-z0-9-]{4,28}[a-z0-9]$/;

/**
 * What every part of the Google landing zone shares: the organization, billing account and
 * identity domain the target names, the universe, and the zone's naming of projects and
 * identities. Refuses a target that lacks the organization, and a spec Google cannot hold.
 */
export class GcpZoneContext {
  readonly org: GcpOrganization;
  readonly organization: DataGoogleOrganization;

  constructor(
    scope: Construct,
    readonly spec: ResolvedLandingZoneSpec,
    readonly stack: TargetStack,
    readonly target: GcpTarget,
  ) {
    if (!target.organization)
      throw new PolderError(
        `landing zone '${spec.name}' on target '${target.name}': set ${target.organizationMissing.join(", ")} on the target (targets.gcp({ organizationId, billingAccount, groupDomain })): the zone's folders, projects and group bindings need them`,
      );
    if (spec.audit.retentionDays > LOG_BUCKET_MAX_RETENTION_DAYS)
      throw new PolderError(`landing zone '${spec.name}': audit.retentionDays ${spec.audit.retentionDays} is more than Cloud Logging keeps (at most ${LOG_BUCKET_MAX_RETENTION_DAYS} days on ${target.description}): lower it`);
    const taken = spec.tenancies.filter((t) => (PLATFORM_PROJECTS as readonly string[]).includes(t.name));
    if (taken.length)
      throw new PolderError(`landing zone '${spec.name}' on target '${target.name}': tenancies.${taken[0].name}: its project id '${spec.name}-${taken[0].name}' is the zone's own ${taken[0].name} project on Google Cloud: rename the tenancy (${PLATFORM_PROJECTS.join(" and ")} are taken)`);
    this.org = target.organization;
    this.organization = new DataGoogleOrganization(scope, "organization", { organization: `organizations/${this.org.organizationId}` });
  }

  get region(): string {
    return this.target.region;
  }

  /** True in the public universe, false in a partner universe such as S3NS. */
  get publicUniverse(): boolean {
    return this.target.universe === PUBLIC_UNIVERSE;
  }

  /**
   * The id of a project the zone makes: `<zone>-<purpose>`, at most 30 characters (a cut id keeps
   * a stable hash), with the universe's prefix where the universe has one.
   */
  projectId(purpose: string): string {
    const id = gcpName([this.spec.name, purpose], 30);
    if (!PROJECT_ID.test(id)) throw new PolderError(`landing zone '${this.spec.name}': project id '${id}' (for ${purpose}) is not a Google project id: 6 to 30 lower-case letters, digits and hyphens; use a longer zone or tenancy name`);
    return id;
  }

  /** The project id as the provider and other resources reference it (with the universe's prefix). */
  qualified(id: string): string {
    return this.target.universe.projectPrefix ? `${this.target.universe.projectPrefix}:${id}` : id;
  }

  /** `group:<name>@<domain>` for an admin group of the spec; the name must be a valid address. */
  group(unit: string, name: string): string {
    const local = name.toLowerCase();
    if (!/^[a-z0-9][a-z0-9._-]{0,63}$/.test(local))
      throw new PolderError(`identity.adminGroups.${unit}: "${name}" cannot be a Google group address (${local}@${this.org.groupDomain}): use letters, digits, '.', '_' and '-' only, no spaces`);
    return `group:${local}@${this.org.groupDomain}`;
  }

  /** `user:<name>@<domain>` for a break-glass identity. */
  breakGlassUser(name: string): string {
    return `user:${name}@${this.org.groupDomain}`;
  }

  get billingAccount(): string {
    return this.org.billingAccount;
  }
}
