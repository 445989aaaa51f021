import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { DataAwsAvailabilityZones } from "@cdktf/provider-aws/lib/data-aws-availability-zones";
import { DefaultSecurityGroup } from "@cdktf/provider-aws/lib/default-security-group";
import { Eip } from "@cdktf/provider-aws/lib/eip";
import { FlowLog } from "@cdktf/provider-aws/lib/flow-log";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { InternetGateway } from "@cdktf/provider-aws/lib/internet-gateway";
import { NatGateway } from "@cdktf/provider-aws/lib/nat-gateway";
import { Route } from "@cdktf/provider-aws/lib/route";
import { RouteTable } from "@cdktf/provider-aws/lib/route-table";
import { RouteTableAssociation } from "@cdktf/provider-aws/lib/route-table-association";
import { Subnet } from "@cdktf/provider-aws/lib/subnet";
import { Vpc } from "@cdktf/provider-aws/lib/vpc";
import { DataAwsVpcEndpointService } from "@cdktf/provider-aws/lib/data-aws-vpc-endpoint-service";
import { Ec2TransitGatewayVpcAttachment } from "@cdktf/provider-aws/lib/ec2-transit-gateway-vpc-attachment";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcEndpoint } from "@cdktf/provider-aws/lib/vpc-endpoint";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import type { Construct } from "constructs";
import { egressRestricted } from "../../kinds/egress-proxy";
import type { AwsEgress, AwsTarget } from "./target";
import { Fn } from "../../core/cdktf";
import type { NetworkContext } from "../../core/realizer";
import type { ResolvedNetwork } from "../../kinds/network";
import type { AwsFoundation } from "./foundation";
import { assumeRolePolicy } from "./iam";

export interface AwsNetwork {
  readonly vpcId: string;
  readonly cidr: string;
  readonly privateSubnetIds: readonly string[];
  readonly publicSubnetIds: readonly string[];
  /** Ranges besides the VPC allowed to reach workloads. */
  readonly allowedIngressCidrs: readonly string[];
  /** Classified app: no NAT, no route to the internet; the target's egress (proxy, destinations; empty when it names none). */
  readonly egress?: AwsEgress;
  /** Classified app: adds interface endpoints for these AWS services (e.g. `ecr.api` for EKS nodes). */
  addEndpoints(services: readonly string[]): void;
}

/** AWS services every classified app reaches through interface endpoints: SSM for its machines, secrets, keys, logs, STS. */
const BASE_ENDPOINTS = ["ssm", "ssmmessages", "ec2messages", "secretsmanager", "kms", "logs", "sts"];

/**
 * VPC over `zones` availability zones: private subnets for workloads and data (egress through a
 * NAT gateway per zone), public subnets only for load balancers and NAT, flow logs of all
 * traffic to an encrypted log group, and the default security group closed.
 */
