import { Firewall } from "@cdktf/provider-azurerm/lib/firewall";
import { FirewallPolicy } from "@cdktf/provider-azurerm/lib/firewall-policy";
import { FirewallPolicyRuleCollectionGroup } from "@cdktf/provider-azurerm/lib/firewall-policy-rule-collection-group";
import { NatGateway } from "@cdktf/provider-azurerm/lib/nat-gateway";
import { NatGatewayPublicIpAssociation } from "@cdktf/provider-azurerm/lib/nat-gateway-public-ip-association";
import { NetworkSecurityGroup } from "@cdktf/provider-azurerm/lib/network-security-group";
import { NetworkSecurityRule } from "@cdktf/provider-azurerm/lib/network-security-rule";
import { NetworkWatcherFlowLog } from "@cdktf/provider-azurerm/lib/network-watcher-flow-log";
import { PrivateDnsZone } from "@cdktf/provider-azurerm/lib/private-dns-zone";
import { PrivateDnsZoneVirtualNetworkLink } from "@cdktf/provider-azurerm/lib/private-dns-zone-virtual-network-link";
import { PrivateEndpoint } from "@cdktf/provider-azurerm/lib/private-endpoint";
import { PublicIp } from "@cdktf/provider-azurerm/lib/public-ip";
import { ResourceGroup } from "@cdktf/provider-azurerm/lib/resource-group";
import { Subnet } from "@cdktf/provider-azurerm/lib/subnet";
import { SubnetNatGatewayAssociation } from "@cdktf/provider-azurerm/lib/subnet-nat-gateway-association";
import { SubnetNetworkSecurityGroupAssociation } from "@cdktf/provider-azurerm/lib/subnet-network-security-group-association";
import { VirtualNetwork } from "@cdktf/provider-azurerm/lib/virtual-network";
import { Construct } from "constructs";
import { skipCheck } from "../../../core/checks";
import type { ResolvedLandingZoneSpec } from "../../../landing-zone/spec";
import type { AzureZoneAudit } from "./audit";

/** Private ranges the tenancies' networks use: what the firewall lets out. */
export const PRIVATE_RANGES = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"] as const;

/** What leaves through the firewall: TLS and DNS over TLS, as on the other targets' hubs. */
export const EGRESS_PORTS = ["443", "853"] as const;

/**
 * The hub: a VNet on the hub CIDR in the platform subscription. With `egress: firewall`, Azure
 * Firewall Premium (threat intelligence and IDPS in Deny mode) in AzureFirewallSubnet lets the
 * private ranges out on TLS only; with `egress: nat`, a NAT gateway serves the hub's own subnet.
 * The `shared` subnet holds the private endpoints of the zone's key vault and archive. Tenancy
 * networks peer with it when an app is placed (see the realizer's attachNetwork).
 */
export class AzureZoneHub extends Construct {
  readonly group: ResourceGroup;
  readonly vnet: VirtualNetwork;
  readonly shared: Subnet;
  readonly firewall?: Firewall;
  readonly vaultEndpoint: PrivateEndpoint;

