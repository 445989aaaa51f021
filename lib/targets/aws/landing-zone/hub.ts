import { DataAwsAvailabilityZones } from "@cdktf/provider-aws/lib/data-aws-availability-zones";
import { DefaultSecurityGroup } from "@cdktf/provider-aws/lib/default-security-group";
import { Ec2TransitGateway } from "@cdktf/provider-aws/lib/ec2-transit-gateway";
import { Ec2TransitGatewayRoute } from "@cdktf/provider-aws/lib/ec2-transit-gateway-route";
import { Ec2TransitGatewayVpcAttachment } from "@cdktf/provider-aws/lib/ec2-transit-gateway-vpc-attachment";
import { Eip } from "@cdktf/provider-aws/lib/eip";
import { FlowLog } from "@cdktf/provider-aws/lib/flow-log";
import { InternetGateway } from "@cdktf/provider-aws/lib/internet-gateway";
import { NatGateway } from "@cdktf/provider-aws/lib/nat-gateway";
import { NetworkfirewallFirewall } from "@cdktf/provider-aws/lib/networkfirewall-firewall";
import { NetworkfirewallFirewallPolicy } from "@cdktf/provider-aws/lib/networkfirewall-firewall-policy";
import { NetworkfirewallLoggingConfiguration } from "@cdktf/provider-aws/lib/networkfirewall-logging-configuration";
import { NetworkfirewallRuleGroup } from "@cdktf/provider-aws/lib/networkfirewall-rule-group";
import { RamPrincipalAssociation } from "@cdktf/provider-aws/lib/ram-principal-association";
import { RamResourceAssociation } from "@cdktf/provider-aws/lib/ram-resource-association";
import { RamResourceShare } from "@cdktf/provider-aws/lib/ram-resource-share";
import { Route } from "@cdktf/provider-aws/lib/route";
import { RouteTable } from "@cdktf/provider-aws/lib/route-table";
import { RouteTableAssociation } from "@cdktf/provider-aws/lib/route-table-association";
import { Subnet } from "@cdktf/provider-aws/lib/subnet";
import { Vpc } from "@cdktf/provider-aws/lib/vpc";
import { Construct } from "constructs";
import type { AwsZoneAudit } from "./audit";
import type { AwsZoneContext } from "./context";

/** Private ranges tenancy networks use: traffic back to them goes to the transit gateway. */
const PRIVATE_RANGES = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"];

/**
 * The hub: a transit gateway shared with the organization (RAM), and a central egress VPC on the
 * hub CIDR. Tenancy VPCs attach to the transit gateway; their default route leads here, through
 * AWS Network Firewall (with `egress: firewall`) and a NAT gateway per zone to the internet.
 */
export class AwsZoneHub extends Construct {
  readonly transitGateway: Ec2TransitGateway;
  readonly vpc: Vpc;

