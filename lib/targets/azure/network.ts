import { NatGateway } from "@cdktf/provider-azurerm/lib/nat-gateway";
import { NatGatewayPublicIpAssociation } from "@cdktf/provider-azurerm/lib/nat-gateway-public-ip-association";
import { NetworkSecurityGroup } from "@cdktf/provider-azurerm/lib/network-security-group";
import { NetworkSecurityRule } from "@cdktf/provider-azurerm/lib/network-security-rule";
import { NetworkWatcherFlowLog } from "@cdktf/provider-azurerm/lib/network-watcher-flow-log";
import { PrivateDnsZone } from "@cdktf/provider-azurerm/lib/private-dns-zone";
import { PrivateDnsZoneVirtualNetworkLink } from "@cdktf/provider-azurerm/lib/private-dns-zone-virtual-network-link";
import { PrivateEndpoint } from "@cdktf/provider-azurerm/lib/private-endpoint";
import { PublicIp } from "@cdktf/provider-azurerm/lib/public-ip";
import { RouteTable } from "@cdktf/provider-azurerm/lib/route-table";
import { Subnet } from "@cdktf/provider-azurerm/lib/subnet";
import { SubnetNatGatewayAssociation } from "@cdktf/provider-azurerm/lib/subnet-nat-gateway-association";
import { SubnetNetworkSecurityGroupAssociation } from "@cdktf/provider-azurerm/lib/subnet-network-security-group-association";
import { SubnetRouteTableAssociation } from "@cdktf/provider-azurerm/lib/subnet-route-table-association";
import { VirtualNetwork } from "@cdktf/provider-azurerm/lib/virtual-network";
import { Construct } from "constructs";
import type { TerraformResource } from "../../core/cdktf";
import type { NetworkContext } from "../../core/realizer";
import { egressRestricted } from "../../kinds/egress-proxy";
import type { ResolvedNetwork } from "../../kinds/network";
import type { AzureFoundation } from "./foundation";
import { FLOW_LOGS_COMPONENT, flowLogName } from "./naming";
import { planAzureSubnets } from "./network-plan";
import { azureStorageAccount } from "./storage";
import type { AzureEgress, AzureTarget } from "./target";

/** The subnets whose traffic an NSG governs. */
export type AzureTier = "workload" | "gateway" | "data" | "endpoints" | "apiserver";

/** One allowed flow, as an NSG rule. `from`/`to` are CIDRs or service tags (`Internet`, `GatewayManager`). */
export interface AzureFlow {
  readonly direction: "Inbound" | "Outbound";
  readonly protocol: "Tcp" | "Udp" | "*";
  readonly ports: string;
  readonly from: readonly string[];
  readonly to: readonly string[];
  readonly description: string;
}

/**
 * The app's network on Azure: a VNet with the planned subnets, an NSG per tier that denies every
 * inbound flow not explicitly allowed (a rule at priority 4096 shadows Azure's default "allow the
 * whole VNet"), workloads leaving only to the internet on 443 (and NTP) through a NAT gateway and,
 * inside the VNet, only to what a component opens for them (classified apps: no NAT gateway and no
 * internet at all, only the target's named egress destinations, see `egress`),
 * private endpoints for the vault and storage, and VNet flow logs with traffic analytics.
 */
export class AzureNetwork extends Construct {
  readonly vnet: VirtualNetwork;
  readonly cidr: string;
  /** Availability zones the app spreads over ("1" … "3"). */
  readonly zones: readonly string[];
  readonly allowedIngressCidrs: readonly string[];
  readonly subnets: Readonly<Record<Exclude<AzureTier, "apiserver">, Subnet>> & { readonly extra: readonly Subnet[] };
  readonly cidrs: Readonly<Record<AzureTier, string>>;
  private readonly nsgs: Partial<Record<AzureTier, NetworkSecurityGroup>>;
  /** Subnet associations with the NAT gateway: what a cluster with NAT egress waits for. */
  readonly natAssociations: readonly SubnetNatGatewayAssociation[];
  /** Classified app: no NAT gateway, no internet; the target's egress (proxy, destinations; empty when it names none). */
  readonly egress?: AzureEgress;
  /** The vault's private endpoint: writes to the vault's data plane (keys, certificates) wait for it. */
  readonly vaultEndpoint: PrivateEndpoint;
  private readonly f: AzureFoundation;
  private readonly priorities = new Map<string, number>();
  private readonly dnsZones = new Map<string, PrivateDnsZone>();
  private apiServer?: Subnet;
  private firewallRoutes?: { table: RouteTable; associations: SubnetRouteTableAssociation[] };
  private workloadSubnets: Subnet[] = [];
  private readonly name: string;

