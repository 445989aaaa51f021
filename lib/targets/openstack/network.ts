import { DataOpenstackNetworkingNetworkV2 } from "../../../providers/openstack/lib/data-openstack-networking-network-v2";
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
  /** Classified app: no route to the internet; machines use this proxy (the target's egress). */
  readonly proxy?: string;
  /** A public endpoint's floating IP needs its load-balancer subnets routed to the external network: makes that router if there is none yet. */
  routePublicSubnets(): void;
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
  // Classified apps: the private subnets (workloads, data) route through the target's egress
  // network, which reaches only its named destinations; a router to the external network exists
  // only for a public endpoint's load-balancer subnets (its floating IP needs one), made when an
  // endpoint asks. Without the target's egress such an app's private subnets have no router at all.
  const egress = f.restrictedEgress ? (f.target.egress ?? { network: "", proxy: "", cidrs: [] }) : undefined;
  const makeRouter = () => new NetworkingRouterV2(scope, "router", { name, adminStateUp: true, externalNetworkId: f.externalNetwork.id, tags });
  const router = egress ? undefined : makeRouter();
  const privateRouter = !egress
    ? router
    : !egress.network
      ? undefined
      : new NetworkingRouterV2(scope, "egress-router", {
        name: `${name}-egress`,
        adminStateUp: true,
        externalNetworkId: new DataOpenstackNetworkingNetworkV2(scope, "egress-network", { name: egress.network, external: true }).id,
        tags,
      });

  const subnet = (id: string, cidr: string, via: NetworkingRouterV2 | undefined) => {
    const s = new NetworkingSubnetV2(scope, id, { name: `${name}-${id}`, networkId: network.id, cidr, ipVersion: 4, enableDhcp: true, tags });
    if (via) new NetworkingRouterInterfaceV2(scope, `${id}-router`, { routerId: via.id, subnetId: s.id });
    return s.id;
  };
  const privateSubnetIds = props.subnets.private.map((cidr, i) => subnet(`private-${i}`, cidr, privateRouter));
  const publicSubnetIds = props.subnets.public.map((cidr, i) => subnet(`public-${i}`, cidr, router));
  let publicRouter = router;
  const routePublicSubnets = () => {
    if (publicRouter) return;
    publicRouter = makeRouter();
    publicSubnetIds.forEach((subnetId, i) => new NetworkingRouterInterfaceV2(scope, `public-${i}-router`, { routerId: publicRouter!.id, subnetId }));
  };

  const sg = new NetworkingSecgroupV2(scope, "app-sg", {
    name: `${name}-app`,
    description: `polder app ${name}: ingress only from members of this group`,
    tags,
    ...(egress ? { deleteDefaultRules: true } : {}),
  });
  if (egress) {
    // Neutron's default allow-all egress is gone: inside the app network, the metadata service, the named destinations.
    const out = (id: string, remoteIpPrefix: string, description: string, port?: number) =>
      new NetworkingSecgroupRuleV2(scope, `app-sg-egress-${id}`, {
        securityGroupId: sg.id,
        direction: "egress",
        ethertype: "IPv4",
        ...(port ? { protocol: "tcp", portRangeMin: port, portRangeMax: port } : id === "network" ? {} : { protocol: "tcp" }),
        remoteIpPrefix,
        description,
      });
    out("network", props.cidr, "inside the app network");
    out("metadata", "169.254.169.254/32", "the metadata service (cloud-init)", 80);
    egress.cidrs.forEach((c, i) => out(`destination-${i}`, c, "a destination the target names (proxy, mirror)"));
  }
  for (const ethertype of ["IPv4", "IPv6"])
    new NetworkingSecgroupRuleV2(scope, `app-sg-same-group-${ethertype.toLowerCase()}`, {
      securityGroupId: sg.id,
      direction: "ingress",
      ethertype,
      remoteGroupId: sg.id,
      description: "from members of the same group (SCS default rule)",
    });
  return { networkId: network.id, cidr: props.cidr, privateSubnetIds, publicSubnetIds, appSecurityGroupId: sg.id, allowedIngressCidrs: props.allowedIngressCidrs, proxy: egress?.proxy || undefined, routePublicSubnets };
}