  constructor(scope: Construct, ctx: AwsZoneContext, audit: AwsZoneAudit) {
    super(scope, "hub");
    const { spec } = ctx;
    const hub = spec.hubNetwork;
    const name = `${spec.name}-hub`;
    this.transitGateway = new Ec2TransitGateway(this, "transit-gateway", {
      description: `landing zone ${spec.name}: hub of every tenancy network`,
      // Shared with the organization only (RAM below); an attachment from a tenancy still waits
      // until the platform accepts it (aws_ec2_transit_gateway_vpc_attachment_accepter), so no
      // account joins the hub on its own.
      autoAcceptSharedAttachments: "disable",
      defaultRouteTableAssociation: "enable",
      defaultRouteTablePropagation: "enable",
      dnsSupport: "enable",
      tags: { Name: name },
    });
    const share = new RamResourceShare(this, "share", { name: `${name}-transit-gateway`, allowExternalPrincipals: false });
    new RamResourceAssociation(this, "share-transit-gateway", { resourceShareArn: share.arn, resourceArn: this.transitGateway.arn });
    new RamPrincipalAssociation(this, "share-organization", { resourceShareArn: share.arn, principal: ctx.organization.arn });

    const zoneNames = ["a", "b", "c"].slice(0, hub.zones).map((l) => `${ctx.region}${l}`);
    const azs = new DataAwsAvailabilityZones(this, "zones", { state: "available", filter: [{ name: "zone-name", values: zoneNames }] });
    const zone = (i: number) => `\${${azs.fqn}.names[${i}]}`;
    this.vpc = new Vpc(this, "vpc", { cidrBlock: hub.cidr, enableDnsHostnames: true, enableDnsSupport: true, tags: { Name: name } });
    new DefaultSecurityGroup(this, "default-sg", { vpcId: this.vpc.id, ingress: [], egress: [] });
    new FlowLog(this, "flow-log", {
      vpcId: this.vpc.id,
      trafficType: "ALL",
      logDestinationType: "s3",
      logDestination: `${audit.bucket.arn}/flow-logs/`,
      maxAggregationInterval: 60,
    });
    const igw = new InternetGateway(this, "igw", { vpcId: this.vpc.id, tags: { Name: name } });

    const subnets = (kind: "transit" | "firewall" | "public") =>
      hub.subnets[kind].map((cidr, i) => new Subnet(this, `${kind}-${i}`, { vpcId: this.vpc.id, cidrBlock: cidr, availabilityZone: zone(i), tags: { Name: `${name}-${kind}-${i}` } }));
    const transit = subnets("transit");
    const firewall = subnets("firewall");
    const pub = subnets("public");

    const attachment = new Ec2TransitGatewayVpcAttachment(this, "attachment", {
      transitGatewayId: this.transitGateway.id,
      vpcId: this.vpc.id,
      subnetIds: transit.map((s) => s.id),
      applianceModeSupport: "enable",
      tags: { Name: name },
    });
    // Every tenancy's default route leads to the egress VPC.
    new Ec2TransitGatewayRoute(this, "default-route", {
      transitGatewayRouteTableId: this.transitGateway.associationDefaultRouteTableId,
      destinationCidrBlock: "0.0.0.0/0",
      transitGatewayAttachmentId: attachment.id,
    });

    const nats = pub.map((s, i) => {
      const eip = new Eip(this, `nat-${i}-ip`, { domain: "vpc", tags: { Name: `${name}-nat-${i}` } });
      return new NatGateway(this, `nat-${i}`, { allocationId: eip.id, subnetId: s.id, tags: { Name: `${name}-${i}` } });
    });
    const endpoint = hub.egress === "firewall" ? this.firewall(ctx, audit, firewall) : undefined;

    pub.forEach((s, i) => {
      const routes = new RouteTable(this, `public-${i}-routes`, { vpcId: this.vpc.id, tags: { Name: `${name}-public-${i}` } });
      new Route(this, `public-${i}-default-route`, { routeTableId: routes.id, destinationCidrBlock: "0.0.0.0/0", gatewayId: igw.id });
      // Return traffic to the tenancies passes the firewall again (symmetric), or goes straight to the transit gateway.
      PRIVATE_RANGES.forEach((range, r) =>
        new Route(this, `public-${i}-return-${r}`, {
          routeTableId: routes.id,
          destinationCidrBlock: range,
          ...(endpoint ? { vpcEndpointId: endpoint(i) } : { transitGatewayId: this.transitGateway.id }),
          dependsOn: [attachment],
        }),
      );
      new RouteTableAssociation(this, `public-${i}-association`, { subnetId: s.id, routeTableId: routes.id });
    });
    firewall.forEach((s, i) => {
      const routes = new RouteTable(this, `firewall-${i}-routes`, { vpcId: this.vpc.id, tags: { Name: `${name}-firewall-${i}` } });
      new Route(this, `firewall-${i}-default-route`, { routeTableId: routes.id, destinationCidrBlock: "0.0.0.0/0", natGatewayId: nats[i].id });
      PRIVATE_RANGES.forEach((range, r) =>
        new Route(this, `firewall-${i}-return-${r}`, { routeTableId: routes.id, destinationCidrBlock: range, transitGatewayId: this.transitGateway.id, dependsOn: [attachment] }),
      );
      new RouteTableAssociation(this, `firewall-${i}-association`, { subnetId: s.id, routeTableId: routes.id });
    });
    transit.forEach((s, i) => {
      const routes = new RouteTable(this, `transit-${i}-routes`, { vpcId: this.vpc.id, tags: { Name: `${name}-transit-${i}` } });
      new Route(this, `transit-${i}-default-route`, {
        routeTableId: routes.id,
        destinationCidrBlock: "0.0.0.0/0",
        ...(endpoint ? { vpcEndpointId: endpoint(i) } : { natGatewayId: nats[i].id }),
      });
      new RouteTableAssociation(this, `transit-${i}-association`, { subnetId: s.id, routeTableId: routes.id });
    });
  }

