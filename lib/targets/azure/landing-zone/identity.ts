import type { ManagementGroup } from "@cdktf/provider-azurerm/lib/management-group";
import { RoleAssignment } from "@cdktf/provider-azurerm/lib/role-assignment";
import { Construct } from "constructs";
import type { ResolvedLandingZoneSpec } from "../../../landing-zone/spec";
import type { AzureLandingZoneIds } from "./ids";

/** Built-in role of the admin groups on their unit and of the break-glass accounts on the zone. */
export const ADMIN_ROLE = "Owner";

/**
 * Who administers what: each unit's admin group is Owner of the unit's management group (held by
 * every group and subscription below it); the two break-glass accounts are Owner of the zone's
 * root group. Principals are named by their Entra ID object ids, from the target: the accounts
 * themselves (cloud-only, outside single sign-on) are made in Entra ID, not here.
 */
export class AzureZoneIdentity extends Construct {
  readonly assignments: RoleAssignment[] = [];

  constructor(scope: Construct, spec: ResolvedLandingZoneSpec, ids: AzureLandingZoneIds, root: ManagementGroup, units: ReadonlyMap<string, ManagementGroup>) {
    super(scope, "identity");
    for (const [unit, group] of Object.entries(spec.identity.adminGroups))
      this.assignments.push(
        new RoleAssignment(this, `admin-${unit}`, {
          scope: units.get(unit)!.id,
          roleDefinitionName: ADMIN_ROLE,
          principalId: ids.principals[group],
          principalType: "Group",
          description: `${group} administers unit ${unit} of landing zone ${spec.name} and everything below it`,
        }),
      );
    for (const bg of spec.identity.breakGlass)
      this.assignments.push(
        new RoleAssignment(this, `break-glass-${bg.name}`, {
          scope: root.id,
          roleDefinitionName: ADMIN_ROLE,
          principalId: ids.principals[bg.name],
          principalType: "User",
          description: `break-glass account ${bg.name} of landing zone ${spec.name} (contact ${bg.contact})`,
        }),
      );
  }
}