  constructor(scope: Construct, props: ResolvedNetwork, ctx: NetworkContext<AzureFoundation>) {
    super(scope, "azure");
    const f = ctx.foundation;
    this.f = f;
    const name = ctx.app.name;
    const rg = f.group.name;
    const plan = planAzureSubnets(props);
    this.cidr = props.cidr;
    this.zones = ["1", "2", "3"].slice(0, props.zones);
    this.allowedIngressCidrs = props.allowedIngressCidrs;
    this.vnet = new VirtualNetwork(this, "vnet", { name: `${name}-vnet`, location: f.location, resourceGroupName: rg, addressSpace: [props.cidr], tags: f.tags });

    const subnet = (id: string, cidr: string, extra: Partial<ConstructorParameters<typeof Subnet>[2]> = {}) =>
      new Subnet(this, id, {
        name: id,
        resourceGroupName: rg,
        virtualNetworkName: this.vnet.name,
        addressPrefixes: [cidr],
        // No implicit internet egress: workloads leave through the NAT gateway, nothing else leaves.
        // Subnets a service manages (the gateway's, delegated ones) keep Azure's default.
        defaultOutboundAccessEnabled: extra.delegation || id === "public-0" ? undefined : false,
        ...extra,
      });
    const workload = plan.workload.map((cidr, i) => subnet(`private-${i}`, cidr));
    const pub = plan.public.map((cidr, i) => subnet(`public-${i}`, cidr));
    this.workloadSubnets = workload;
    const data = subnet("data", plan.data, {
      delegation: [{ name: "postgres", serviceDelegation: { name: "Microsoft.DBforPostgreSQL/flexibleServers", actions: ["Microsoft.Network/virtualNetworks/subnets/join/action"] } }],
    });
    // NSG rules apply to private endpoints only with network policies on.
    const endpoints = subnet("endpoints", plan.endpoints, { privateEndpointNetworkPolicies: "Enabled" });
    this.subnets = { workload: workload[0], gateway: pub[0], data, endpoints, extra: [...workload.slice(1), ...pub.slice(1)] };
    this.cidrs = { workload: plan.workload[0], gateway: plan.public[0], data: plan.data, endpoints: plan.endpoints, apiserver: plan.apiServer };
    this.name = name;
    this.nsgs = {};
    for (const tier of ["workload", "gateway", "data", "endpoints"] as const) this.nsg(tier);
    workload.forEach((s) => this.associate(s, "workload"));
    pub.forEach((s, i) => this.associate(s, i === 0 ? "gateway" : "workload"));
    this.associate(data, "data");
    this.associate(endpoints, "endpoints");
    // Classified apps (departementaal-vertrouwelijk and up) never reach the internet: only the destinations the target names.
    const egress = egressRestricted(ctx.app.classification) ? ((ctx.target as AzureTarget).egress ?? { proxy: "", cidrs: [] }) : undefined;
    this.egress = egress;
    if (!egress) {
      // Workloads leave to the internet only for HTTPS (packages, Azure APIs) and NTP.
      this.rule("workload", "egress-https", { direction: "Outbound", protocol: "Tcp", ports: "443", from: [this.cidrs.workload], to: ["Internet"], description: "HTTPS out (packages, Azure APIs)" }, { priority: 100 });
      this.rule("workload", "egress-ntp", { direction: "Outbound", protocol: "Udp", ports: "123", from: [this.cidrs.workload], to: ["Internet"], description: "time (NTP)" }, { priority: 110 });
    } else {
      // The proxy and mirrors the target names, reached through the landing zone's hub (VNet peering); time comes from the Hyper-V host.
      egress.cidrs.forEach((cidr, i) =>
        this.rule("workload", `egress-destination-${i}`, { direction: "Outbound", protocol: "Tcp", ports: "*", from: [this.cidrs.workload], to: [cidr], description: "a destination the target names (proxy, mirror)" }, { priority: 150 + i }),
      );
      // The flexible server signs its Entra users in with Entra ID; nothing else leaves the data subnet.
      this.rule("data", "egress-entra", { direction: "Outbound", protocol: "Tcp", ports: "443", from: [plan.data], to: ["AzureActiveDirectory"], description: "PostgreSQL Entra authentication" }, { priority: 100 });
      this.rule("data", "deny-internet-egress", { direction: "Outbound", protocol: "*", ports: "*", from: ["*"], to: ["Internet"], description: "nothing else to the internet" }, { access: "Deny", priority: 4000 });
      // Without a public endpoint nothing runs in the gateway subnet: it gets no way out either.
      // (Application Gateway v2 needs Azure's default outbound for its own management.)
      if (ctx.app.kinds && !ctx.app.kinds.includes("public-endpoint"))
        this.rule("gateway", "deny-internet-egress", { direction: "Outbound", protocol: "*", ports: "*", from: ["*"], to: ["Internet"], description: "no gateway in this app: nothing leaves for the internet" }, { access: "Deny", priority: 4000 });
      // Private endpoints only answer.
      this.rule("endpoints", "deny-internet-egress", { direction: "Outbound", protocol: "*", ports: "*", from: ["*"], to: ["Internet"], description: "private endpoints never call the internet" }, { access: "Deny", priority: 4000 });
    }
    this.rule("workload", "to-endpoints", { direction: "Outbound", protocol: "Tcp", ports: "443", from: [this.cidrs.workload], to: [plan.endpoints], description: "HTTPS to the vault's and storage's private endpoints" }, { priority: 120 });
    // Inside the VNet, too, workloads reach only what a component opens for them (Azure's default allows the whole VNet).
    this.rule("workload", "deny-vnet-egress", { direction: "Outbound", protocol: "*", ports: "*", from: ["*"], to: ["VirtualNetwork"], description: "nothing else inside the network" }, { access: "Deny", priority: 4010 });
    this.rule("workload", "deny-internet-egress", { direction: "Outbound", protocol: "*", ports: "*", from: ["*"], to: ["Internet"], description: "nothing else to the internet" }, { access: "Deny", priority: 4000 });
    // Application Gateway v2 needs its infrastructure ports from GatewayManager and Azure's probes.
    this.rule("gateway", "gateway-manager", { direction: "Inbound", protocol: "Tcp", ports: "65200-65535", from: ["GatewayManager"], to: ["*"], description: "Application Gateway v2 infrastructure" }, { priority: 100 });
    this.rule("gateway", "azure-load-balancer", { direction: "Inbound", protocol: "*", ports: "*", from: ["AzureLoadBalancer"], to: ["*"], description: "Azure load balancer probes" }, { priority: 110 });
    // Private endpoints (vault, storage) answer HTTPS from the app network and the ranges it admits (e.g. the pipeline's).
    this.rule("endpoints", "https-in", { direction: "Inbound", protocol: "Tcp", ports: "443", from: [props.cidr, ...props.allowedIngressCidrs], to: [plan.endpoints], description: "HTTPS to private endpoints from the app network" }, { priority: 100 });

    if (egress) this.natAssociations = [];
    else {
      const ip = new PublicIp(this, "nat-ip", { name: `${name}-nat`, location: f.location, resourceGroupName: rg, allocationMethod: "Static", sku: "Standard", tags: f.tags });
      const nat = new NatGateway(this, "nat", { name: `${name}-nat`, location: f.location, resourceGroupName: rg, skuName: "Standard", idleTimeoutInMinutes: 10, tags: f.tags });
      new NatGatewayPublicIpAssociation(this, "nat-ip-association", { natGatewayId: nat.id, publicIpAddressId: ip.id });
      this.natAssociations = workload.map((s) => new SubnetNatGatewayAssociation(this, `${s.node.id}-nat-association`, { subnetId: s.id, natGatewayId: nat.id }));
    }

    // Flow logs of the whole VNet, kept a year and analysed in the app's workspace. Azure creates
    // the region's network watcher (NetworkWatcher_<location> in NetworkWatcherRG) with the first VNet.
    const flowStore = azureStorageAccount(this, "flow-logs", { f, net: this, component: FLOW_LOGS_COMPONENT, containerName: undefined, versioning: false, noncurrentVersionDays: 0, deleteAfterDays: 365, preventDestroy: true });
    new NetworkWatcherFlowLog(this, "flow-log", {
      name: flowLogName(f.appName),
      networkWatcherName: `NetworkWatcher_${f.location}`,
      resourceGroupName: "NetworkWatcherRG",
      targetResourceId: this.vnet.id,
      storageAccountId: flowStore.account.id,
      enabled: true,
      version: 2,
      retentionPolicy: { enabled: true, days: 365 },
      trafficAnalytics: { enabled: true, workspaceId: f.workspace.workspaceId, workspaceRegion: f.location, workspaceResourceId: f.workspace.id, intervalInMinutes: 10 },
      tags: f.tags,
      dependsOn: [this.vnet],
    });

    // The vault answers only on its private endpoint; the deployer's key and certificate writes wait for it.
    const vaultEndpoint = (this.vaultEndpoint = this.privateEndpoint(this, "vault-endpoint", { resourceId: f.vault.id, subresource: "vault", zone: "privatelink.vaultcore.azure.net", name: `${name}-vault` }));
    f.setVaultEndpoint(vaultEndpoint);
  }

