import { ComputeFirewallPolicy } from "@cdktf/provider-google/lib/compute-firewall-policy";
import { ComputeFirewallPolicyAssociation } from "@cdktf/provider-google/lib/compute-firewall-policy-association";
import { ComputeFirewallPolicyRule, type ComputeFirewallPolicyRuleConfig } from "@cdktf/provider-google/lib/compute-firewall-policy-rule";
import { ComputeFirewall } from "@cdktf/provider-google/lib/compute-firewall";
import { ComputeNetwork } from "@cdktf/provider-google/lib/compute-network";
import { ComputeRouter } from "@cdktf/provider-google/lib/compute-router";
import { ComputeRouterNat } from "@cdktf/provider-google/lib/compute-router-nat";
import { ComputeSharedVpcHostProject } from "@cdktf/provider-google/lib/compute-shared-vpc-host-project";
import { ComputeSubnetwork } from "@cdktf/provider-google/lib/compute-subnetwork";
import { Construct } from "constructs";
import { IAP_RANGE } from "../target";
import type { GcpZoneContext } from "./context";
import type { GcpZoneHierarchy } from "./hierarchy";
import { GcpZoneProject, HUB_APIS } from "./projects";

/** RFC 1918: traffic between private ranges is left to each network's own rules. */
export const PRIVATE_RANGES = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"];

export type HubFirewallRule = Omit<ComputeFirewallPolicyRuleConfig, "firewallPolicy">;

/**
 * Rules of the zone's hierarchical firewall policy, pure. They are evaluated before every VPC's
 * own firewall in every project of the zone: SSH and RDP only from IAP (where the universe has
 * it); egress to private ranges and HTTPS left to the VPC's rules (`goto_next`); with egress
 * `firewall` every other egress to the internet is denied (TLS only out, the zone's firewall).
 */
export function hubFirewallRules(ctx: { readonly egress: "firewall" | "nat"; readonly iap: boolean }): HubFirewallRule[] {
  const rules: HubFirewallRule[] = [];
  if (ctx.iap)
    rules.push({ priority: 1000, direction: "INGRESS", action: "goto_next", description: "SSH through IAP TCP forwarding: left to the VPC's rules", match: { srcIpRanges: [IAP_RANGE], layer4Configs: [{ ipProtocol: "tcp", ports: ["22"] }] } });
  rules.push(
    { priority: 1100, direction: "INGRESS", action: "deny", enableLogging: true, description: "no SSH or RDP from anywhere else", match: { srcIpRanges: ["0.0.0.0/0"], layer4Configs: [{ ipProtocol: "tcp", ports: ["22", "3389"] }] } },
    { priority: 2000, direction: "EGRESS", action: "goto_next", description: "private ranges: left to the VPC's rules", match: { destIpRanges: [...PRIVATE_RANGES], layer4Configs: [{ ipProtocol: "all" }] } },
    { priority: 2100, direction: "EGRESS", action: "goto_next", description: "HTTPS out: left to the VPC's rules", match: { destIpRanges: ["0.0.0.0/0"], layer4Configs: [{ ipProtocol: "tcp", ports: ["443"] }] } },
  );
  if (ctx.egress === "firewall")
    rules.push({ priority: 2200, direction: "EGRESS", action: "deny", enableLogging: true, description: "egress firewall: nothing else leaves the zone", match: { destIpRanges: ["0.0.0.0/0"], layer4Configs: [{ ipProtocol: "all" }] } });
  return rules;
}

/**
 * The hub: a shared-VPC host project with the hub VPC (a regional subnet, Google subnets span
 * every zone of a region), a firewall baseline (nothing in; HTTPS and private ranges out) and
 * Cloud NAT as the zone's way out, shared to every tenancy project;
 * and the zone's hierarchical firewall policy on the zone's folder.
 */
export class GcpZoneHub extends Construct {
  readonly project: GcpZoneProject;
  readonly host: ComputeSharedVpcHostProject;
  readonly network: ComputeNetwork;
  readonly subnet: ComputeSubnetwork;
  readonly firewallPolicy: ComputeFirewallPolicy;

