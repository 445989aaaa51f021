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
import type { Construct } from "constructs";
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
}

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

  const privateSubnetIds: string[] = [];
  const publicSubnetIds: string[] = [];
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
    const eip = new Eip(scope, `nat-${i}-ip`, { domain: "vpc", tags: { Name: `${name}-nat-${i}` } });
    const nat = new NatGateway(scope, `nat-${i}`, { allocationId: eip.id, subnetId: pub.id, tags: { Name: `${name}-${i}` } });

    const priv = new Subnet(scope, `private-${i}`, {
      vpcId: vpc.id,
      cidrBlock: props.subnets.private[i],
      availabilityZone: az,
      tags: { Name: `${name}-private-${i}`, "kubernetes.io/role/internal-elb": "1" },
    });
    const routes = new RouteTable(scope, `private-${i}-routes`, { vpcId: vpc.id, tags: { Name: `${name}-private-${i}` } });
    new Route(scope, `private-${i}-default-route`, { routeTableId: routes.id, destinationCidrBlock: "0.0.0.0/0", natGatewayId: nat.id });
    new RouteTableAssociation(scope, `private-${i}-association`, { subnetId: priv.id, routeTableId: routes.id });
    privateSubnetIds.push(priv.id);
    publicSubnetIds.push(pub.id);
  }
  return { vpcId: vpc.id, cidr: props.cidr, privateSubnetIds, publicSubnetIds, allowedIngressCidrs: props.allowedIngressCidrs };
}