  /**
   * The subnet delegated to AKS API servers (API Server VNet Integration), made on first use with
   * its NSG: HTTPS from the nodes, the admitted ranges and Azure's load balancer, nothing else.
   */
  apiServerSubnet(): Subnet {
    if (!this.apiServer) {
      this.apiServer = new Subnet(this, "apiserver", {
        name: "apiserver",
        resourceGroupName: this.f.group.name,
        virtualNetworkName: this.vnet.name,
        addressPrefixes: [this.cidrs.apiserver],
        delegation: [{ name: "aks", serviceDelegation: { name: "Microsoft.ContainerService/managedClusters", actions: ["Microsoft.Network/virtualNetworks/subnets/join/action"] } }],
      });
      this.nsg("apiserver");
      this.associate(this.apiServer, "apiserver");
      this.rule("apiserver", "https-in", { direction: "Inbound", protocol: "Tcp", ports: "443", from: [this.cidrs.workload, ...this.allowedIngressCidrs], to: [this.cidrs.apiserver], description: "Kubernetes API from the nodes and the admitted ranges" }, { priority: 100 });
      this.rule("apiserver", "azure-load-balancer", { direction: "Inbound", protocol: "*", ports: "*", from: ["AzureLoadBalancer"], to: ["*"], description: "Azure load balancer probes of the API server" }, { priority: 110 });
      // The API server calls the nodes (kubelet, admission webhooks, metrics).
      this.rule("workload", "from-apiserver", { direction: "Inbound", protocol: "Tcp", ports: "*", from: [this.cidrs.apiserver], to: [this.cidrs.workload], description: "Kubernetes API server to the nodes" }, { priority: 130 });
      this.rule("workload", "to-apiserver", { direction: "Outbound", protocol: "Tcp", ports: "443", from: [this.cidrs.workload], to: [this.cidrs.apiserver], description: "nodes to the Kubernetes API server" }, { priority: 140 });
    }
    return this.apiServer;
  }