  constructor(scope: Construct, spec: ResolvedLandingZoneSpec, location: string, tags: Record<string, string>, audit: AzureZoneAudit) {
    super(scope, "hub");
    const hub = spec.hubNetwork;
    const name = `${spec.name}-hub`;
    this.group = new ResourceGroup(this, "group", { name, location, tags });
    const rg = this.group.name;
    this.vnet = new VirtualNetwork(this, "vnet", { name, location, resourceGroupName: rg, addressSpace: [hub.cidr], tags });
    this.shared = new Subnet(this, "shared", {
      name: "shared",
      resourceGroupName: rg,
      virtualNetworkName: this.vnet.name,
      addressPrefixes: [hub.subnets.transit[0]],
      defaultOutboundAccessEnabled: false,
      privateEndpointNetworkPolicies: "Enabled",
    });
    // The private endpoints answer HTTPS from the hub and the networks peered to it (the platform
    // pipeline's runner); nothing else comes in.
    const nsg = new NetworkSecurityGroup(this, "shared-nsg", { name: `${name}-shared`, location, resourceGroupName: rg, tags });
    const rule = (id: string, priority: number, access: "Allow" | "Deny", protocol: string, port: string, from: string, description: string) =>
      new NetworkSecurityRule(this, `shared-${id}`, {
        name: id,
        resourceGroupName: rg,
        networkSecurityGroupName: nsg.name,
        priority,
        direction: "Inbound",
        access,
        protocol,
        sourcePortRange: "*",
        destinationPortRange: port,
        sourceAddressPrefix: from,
        destinationAddressPrefix: hub.subnets.transit[0],
        description,
      });
    rule("https-in", 100, "Allow", "Tcp", "443", "VirtualNetwork", "HTTPS to the private endpoints from the hub and peered networks");
    rule("deny-inbound", 4096, "Deny", "*", "*", "*", "deny every inbound flow not allowed above");
    new SubnetNetworkSecurityGroupAssociation(this, "shared-nsg-association", { subnetId: this.shared.id, networkSecurityGroupId: nsg.id });

    if (hub.egress === "firewall") {
      // Azure names the firewall's subnet; one firewall spans the hub's zones.
      const subnet = new Subnet(this, "firewall-subnet", { name: "AzureFirewallSubnet", resourceGroupName: rg, virtualNetworkName: this.vnet.name, addressPrefixes: [hub.subnets.firewall[0]] });
      const zones = ["1", "2", "3"].slice(0, hub.zones);
      const ip = new PublicIp(this, "firewall-ip", { name: `${name}-firewall`, location, resourceGroupName: rg, allocationMethod: "Static", sku: "Standard", zones, tags });
      const policy = new FirewallPolicy(this, "firewall-policy", {
        name: `${name}-egress`,
        location,
        resourceGroupName: rg,
        sku: "Premium",
        threatIntelligenceMode: "Deny",
        intrusionDetection: { mode: "Deny" },
        privateIpRanges: [...PRIVATE_RANGES],
        tags,
      });
      new FirewallPolicyRuleCollectionGroup(this, "firewall-rules", {
        name: "egress",
        firewallPolicyId: policy.id,
        priority: 100,
        networkRuleCollection: [
          {
            name: "tls-out",
            priority: 100,
            action: "Allow",
            rule: [{ name: "tls-and-dns-over-tls", protocols: ["TCP"], sourceAddresses: [...PRIVATE_RANGES], destinationAddresses: ["*"], destinationPorts: [...EGRESS_PORTS] }],
          },
        ],
      });
      this.firewall = new Firewall(this, "firewall", {
        name: `${name}-firewall`,
        location,
        resourceGroupName: rg,
        skuName: "AZFW_VNet",
        skuTier: "Premium",
        firewallPolicyId: policy.id,
        zones,
        ipConfiguration: [{ name: "egress", subnetId: subnet.id, publicIpAddressId: ip.id }],
        tags,
      });
      skipCheck(this.firewall, "CKV_AZURE_216", "the firewall is run by its firewall policy, whose threat_intelligence_mode is Deny (with IDPS in Deny mode); Azure takes threat_intel_mode on the firewall itself only for classic rules without a policy");
      audit.diagnostics("firewall-diagnostics", this.firewall.id, { scope: this });
    } else {
      const ip = new PublicIp(this, "nat-ip", { name: `${name}-nat`, location, resourceGroupName: rg, allocationMethod: "Static", sku: "Standard", tags });
      const nat = new NatGateway(this, "nat", { name: `${name}-nat`, location, resourceGroupName: rg, skuName: "Standard", idleTimeoutInMinutes: 10, tags });
      new NatGatewayPublicIpAssociation(this, "nat-ip-association", { natGatewayId: nat.id, publicIpAddressId: ip.id });
      new SubnetNatGatewayAssociation(this, "shared-nat", { subnetId: this.shared.id, natGatewayId: nat.id });
    }

    // Flow logs of the hub into the archive, analysed in the zone's workspace.
    new NetworkWatcherFlowLog(this, "flow-log", {
      name: name,
      networkWatcherName: `NetworkWatcher_${location}`,
      resourceGroupName: "NetworkWatcherRG",
      targetResourceId: this.vnet.id,
      storageAccountId: audit.account.id,
      enabled: true,
      version: 2,
      retentionPolicy: { enabled: true, days: Math.min(spec.audit.retentionDays, 365) },
      trafficAnalytics: { enabled: true, workspaceId: audit.workspace.workspaceId, workspaceRegion: location, workspaceResourceId: audit.workspace.id, intervalInMinutes: 10 },
      tags,
      dependsOn: [this.vnet],
    });

    // The key vault and the archive answer in the hub too; the platform pipeline reaches the vault only here.
    const endpoint = (id: string, resourceId: string, subresource: string, zone: PrivateDnsZone) =>
      new PrivateEndpoint(this, id, {
        name: `${name}-${id}`,
        location,
        resourceGroupName: rg,
        subnetId: this.shared.id,
        privateServiceConnection: { name: `${name}-${id}`, isManualConnection: false, privateConnectionResourceId: resourceId, subresourceNames: [subresource] },
        privateDnsZoneGroup: { name: "default", privateDnsZoneIds: [zone.id] },
        tags,
      });
    this.vaultEndpoint = endpoint("vault-endpoint", audit.vault.id, "vault", this.dnsZone("privatelink.vaultcore.azure.net", tags));
    endpoint("archive-endpoint", audit.account.id, "blob", this.dnsZone("privatelink.blob.core.windows.net", tags));
  }

  private dnsZone(name: string, tags: Record<string, string>): PrivateDnsZone {
    const id = `dns-${name.replace(/\./g, "-")}`;
    const zone = new PrivateDnsZone(this, id, { name, resourceGroupName: this.group.name, tags });
    new PrivateDnsZoneVirtualNetworkLink(this, `${id}-link`, { name: "hub", resourceGroupName: this.group.name, privateDnsZoneName: zone.name, virtualNetworkId: this.vnet.id, registrationEnabled: false, tags });
    return zone;
  }
}
