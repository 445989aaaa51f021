import { NetworkingNetworkV2 } from "../../../providers/openstack/lib/networking-network-v2";
import { NetworkingRouterInterfaceV2 } from "../../../providers/openstack/lib/networking-router-interface-v2";
import { NetworkingRouterV2 } from "../../../providers/openstack/lib/networking-router-v2";
import { NetworkingSecgroupRuleV2 } from "../../../providers/openstack/lib/networking-secgroup-rule-v2";
import { NetworkingSecgroupV2 } from "../../../providers/openstack/lib/networking-secgroup-v2";
import { NetworkingSubnetV2 } from "../../../providers/openstack/lib/networking-subnet-v2";
import type { Construct } from "constructs";
import { noteStrategy } from "../../core/strategy-note";
import type { NetworkContext } from "../../core/realizer";
import type { ResolvedNetwork } from "../../kinds/network";
import type { SovereignFoundation } from "./foundation";
import { osTags } from "./tags";

export interface SovereignNetwork {
  readonly networkId: string;
  readonly cidr: string;
  /** Workloads and data, one per zone of the plan. */
  readonly privateSubnetIds: readonly string[];
  /** Load balancer VIPs only, one per zone of the plan. Nothing here gets a floating IP unless a public endpoint asks. */
  readonly publicSubnetIds: readonly string[];
  /** Every instance of the app carries it: ingress only from the same group (SCS default rules). */
  readonly appSecurityGroupId: string;
  /** Ranges besides the network allowed to reach workloads. */
  readonly allowedIngressCidrs: readonly string[];
}

/**
 * A Neutron network with the plan's private and load-balancer subnets, a router to the external
 * network (SNAT for updates; no floating IPs), and the app security group following the SCS
 * default rules: all egress, ingress only from members of the same group.
 */
export function sovereignNetwork(scope: Construct, props: ResolvedNetwork, ctx: NetworkContext<SovereignFoundation>): SovereignNetwork {
  const f = ctx.foundation;
  const name = ctx.app.name;
  const tags = osTags(ctx.stack);
  const network = new NetworkingNetworkV2(scope, "network", { name, adminStateUp: true, portSecurityEnabled: true, tags });
  noteStrategy(network, f.explain("network", "managed"));
  const router = new NetworkingRouterV2(scope, "router", { name, adminStateUp: true, externalNetworkId: f.externalNetwork.id, tags });

  const subnet = (id: string, cidr: string) => {
    const s = new NetworkingSubnetV2(scope, id, { name: `${name}-${id}`, networkId: network.id, cidr, ipVersion: 4, enableDhcp: true, tags });
    new NetworkingRouterInterfaceV2(scope, `${id}-router`, { routerId: router.id, subnetId: s.id });
    return s.id;
  };
  const privateSubnetIds = props.subnets.private.map((cidr, i) => subnet(`private-${i}`, cidr));
  const publicSubnetIds = props.subnets.public.map((cidr, i) => subnet(`public-${i}`, cidr));

  const sg = new NetworkingSecgroupV2(scope, "app-sg", { name: `${name}-app`, description: `polder app ${name}: ingress only from members of this group`, tags });
  for (const ethertype of ["IPv4", "IPv6"])
    new NetworkingSecgroupRuleV2(scope, `app-sg-same-group-${ethertype.toLowerCase()}`, {
      securityGroupId: sg.id,
      direction: "ingress",
      ethertype,
      remoteGroupId: sg.id,
      description: "from members of the same group (SCS default rule)",
    });
  return { networkId: network.id, cidr: props.cidr, privateSubnetIds, publicSubnetIds, appSecurityGroupId: sg.id, allowedIngressCidrs: props.allowedIngressCidrs };
}