  /**
   * A classified app's AKS clusters leave through the hub firewall the target names (outbound type
   * userDefinedRouting): a route table sending 0.0.0.0/0 to it on the workload subnets, made on first
   * use. The NSG still lets the nodes out only to the Azure service tags AKS needs and the named
   * destinations; the firewall passes only AKS's required FQDNs. Undefined when the target names none.
   */
  egressThroughFirewall(): { table: RouteTable; associations: SubnetRouteTableAssociation[] } | undefined {
    const ip = this.egress?.firewallIp;
    if (!ip) return undefined;
    if (!this.firewallRoutes) {
      const table = new RouteTable(this, "egress-routes", {
        name: `${this.name}-egress`,
        location: this.f.location,
        resourceGroupName: this.f.group.name,
        bgpRoutePropagationEnabled: false,
        route: [{ name: "default-to-hub-firewall", addressPrefix: "0.0.0.0/0", nextHopType: "VirtualAppliance", nextHopInIpAddress: ip }],
        tags: this.f.tags,
      });
      const associations = this.workloadSubnets.map((s) => new SubnetRouteTableAssociation(this, `${s.node.id}-route-association`, { subnetId: s.id, routeTableId: table.id }));
      // AKS's required outbound traffic by service tag (the firewall filters it further by FQDN).
      ["AzureActiveDirectory", "MicrosoftContainerRegistry", "AzureFrontDoor.FirstParty", "AzureMonitor"].forEach((tag, i) =>
        this.rule("workload", `aks-egress-${tag.replace(/\./g, "-").toLowerCase()}`, { direction: "Outbound", protocol: "Tcp", ports: "443", from: [this.cidrs.workload], to: [tag], description: `AKS required egress (${tag}), through the hub firewall` }, { priority: 200 + i }),
      );
      this.firewallRoutes = { table, associations };
    }
    return this.firewallRoutes;
  }