  constructor(scope: Construct, ctx: GcpZoneContext, tree: GcpZoneHierarchy, home: string | undefined) {
    super(scope, "hub");
    const { spec } = ctx;
    const hub = spec.hubNetwork;
    this.project = new GcpZoneProject(this, "project", ctx, { purpose: "hub", folderId: home ? tree.units.get(home)!.folderId : tree.zone.folderId, apis: HUB_APIS });
    const project = this.project.projectId;
    const compute = [this.project.service("compute")];
    this.host = new ComputeSharedVpcHostProject(this, "host", { project, dependsOn: compute });
    this.network = new ComputeNetwork(this, "vpc", { project, name: `${spec.name}-hub`, autoCreateSubnetworks: false, routingMode: "GLOBAL", description: `hub of landing zone ${spec.name}`, dependsOn: compute });
    this.subnet = new ComputeSubnetwork(this, "shared", {
      project,
      name: `${spec.name}-hub-shared`,
      network: this.network.id,
      region: ctx.region,
      ipCidrRange: hub.subnets.transit[0],
      privateIpGoogleAccess: true,
      logConfig: { aggregationInterval: "INTERVAL_5_SEC", flowSampling: 1, metadata: "INCLUDE_ALL_METADATA" },
    });
    // The hub VPC's own baseline, as in every app network: nothing in, HTTPS and private ranges out.
    const vpcRule = (id: string, rule: Omit<ConstructorParameters<typeof ComputeFirewall>[2], "name" | "network" | "project">) =>
      new ComputeFirewall(this, id, { project, name: `${spec.name}-hub-${id}`, network: this.network.id, logConfig: { metadata: "INCLUDE_ALL_METADATA" }, ...rule });
    vpcRule("deny-all-ingress", { description: "baseline: no ingress", direction: "INGRESS", priority: 65534, sourceRanges: ["0.0.0.0/0"], deny: [{ protocol: "all" }] });
    vpcRule("deny-all-egress", { description: "baseline: no egress unless a rule above allows it", direction: "EGRESS", priority: 65534, destinationRanges: ["0.0.0.0/0"], deny: [{ protocol: "all" }] });
    vpcRule("egress-private", { description: "egress to private ranges", direction: "EGRESS", priority: 1000, destinationRanges: [...PRIVATE_RANGES], allow: [{ protocol: "all" }] });
    vpcRule("egress-https", { description: "HTTPS out through Cloud NAT", direction: "EGRESS", priority: 1000, destinationRanges: ["0.0.0.0/0"], allow: [{ protocol: "tcp", ports: ["443"] }] });
    const router = new ComputeRouter(this, "router", { project, name: `${spec.name}-hub`, network: this.network.id, region: ctx.region });
    new ComputeRouterNat(this, "nat", {
      project,
      name: `${spec.name}-hub`,
      router: router.name,
      region: ctx.region,
      natIpAllocateOption: "AUTO_ONLY",
      sourceSubnetworkIpRangesToNat: "ALL_SUBNETWORKS_ALL_IP_RANGES",
      logConfig: { enable: true, filter: "ALL" },
    });

    this.firewallPolicy = new ComputeFirewallPolicy(this, "firewall-policy", { parent: tree.zone.name, shortName: `${spec.name}-zone`, description: `landing zone ${spec.name}: rules before every VPC's own` });
    hubFirewallRules({ egress: hub.egress, iap: ctx.target.universe.osLogin }).forEach((rule) =>
      new ComputeFirewallPolicyRule(this, `rule-${rule.priority}`, { firewallPolicy: this.firewallPolicy.name, ...rule }),
    );
    new ComputeFirewallPolicyAssociation(this, "firewall-policy-zone", { name: `${spec.name}-zone`, firewallPolicy: this.firewallPolicy.name, attachmentTarget: tree.zone.name });
  }
}