  /**
   * AWS Network Firewall in the firewall subnets: stateful, strict order, drops everything that
   * is not HTTPS (or DNS over TLS) leaving the private ranges. Returns the firewall endpoint of zone i.
   */
  private firewall(ctx: AwsZoneContext, audit: AwsZoneAudit, subnets: readonly Subnet[]): (i: number) => string {
    const name = `${ctx.spec.name}-egress`;
    const encryption = { type: "CUSTOMER_KMS", keyId: audit.key.arn };
    const rules = new NetworkfirewallRuleGroup(this, "firewall-rules", {
      name,
      type: "STATEFUL",
      capacity: 100,
      encryptionConfiguration: encryption,
      ruleGroup: {
        statefulRuleOptions: { ruleOrder: "STRICT_ORDER" },
        // HOME_NET defaults to the firewall's own VPC; the tenancies behind the hub are home too.
        ruleVariables: { ipSets: [{ key: "HOME_NET", ipSet: { definition: PRIVATE_RANGES } }] },
        rulesSource: {
          rulesString: [
            `pass tls $HOME_NET any -> $EXTERNAL_NET 443 (msg:"tls out"; flow:to_server; sid:1000001; rev:1;)`,
            `pass tcp $HOME_NET any -> $EXTERNAL_NET 853 (msg:"dns over tls out"; flow:to_server; sid:1000002; rev:1;)`,
          ].join("\n"),
        },
      },
    });
    const policy = new NetworkfirewallFirewallPolicy(this, "firewall-policy", {
      name,
      encryptionConfiguration: encryption,
      firewallPolicy: {
        statelessDefaultActions: ["aws:forward_to_sfe"],
        statelessFragmentDefaultActions: ["aws:forward_to_sfe"],
        statefulEngineOptions: { ruleOrder: "STRICT_ORDER" },
        statefulDefaultActions: ["aws:drop_established", "aws:alert_established"],
        statefulRuleGroupReference: [{ resourceArn: rules.arn, priority: 1 }],
      },
    });
    const firewall = new NetworkfirewallFirewall(this, "firewall", {
      name,
      vpcId: this.vpc.id,
      firewallPolicyArn: policy.arn,
      deleteProtection: true,
      firewallPolicyChangeProtection: true,
      subnetChangeProtection: true,
      encryptionConfiguration: encryption,
      subnetMapping: subnets.map((s) => ({ subnetId: s.id })),
    });
    new NetworkfirewallLoggingConfiguration(this, "firewall-logging", {
      firewallArn: firewall.arn,
      loggingConfiguration: {
        logDestinationConfig: ["ALERT", "FLOW"].map((logType) => ({ logType, logDestinationType: "S3", logDestination: { bucketName: audit.bucket.id, prefix: `network-firewall/${logType.toLowerCase()}` } })),
      },
    });
    // The endpoint of each zone, found by zone in the firewall's sync states (a set, so a for expression).
    return (i: number) =>
      `\${[for s in ${firewall.terraformResourceType}.${firewall.friendlyUniqueId}.firewall_status[0].sync_states : s.attachment[0].endpoint_id if s.availability_zone == ${subnets[i].terraformResourceType}.${subnets[i].friendlyUniqueId}.availability_zone][0]}`;
  }
}
