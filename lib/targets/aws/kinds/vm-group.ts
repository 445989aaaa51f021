import { AutoscalingGroup } from "@cdktf/provider-aws/lib/autoscaling-group";
import { DataAwsSsmParameter } from "@cdktf/provider-aws/lib/data-aws-ssm-parameter";
import { IamInstanceProfile } from "@cdktf/provider-aws/lib/iam-instance-profile";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { LaunchTemplate } from "@cdktf/provider-aws/lib/launch-template";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcSecurityGroupEgressRule } from "@cdktf/provider-aws/lib/vpc-security-group-egress-rule";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import type { Construct } from "constructs";
import type { RealizeContext, RealizedComponent } from "../../../core/realizer";
import type { ResolvedVmGroup } from "../../../kinds";
import { hclString, runsWorkload } from "../../../kinds/vm-group";
import { withProxy } from "../../../kinds/egress-proxy";
import type { AwsFoundation } from "../foundation";
import { assumeRolePolicy } from "../iam";
import { awsTags } from "../stack";
import type { AwsNetwork } from "../network";
import { AWS_IMAGE_PARAMETERS, AWS_SIZES } from "../sizes";
import { confidentialOrThrow } from "../../../core/confidential";
import { AWS_CONFIDENTIAL_SIZES, awsConfidentialImageParameter, awsConfidentialInstanceTypes, awsConfidentialSupport } from "../confidential";
import type { AwsTarget } from "../target";
import { grantWorkloadAccess } from "../workload-access";
import type { AwsBackendHandle } from "./kubernetes";

/** Instance type and image of the group: Graviton normally, AMD SEV-SNP (x86) in a confidential placement. */
function vmMachines(props: ResolvedVmGroup, ctx: RealizeContext<AwsFoundation, AwsNetwork>): { instanceType: string; imageParameter: string; confidential: boolean } {
  const overrides = props.overrides.aws ?? {};
  const instanceType = overrides.instanceType as string | undefined;
  if (!ctx.app.confidentialCompute) return { instanceType: instanceType ?? AWS_SIZES[props.size].vmInstanceType, imageParameter: AWS_IMAGE_PARAMETERS[props.image], confidential: false };
  const support = awsConfidentialSupport(ctx.target as AwsTarget);
  const types = confidentialOrThrow(ctx, support, props.name, instanceType ? awsConfidentialInstanceTypes(props.size, [instanceType], "overrides.aws.instanceType") : [AWS_CONFIDENTIAL_SIZES[props.size].vmInstanceType]);
  // An image of the user's own (overrides.aws.imageId) is theirs to make SEV-SNP capable; the SSM parameter is then unused.
  const imageParameter = overrides.imageId ? AWS_IMAGE_PARAMETERS[props.image] : confidentialOrThrow(ctx, support, props.name, awsConfidentialImageParameter(props.image, "image"));
  return { instanceType: types[0], imageParameter, confidential: true };
}

/**
 * An auto scaling group of `count` machines in the private subnets: no public IPs, IMDSv2 only,
 * disks encrypted with the app key, reachable on `port` from the app network only, managed
 * through SSM (no SSH key). In a confidential placement: AMD SEV-SNP instances (m6a) on an x86 image
 * that runs as a SEV-SNP guest.
 */
