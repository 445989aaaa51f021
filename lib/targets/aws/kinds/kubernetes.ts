import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { EksCluster } from "@cdktf/provider-aws/lib/eks-cluster";
import { EksNodeGroup } from "@cdktf/provider-aws/lib/eks-node-group";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { LaunchTemplate } from "@cdktf/provider-aws/lib/launch-template";
import type { Construct } from "constructs";
import type { RealizeContext, RealizedComponent } from "../../../core/realizer";
import type { ResolvedKubernetes } from "../../../kinds";
import type { AwsFoundation } from "../foundation";
import { assumeRolePolicy } from "../iam";
import type { AwsNetwork } from "../network";
import { AWS_SIZES } from "../sizes";

/** What a public endpoint needs to send traffic to a workload. */
export interface AwsBackendHandle {
  /** Security group of the backend's network interfaces. */
  readonly securityGroupId: string;
  /** `ip` for pods (bound by the AWS Load Balancer Controller), `instance` for an auto scaling group. */
  readonly targetType: "ip" | "instance";
  readonly autoscalingGroupName?: string;
  /** Called by a load balancer in front of an auto scaling group: replace machines that fail its health check. */
  readonly useLoadBalancerHealthCheck?: () => void;
}

/**
 * EKS with a private API endpoint only, Kubernetes secrets encrypted with the app key, every
 * control-plane log type kept in an encrypted log group, and a managed node group in the private
 * subnets on encrypted disks with IMDSv2.
 */
export function awsKubernetes(scope: Construct, props: ResolvedKubernetes, ctx: RealizeContext<AwsFoundation, AwsNetwork>): RealizedComponent {
  const f = ctx.foundation;
  const id = `${ctx.app.name}-${props.name}`;
  const size = AWS_SIZES[props.size];

  const clusterRole = new IamRole(scope, "cluster-role", { name: `${id}-eks-cluster`, assumeRolePolicy: assumeRolePolicy(f.servicePrincipal("eks")) });
  const clusterPolicy = new IamRolePolicyAttachment(scope, "cluster-policy", { role: clusterRole.name, policyArn: f.managedPolicyArn("AmazonEKSClusterPolicy") });
  // EKS writes here; made first so the group is encrypted and has a retention.
  const logs = new CloudwatchLogGroup(scope, "control-plane-logs", { name: `/aws/eks/${id}/cluster`, retentionInDays: 365, kmsKeyId: f.key.arn });

  const cluster = new EksCluster(scope, "cluster", {
    name: id,
    version: props.version,
    roleArn: clusterRole.arn,
    vpcConfig: { subnetIds: [...ctx.network.privateSubnetIds], endpointPrivateAccess: true, endpointPublicAccess: false },
    encryptionConfig: { provider: { keyArn: f.key.arn }, resources: ["secrets"] },
    enabledClusterLogTypes: ["api", "audit", "authenticator", "controllerManager", "scheduler"],
    accessConfig: { authenticationMode: "API" },
    dependsOn: [clusterPolicy, logs],
  });

  const nodeRole = new IamRole(scope, "node-role", { name: `${id}-eks-nodes`, assumeRolePolicy: assumeRolePolicy(f.servicePrincipal("ec2")) });
  const nodePolicies = ["AmazonEKSWorkerNodePolicy", "AmazonEKS_CNI_Policy", "AmazonEC2ContainerRegistryReadOnly"].map(
    (policy) => new IamRolePolicyAttachment(scope, `node-${policy}`, { role: nodeRole.name, policyArn: f.managedPolicyArn(policy) }),
  );
  const template = new LaunchTemplate(scope, "node-template", {
    name: `${id}-nodes`,
    metadataOptions: { httpTokens: "required", httpEndpoint: "enabled", httpPutResponseHopLimit: 1 },
    blockDeviceMappings: [{ deviceName: "/dev/xvda", ebs: { encrypted: "true", kmsKeyId: f.key.arn, volumeSize: 50, volumeType: "gp3" } }],
    monitoring: { enabled: true },
  });
  const overrides = props.overrides.aws ?? {};
  new EksNodeGroup(scope, "nodes", {
    clusterName: cluster.name,
    nodeGroupName: "default",
    nodeRoleArn: nodeRole.arn,
    subnetIds: [...ctx.network.privateSubnetIds],
    amiType: "AL2023_ARM_64_STANDARD",
    instanceTypes: (overrides.instanceTypes as string[] | undefined) ?? size.nodeInstanceTypes,
    scalingConfig: { minSize: size.nodes.min, desiredSize: size.nodes.desired, maxSize: size.nodes.max },
    updateConfig: { maxUnavailable: 1 },
    launchTemplate: { id: template.id, version: template.latestVersion.toString() },
    dependsOn: nodePolicies,
  });
  const handle: AwsBackendHandle = { securityGroupId: cluster.vpcConfig.clusterSecurityGroupId, targetType: "ip" };
  return {
    kind: "kubernetes",
    strategy: ctx.strategy,
    connection: { host: cluster.endpoint, port: "443", name: cluster.name, secretRef: "", url: cluster.endpoint },
    handle,
  };
}
