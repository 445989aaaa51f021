import { ManagementGroup } from "@cdktf/provider-azurerm/lib/management-group";
import { ManagementGroupPolicyAssignment } from "@cdktf/provider-azurerm/lib/management-group-policy-assignment";
import { Construct } from "constructs";
import type { ResolvedLandingZoneSpec } from "../../../landing-zone/spec";
import type { PlannedAssignment } from "./policies";

/**
 * The management group tree: one group for the zone under the tenant root group, one per unit
 * below it (children under their parent), and the planned policy assignments on them. Policies
 * and role assignments on a group hold for every group and subscription below it.
 */
export class AzureManagementGroups extends Construct {
  readonly root: ManagementGroup;
  readonly units = new Map<string, ManagementGroup>();
  readonly assignments: ManagementGroupPolicyAssignment[] = [];

  constructor(scope: Construct, spec: ResolvedLandingZoneSpec, location: string, planned: readonly PlannedAssignment[]) {
    super(scope, "management-groups");
    // Management group ids are unique in the tenant: the zone's name and `<zone>-<unit>`.
    this.root = new ManagementGroup(this, "root", { name: spec.name, displayName: `${spec.name} landing zone (${spec.owner})` });
    for (const unit of spec.units)
      this.units.set(
        unit.name,
        new ManagementGroup(this, `unit-${unit.name}`, {
          name: `${spec.name}-${unit.name}`,
          displayName: `${spec.name} ${unit.name} (${unit.kind}${unit.classification ? `, up to ${unit.classification}` : ""})`,
          parentManagementGroupId: (unit.parent ? this.units.get(unit.parent)! : this.root).id,
        }),
      );
    for (const p of planned) {
      const group = p.unit ? this.units.get(p.unit)! : this.root;
      this.assignments.push(
        new ManagementGroupPolicyAssignment(this, `policy-${p.unit ?? "root"}-${p.name}`, {
          name: p.name,
          displayName: p.displayName,
          managementGroupId: group.id,
          policyDefinitionId: p.policyDefinitionId,
          parameters: JSON.stringify(p.parameters),
          enforce: p.enforce,
          // Modify and DeployIfNotExists effects need the assignment's own identity (and a location for it).
          ...(p.identity ? { identity: { type: "SystemAssigned" }, location } : {}),
          nonComplianceMessage: [{ content: `landing zone ${spec.name}: ${p.displayName}` }],
        }),
      );
    }
  }
}
