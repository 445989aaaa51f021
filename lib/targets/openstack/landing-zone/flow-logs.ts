// Flow logs of an app placed in a sovereign landing zone. Neutron's packet logging (the `log`
// service plugin, SCS-optional) is the only flow record OpenStack has, and the OpenStack provider
// has no resource for it: the app's stack hands out the command that creates it, and where the
// records go is the operator's shipping (the zone's `audit_shipping`).

export interface FlowLogPlan {
  /** Name of the Neutron log object: `polder-<app>-flows`. */
  readonly name: string;
  /** The app's security group every instance carries (a token). */
  readonly securityGroupId: string;
  /** The zone's central destination (a token read from the zone's state). */
  readonly destination: string;
}

/** The commands, run once in the tenancy's project, that switch on packet logging for the app. */
export function flowLogCommands(p: FlowLogPlan): string[] {
  return [
    "openstack extension show logging   # the cloud must have Neutron's log service plugin; ask the operator if this fails",
    `openstack network log create --resource-type security_group --resource ${p.securityGroupId} --event ALL --enable ${p.name}`,
  ];
}
