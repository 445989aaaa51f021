import { AssuredWorkloadsWorkload } from "@cdktf/provider-google/lib/assured-workloads-workload";
import { Folder } from "@cdktf/provider-google/lib/folder";
import { Construct } from "constructs";
import type { ResolvedLandingZoneSpec } from "../../../landing-zone/spec";
import type { ResolvedUnit } from "../../../landing-zone/units";
import type { GcpZoneContext } from "./context";

/**
 * Assured Workloads regime for units with the data-protection tier: data at rest in EU regions
 * and support by EU personnel (`EU_REGIONS_AND_SUPPORT`, Google's EU regime without a partner).
 */
export const ASSURED_WORKLOADS_REGIME = "EU_REGIONS_AND_SUPPORT";

/**
 * Units that get an Assured Workloads folder, pure: units with the data-protection tier that
 * hold tenancies, in the public universe only (a partner universe is itself the sovereign regime
 * and has no Assured Workloads).
 */
export function assuredUnits(spec: ResolvedLandingZoneSpec, publicUniverse: boolean): ResolvedUnit[] {
  if (!publicUniverse) return [];
  return spec.units.filter((u) => u.tiers.includes("data-protection") && spec.tenancies.some((t) => t.unit === u.name));
}

/**
 * The zone's folder under the organization and a folder per unit below it, mirroring the tree:
 * every policy and role of the zone attaches to one of them and is inherited downwards. A unit
 * with the data-protection tier and tenancies also gets an Assured Workloads folder (EU regions
 * and support) inside its own, where its tenancy projects live.
 */
export class GcpZoneHierarchy extends Construct {
  readonly zone: Folder;
  readonly units = new Map<string, Folder>();
  readonly assured = new Map<string, AssuredWorkloadsWorkload>();

  constructor(scope: Construct, ctx: GcpZoneContext) {
    super(scope, "hierarchy");
    const { spec } = ctx;
    this.zone = new Folder(this, "zone", {
      displayName: `${spec.name}`,
      parent: `organizations/${ctx.org.organizationId}`,
      deletionProtection: true,
    });
    for (const unit of spec.units) {
      const parent = unit.parent ? this.units.get(unit.parent)! : this.zone;
      this.units.set(unit.name, new Folder(this, `unit-${unit.name}`, { displayName: `${spec.name}-${unit.name}`, parent: parent.name, deletionProtection: true }));
    }
    for (const unit of assuredUnits(spec, ctx.publicUniverse)) {
      this.assured.set(
        unit.name,
        new AssuredWorkloadsWorkload(this, `assured-${unit.name}`, {
          organization: ctx.org.organizationId,
          location: ctx.region,
          complianceRegime: ASSURED_WORKLOADS_REGIME,
          displayName: `${spec.name}-${unit.name}-eu`.slice(0, 30),
          billingAccount: `billingAccounts/${ctx.billingAccount}`,
          provisionedResourcesParent: this.units.get(unit.name)!.name,
          resourceSettings: [{ resourceType: "CONSUMER_FOLDER", displayName: `${spec.name}-${unit.name}-eu` }],
          violationNotificationsEnabled: true,
          lifecycle: { preventDestroy: true },
        }),
      );
    }
  }

  /** `folders/<id>` of a unit. */
  folder(unit: string): string {
    return this.units.get(unit)!.name;
  }

  /**
   * Numeric id of the folder a tenancy project of `unit` goes in: the Assured Workloads folder
   * where the unit has one, else the unit's own.
   */
  projectFolderId(unit: string): string {
    const workload = this.assured.get(unit);
    if (!workload) return this.units.get(unit)!.folderId;
    // The workload's resources list its folder among other kinds; pick it by type (Terraform for expression).
    return `\${[for r in ${AssuredWorkloadsWorkload.tfResourceType}.${workload.friendlyUniqueId}.resources : r.resource_id if r.resource_type == "CONSUMER_FOLDER"][0]}`;
  }
}