export function awsVmGroup(scope: Construct, props: ResolvedVmGroup, ctx: RealizeContext<AwsFoundation, AwsNetwork>): RealizedComponent {
  const f = ctx.foundation;
  const net = ctx.network;
  const id = `${ctx.app.name}-${props.name}`;
  const overrides = props.overrides.aws ?? {};
  // Before anything is made: a confidential placement this target cannot honour fails cleanly.
  const machines = vmMachines(props, ctx);

  const sg = new SecurityGroup(scope, "sg", { name: `${id}-vms`, description: `VM group ${id}`, vpcId: net.vpcId });
  [net.cidr, ...net.allowedIngressCidrs].forEach((cidr, i) =>
    new VpcSecurityGroupIngressRule(scope, `ingress-${i}`, { securityGroupId: sg.id, description: "workload port from the app network", ipProtocol: "tcp", fromPort: props.port, toPort: props.port, cidrIpv4: cidr }),
  );
  // Classified apps: HTTPS only to the VPC's endpoints, and TCP to the destinations the target names (proxy, mirror).
  new VpcSecurityGroupEgressRule(scope, "egress-https", {
    securityGroupId: sg.id,
    description: net.egress ? "HTTPS to the VPC endpoints (SSM, Secrets Manager, KMS, logs)" : "HTTPS out (updates, SSM)",
    ipProtocol: "tcp",
    fromPort: 443,
    toPort: 443,
    cidrIpv4: net.egress ? net.cidr : "0.0.0.0/0",
  });
  // Package mirrors (Ubuntu's and Debian's archives) answer on port 80; classified apps use the target's mirror instead.
  if (!net.egress)
    new VpcSecurityGroupEgressRule(scope, "egress-http", { securityGroupId: sg.id, description: "HTTP out (package mirrors)", ipProtocol: "tcp", fromPort: 80, toPort: 80, cidrIpv4: "0.0.0.0/0" });
  net.egress?.cidrs.forEach((cidr, i) =>
    new VpcSecurityGroupEgressRule(scope, `egress-destination-${i}`, { securityGroupId: sg.id, description: "a destination the target names (proxy, mirror)", ipProtocol: "tcp", fromPort: 0, toPort: 65535, cidrIpv4: cidr }),
  );
  // The app's databases: egress here, ingress on their side (from the app network).
  for (const db of f.databases)
    new VpcSecurityGroupEgressRule(scope, `egress-${db.name}`, { securityGroupId: sg.id, description: `to database ${db.name}`, ipProtocol: "tcp", fromPort: db.port, toPort: db.port, referencedSecurityGroupId: db.securityGroupId });

  const role = new IamRole(scope, "role", { name: `${id}-vms`, assumeRolePolicy: assumeRolePolicy(f.servicePrincipal("ec2")) });
  new IamRolePolicyAttachment(scope, "ssm-policy", { role: role.name, policyArn: f.managedPolicyArn("AmazonSSMManagedInstanceCore") });
  const profile = new IamInstanceProfile(scope, "profile", { name: `${id}-vms`, role: role.name });
  grantWorkloadAccess(scope, f, role);
  // The auto scaling group launches the instances, so its service-linked role creates their encrypted volumes.
  f.allowAutoScaling();

  const imageId = (overrides.imageId as string | undefined) ?? new DataAwsSsmParameter(scope, "image", { name: machines.imageParameter }).value;
  const template = new LaunchTemplate(scope, "template", {
    name: `${id}-vms`,
    imageId,
    instanceType: machines.instanceType,
    // Confidential placement: memory encrypted by the CPU with a key the hypervisor cannot read.
    cpuOptions: machines.confidential ? { amdSevSnp: "enabled" } : undefined,
    iamInstanceProfile: { arn: profile.arn },
    vpcSecurityGroupIds: [sg.id],
    metadataOptions: { httpTokens: "required", httpEndpoint: "enabled", httpPutResponseHopLimit: 1 },
    blockDeviceMappings: [{ deviceName: "/dev/sda1", ebs: { encrypted: "true", kmsKeyId: f.key.arn, volumeSize: 30, volumeType: "gp3", deleteOnTermination: "true" } }],
    monitoring: { enabled: true },
    // What the machines run (the spec's bootstrap): readable in the JSON, base64-encoded by Terraform.
    userData: props.bootstrap === undefined ? undefined : `\${base64encode(${hclString(net.egress?.proxy ? withProxy(props.bootstrap, net.egress.proxy, net.cidr) : props.bootstrap)})}`,
  });
  const asg = new AutoscalingGroup(scope, "group", {
    name: id,
    minSize: props.count,
    maxSize: props.count,
    desiredCapacity: props.count,
    vpcZoneIdentifier: [...net.privateSubnetIds],
    launchTemplate: { id: template.id, version: template.latestVersion.toString() },
    healthCheckType: "EC2",
    // Provider default_tags do not reach the instances an auto scaling group launches.
    tag: Object.entries(awsTags(ctx.stack.tags)).map(([key, value]) => ({ key, value, propagateAtLaunch: true })),
  });
  const handle: AwsBackendHandle = {
    securityGroupId: sg.id,
    targetType: "instance",
    autoscalingGroupName: asg.name,
    runsWorkload: runsWorkload(props, "aws", "imageId"),
    useLoadBalancerHealthCheck: () => {
      asg.healthCheckType = "ELB";
      asg.healthCheckGracePeriod = 300;
    },
  };
  return {
    kind: "vm-group",
    strategy: ctx.strategy,
    connection: { host: "", port: String(props.port), name: asg.name, secretRef: "", url: "" },
    handle,
  };
}
