import type { ManagementGroup } from "@cdktf/provider-azurerm/lib/management-group";
import type { LogAnalyticsWorkspace } from "@cdktf/provider-azurerm/lib/log-analytics-workspace";
import type { ResourceGroup } from "@cdktf/provider-azurerm/lib/resource-group";
import { RoleAssignment } from "@cdktf/provider-azurerm/lib/role-assignment";
import { RoleDefinition } from "@cdktf/provider-azurerm/lib/role-definition";
import type { VirtualNetwork } from "@cdktf/provider-azurerm/lib/virtual-network";
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

/** What peering a VNet with the hub takes on the hub's side, and nothing more. */
export const HUB_PEERING_ACTIONS = [
  "Microsoft.Network/virtualNetworks/read",
  "Microsoft.Network/virtualNetworks/peer/action",
  "Microsoft.Network/virtualNetworks/virtualNetworkPeerings/read",
  "Microsoft.Network/virtualNetworks/virtualNetworkPeerings/write",
  "Microsoft.Network/virtualNetworks/virtualNetworkPeerings/delete",
] as const;

/**
 * The rights the identities that deploy apps into tenancies need on the zone (the target's
 * `landingZones.<zone>.appDeployers`): peer their VNets with the hub (a custom role on the hub
 * VNet with the peering actions only) and send logs to the zone's workspace.
 */
export class AzureAppDeployerAccess extends Construct {
  constructor(scope: Construct, spec: ResolvedLandingZoneSpec, ids: AzureLandingZoneIds, hub: { group: ResourceGroup; vnet: VirtualNetwork }, workspace: LogAnalyticsWorkspace) {
    super(scope, "app-deployers");
    const deployers = Object.entries(ids.appDeployers ?? {});
    if (!deployers.length) return;
    const peering = new RoleDefinition(this, "hub-peering-role", {
      name: `${spec.name} hub peering`,
      scope: hub.group.id,
      description: `peer a tenancy's VNet with the hub of landing zone ${spec.name}; nothing else`,
      permissions: [{ actions: [...HUB_PEERING_ACTIONS] }],
      assignableScopes: [hub.vnet.id],
    });
    for (const [tenancy, principalId] of deployers) {
      new RoleAssignment(this, `${tenancy}-hub-peering`, {
        scope: hub.vnet.id,
        roleDefinitionId: peering.roleDefinitionResourceId,
        principalId,
        description: `apps of tenancy ${tenancy} peer their VNet with the hub`,
      });
      new RoleAssignment(this, `${tenancy}-workspace`, {
        scope: workspace.id,
        roleDefinitionName: "Log Analytics Contributor",
        principalId,
        description: `apps of tenancy ${tenancy} send flow-log analytics and diagnostics to the zone's workspace`,
      });
    }
  }
}