  /** The NSG of a tier (made with its deny-all-inbound rule). */
  private nsg(tier: AzureTier): NetworkSecurityGroup {
    let nsg = this.nsgs[tier];
    if (!nsg) {
      nsg = new NetworkSecurityGroup(this, `nsg-${tier}`, { name: `${this.name}-${tier}`, location: this.f.location, resourceGroupName: this.f.group.name, tags: this.f.tags });
      this.nsgs[tier] = nsg;
      this.rule(tier, "deny-inbound", { direction: "Inbound", protocol: "*", ports: "*", from: ["*"], to: ["*"], description: "deny every inbound flow not allowed above" }, { access: "Deny", priority: 4096 });
    }
    return nsg;
  }

  private associate(s: Subnet, tier: AzureTier): void {
    new SubnetNetworkSecurityGroupAssociation(this, `${s.node.id}-nsg-association`, { subnetId: s.id, networkSecurityGroupId: this.nsg(tier).id });
  }

  /** Adds an NSG rule for a flow; priorities are handed out in creation order from 1000 unless given. */
  rule(tier: AzureTier, id: string, flow: AzureFlow, opts: { access?: "Allow" | "Deny"; priority?: number; scope?: Construct } = {}): NetworkSecurityRule {
    let priority = opts.priority;
    if (priority === undefined) {
      priority = this.priorities.get(tier) ?? 1000;
      if (priority >= 4000) throw new RangeError(`NSG ${tier}: more than 300 rules`);
      this.priorities.set(tier, priority + 10);
    }
    const many = (v: readonly string[]) => v.length > 1;
    return new NetworkSecurityRule(opts.scope ?? this, `${tier}-${id}`, {
      name: id,
      resourceGroupName: this.f.group.name,
      networkSecurityGroupName: this.nsg(tier).name,
      priority,
      direction: flow.direction,
      access: opts.access ?? "Allow",
      protocol: flow.protocol,
      sourcePortRange: "*",
      ...(flow.ports.includes(",") ? { destinationPortRanges: flow.ports.split(",") } : { destinationPortRange: flow.ports }),
      ...(many(flow.from) ? { sourceAddressPrefixes: [...flow.from] } : { sourceAddressPrefix: flow.from[0] }),
      ...(many(flow.to) ? { destinationAddressPrefixes: [...flow.to] } : { destinationAddressPrefix: flow.to[0] }),
      description: flow.description,
    });
  }

  /** A private DNS zone linked to the VNet, one per name (privatelink zones, PostgreSQL zones). */
  privateDnsZone(name: string, id = `dns-${name.replace(/\./g, "-")}`): PrivateDnsZone {
    let zone = this.dnsZones.get(name);
    if (!zone) {
      zone = new PrivateDnsZone(this, id, { name, resourceGroupName: this.f.group.name, tags: this.f.tags });
      new PrivateDnsZoneVirtualNetworkLink(this, `${id}-link`, { name: `${this.f.appName}-vnet`, resourceGroupName: this.f.group.name, privateDnsZoneName: zone.name, virtualNetworkId: this.vnet.id, registrationEnabled: false, tags: this.f.tags });
      this.dnsZones.set(name, zone);
    }
    return zone;
  }

  /** A private endpoint in the endpoints subnet, registered in its privatelink zone. */
  privateEndpoint(scope: Construct, id: string, opts: { resourceId: string; subresource: string; zone: string; name: string }): PrivateEndpoint {
    const zone = this.privateDnsZone(opts.zone);
    return new PrivateEndpoint(scope, id, {
      name: opts.name,
      location: this.f.location,
      resourceGroupName: this.f.group.name,
      subnetId: this.subnets.endpoints.id,
      privateServiceConnection: { name: opts.name, isManualConnection: false, privateConnectionResourceId: opts.resourceId, subresourceNames: [opts.subresource] },
      privateDnsZoneGroup: { name: "default", privateDnsZoneIds: [zone.id] },
      tags: this.f.tags,
    });
  }

  /** Resources that must exist before a workload in the subnet can reach the internet. */
  get egressReady(): TerraformResource[] {
    return [...this.natAssociations];
  }
}

export function azureNetwork(scope: Construct, props: ResolvedNetwork, ctx: NetworkContext<AzureFoundation>): AzureNetwork {
  return new AzureNetwork(scope, props, ctx);
}