export function awsNetwork(scope: Construct, props: ResolvedNetwork, ctx: NetworkContext<AwsFoundation>): AwsNetwork {
  const f = ctx.foundation;
  const name = ctx.app.name;
  // Pinned by name, so the set (and with it every subnet's zone) never shifts when AWS adds a zone.
  const zoneNames = ["a", "b", "c"].slice(0, props.zones).map((letter) => `${ctx.target.region}${letter}`);
  const azs = new DataAwsAvailabilityZones(scope, "zones", { state: "available", filter: [{ name: "zone-name", values: zoneNames }] });
  const vpc = new Vpc(scope, "vpc", { cidrBlock: props.cidr, enableDnsHostnames: true, enableDnsSupport: true, tags: { Name: name } });
  new DefaultSecurityGroup(scope, "default-sg", { vpcId: vpc.id, ingress: [], egress: [] });

  const logs = new CloudwatchLogGroup(scope, "flow-logs", {
    name: `/polder/${name}/vpc-flow-logs`,
    retentionInDays: 365,
    kmsKeyId: f.key.arn,
  });
  const flowRole = new IamRole(scope, "flow-log-role", {
    name: `${name}-vpc-flow-logs`,
    assumeRolePolicy: assumeRolePolicy(f.servicePrincipal("vpc-flow-logs")),
  });
  new IamRolePolicy(scope, "flow-log-policy", {
    role: flowRole.id,
    policy: Fn.jsonencode({
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
          Resource: [logs.arn, `${logs.arn}:*`],
        },
      ],
    }),
  });
  new FlowLog(scope, "flow-log", { vpcId: vpc.id, trafficType: "ALL", logDestination: logs.arn, iamRoleArn: flowRole.arn, maxAggregationInterval: 60 });

  const igw = new InternetGateway(scope, "igw", { vpcId: vpc.id, tags: { Name: name } });
  const publicRoutes = new RouteTable(scope, "public-routes", { vpcId: vpc.id, tags: { Name: `${name}-public` } });
  new Route(scope, "public-default-route", { routeTableId: publicRoutes.id, destinationCidrBlock: "0.0.0.0/0", gatewayId: igw.id });

  // Classified apps: no NAT gateway and no default route from the private subnets; AWS services
  // through VPC endpoints, the target's destinations through the landing zone's transit gateway.
  const restricted = egressRestricted(ctx.app.classification);
  // Without the target's egress such an app reaches AWS's services only (its machines need images that carry the workload).
  const egress: AwsEgress | undefined = restricted ? ((ctx.target as AwsTarget).egress ?? { proxy: "", cidrs: [], transitGatewayId: "" }) : undefined;
  const privateSubnetIds: string[] = [];
  const publicSubnetIds: string[] = [];
  const privateRouteTableIds: string[] = [];
  for (let i = 0; i < props.zones; i++) {
    const az = Fn.element(azs.names, i);
    const pub = new Subnet(scope, `public-${i}`, {
      vpcId: vpc.id,
      cidrBlock: props.subnets.public[i],
      availabilityZone: az,
      mapPublicIpOnLaunch: false,
      tags: { Name: `${name}-public-${i}`, "kubernetes.io/role/elb": "1" },
    });
    new RouteTableAssociation(scope, `public-${i}-routes`, { subnetId: pub.id, routeTableId: publicRoutes.id });

    const priv = new Subnet(scope, `private-${i}`, {
      vpcId: vpc.id,
      cidrBlock: props.subnets.private[i],
      availabilityZone: az,
      tags: { Name: `${name}-private-${i}`, "kubernetes.io/role/internal-elb": "1" },
    });
    const routes = new RouteTable(scope, `private-${i}-routes`, { vpcId: vpc.id, tags: { Name: `${name}-private-${i}` } });
    if (!egress) {
      const eip = new Eip(scope, `nat-${i}-ip`, { domain: "vpc", tags: { Name: `${name}-nat-${i}` } });
      const nat = new NatGateway(scope, `nat-${i}`, { allocationId: eip.id, subnetId: pub.id, tags: { Name: `${name}-${i}` } });
      new Route(scope, `private-${i}-default-route`, { routeTableId: routes.id, destinationCidrBlock: "0.0.0.0/0", natGatewayId: nat.id });
    }
    privateRouteTableIds.push(routes.id);
    new RouteTableAssociation(scope, `private-${i}-association`, { subnetId: priv.id, routeTableId: routes.id });
    privateSubnetIds.push(priv.id);
    publicSubnetIds.push(pub.id);
  }
  const added = new Set<string>();
  let endpointSg: SecurityGroup | undefined;
  const addEndpoints = (services: readonly string[]) => {
    if (!egress) return;
    endpointSg ??= endpointSecurityGroup(scope, vpc.id, props.cidr, name);
    for (const service of services.filter((s) => !added.has(s))) {
      added.add(service);
      const id = `endpoint-${service.replace(/\./g, "-")}`;
      const lookup = new DataAwsVpcEndpointService(scope, `${id}-service`, { service, serviceType: "Interface" });
      new VpcEndpoint(scope, id, { vpcId: vpc.id, serviceName: lookup.serviceName, vpcEndpointType: "Interface", privateDnsEnabled: true, subnetIds: [...privateSubnetIds], securityGroupIds: [endpointSg.id], tags: { Name: `${name}-${service}` } });
    }
  };
  if (egress) {
    const s3 = new DataAwsVpcEndpointService(scope, "endpoint-s3-service", { service: "s3", serviceType: "Gateway" });
    new VpcEndpoint(scope, "endpoint-s3", { vpcId: vpc.id, serviceName: s3.serviceName, vpcEndpointType: "Gateway", routeTableIds: [...privateRouteTableIds], tags: { Name: `${name}-s3` } });
    addEndpoints(BASE_ENDPOINTS);
    if (egress.transitGatewayId) {
    const attachment = new Ec2TransitGatewayVpcAttachment(scope, "egress-attachment", { transitGatewayId: egress.transitGatewayId, vpcId: vpc.id, subnetIds: [...privateSubnetIds], tags: { Name: `${name}-egress` } });
    privateRouteTableIds.forEach((routeTableId, i) =>
      egress.cidrs.forEach((cidr, j) => new Route(scope, `private-${i}-egress-${j}`, { routeTableId, destinationCidrBlock: cidr, transitGatewayId: egress.transitGatewayId, dependsOn: [attachment] })),
    );
    }
  }
  return { vpcId: vpc.id, cidr: props.cidr, privateSubnetIds, publicSubnetIds, allowedIngressCidrs: props.allowedIngressCidrs, egress, addEndpoints };
}

/** The interface endpoints' group: HTTPS from the VPC only. */
function endpointSecurityGroup(scope: Construct, vpcId: string, cidr: string, name: string): SecurityGroup {
  const sg = new SecurityGroup(scope, "endpoints-sg", { name: `${name}-endpoints`, description: `VPC endpoints of ${name}: HTTPS from the VPC`, vpcId });
  new VpcSecurityGroupIngressRule(scope, "endpoints-ingress", { securityGroupId: sg.id, description: "HTTPS from the VPC", ipProtocol: "tcp", fromPort: 443, toPort: 443, cidrIpv4: cidr });
  return sg;
}
