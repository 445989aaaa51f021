import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { DataAwsIamSessionContext } from "@cdktf/provider-aws/lib/data-aws-iam-session-context";
import { EksAccessEntry } from "@cdktf/provider-aws/lib/eks-access-entry";
import { EksAccessPolicyAssociation } from "@cdktf/provider-aws/lib/eks-access-policy-association";
import { EksAddon } from "@cdktf/provider-aws/lib/eks-addon";
import { EksPodIdentityAssociation } from "@cdktf/provider-aws/lib/eks-pod-identity-association";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { EksCluster } from "@cdktf/provider-aws/lib/eks-cluster";
import { EksNodeGroup } from "@cdktf/provider-aws/lib/eks-node-group";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { LaunchTemplate } from "@cdktf/provider-aws/lib/launch-template";
import type { Construct } from "constructs";
import type { RealizeContext, RealizedComponent } from "../../../core/realizer";
import type { ResolvedKubernetes } from "../../../kinds";
import { Fn } from "../../../core/cdktf";
import type { AwsFoundation } from "../foundation";
import type { AwsTarget } from "../target";
import { grantWorkloadAccess } from "../workload-access";
import { assumeRolePolicy } from "../iam";
import type { AwsNetwork } from "../network";
import { AWS_SIZES } from "../sizes";
import { confidentialOrThrow } from "../../../core/confidential";
import { AWS_CONFIDENTIAL_NODE_AMI_TYPE, awsConfidentialInstanceTypes, awsConfidentialSupport } from "../confidential";

/** What a public endpoint needs to send traffic to a workload. */
export interface AwsBackendHandle {
  /** Security group of the backend's network interfaces. */
  readonly securityGroupId: string;
  /** `ip` for pods (bound by the AWS Load Balancer Controller), `instance` for an auto scaling group. */
  readonly targetType: "ip" | "instance";
  readonly autoscalingGroupName?: string;
  /** False for a VM group that runs nothing (no bootstrap, stock image): a load balancer in front would only ever see it fail. */
  readonly runsWorkload?: boolean;
  /** Called by a load balancer in front of an auto scaling group: replace machines that fail its health check. */
  readonly useLoadBalancerHealthCheck?: () => void;
}

/** Node image and instance types: Graviton normally, AMD SEV-SNP (x86, Amazon Linux 2023) in a confidential placement. */
function nodeMachines(props: ResolvedKubernetes, ctx: RealizeContext<AwsFoundation, AwsNetwork>): { amiType: string; instanceTypes: string[]; confidential: boolean } {
  const override = props.overrides.aws?.instanceTypes as string[] | undefined;
  if (!ctx.app.confidentialCompute) return { amiType: "AL2023_ARM_64_STANDARD", instanceTypes: override ?? AWS_SIZES[props.size].nodeInstanceTypes, confidential: false };
  // Managed node groups only: Fargate and EKS Auto Mode cannot switch AMD SEV-SNP on.
  const types = confidentialOrThrow(ctx, awsConfidentialSupport(ctx.target as AwsTarget), props.name, awsConfidentialInstanceTypes(props.size, override, "overrides.aws.instanceTypes"));
  return { amiType: AWS_CONFIDENTIAL_NODE_AMI_TYPE, instanceTypes: [...types], confidential: true };
}

/**
 * EKS with a private API endpoint only, Kubernetes secrets encrypted with the app key, every
 * control-plane log type kept in an encrypted log group, and a managed node group in the private
 * subnets on encrypted disks with IMDSv2; in a confidential placement the nodes are AMD SEV-SNP
 * instances (m6a, Amazon Linux 2023 on x86).
 */
export function awsKubernetes(scope: Construct, props: ResolvedKubernetes, ctx: RealizeContext<AwsFoundation, AwsNetwork>): RealizedComponent {
  const f = ctx.foundation;
  const id = `${ctx.app.name}-${props.name}`;
  const size = AWS_SIZES[props.size];
  // Before anything is made: a confidential placement this target cannot honour fails cleanly.
  const nodes = nodeMachines(props, ctx);

  // Classified apps: what nodes and pods need of AWS without the internet.
  ctx.network.addEndpoints(["ecr.api", "ecr.dkr", "eks", "eks-auth", "ec2", "elasticloadbalancing"]);
  const clusterRole = new IamRole(scope, "cluster-role", { name: `${id}-eks-cluster`, assumeRolePolicy: assumeRolePolicy(f.servicePrincipal("eks")) });
  const clusterPolicy = new IamRolePolicyAttachment(scope, "cluster-policy", { role: clusterRole.name, policyArn: f.managedPolicyArn("AmazonEKSClusterPolicy") });
  // Envelope encryption of Kubernetes secrets: the cluster role uses the app key (the key policy delegates to IAM).
  const keyUse = new DataAwsIamPolicyDocument(scope, "cluster-key-document", {
    statement: [{ sid: "SecretsEncryption", actions: ["kms:Encrypt", "kms:Decrypt", "kms:DescribeKey", "kms:ListGrants", "kms:CreateGrant"], resources: [f.key.arn] }],
  });
  const clusterKeyPolicy = new IamRolePolicy(scope, "cluster-key-policy", { name: "polder-secrets-encryption", role: clusterRole.id, policy: keyUse.json });
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
    dependsOn: [clusterPolicy, clusterKeyPolicy, logs],
  });

  const nodeRole = new IamRole(scope, "node-role", { name: `${id}-eks-nodes`, assumeRolePolicy: assumeRolePolicy(f.servicePrincipal("ec2")) });
  const nodePolicies = ["AmazonEKSWorkerNodePolicy", "AmazonEKS_CNI_Policy", "AmazonEC2ContainerRegistryReadOnly"].map(
    (policy) => new IamRolePolicyAttachment(scope, `node-${policy}`, { role: nodeRole.name, policyArn: f.managedPolicyArn(policy) }),
  );
  const template = new LaunchTemplate(scope, "node-template", {
    name: `${id}-nodes`,
    // Confidential placement: the nodes' memory is encrypted by the CPU with a key the hypervisor cannot read.
    cpuOptions: nodes.confidential ? { amdSevSnp: "enabled" } : undefined,
    metadataOptions: { httpTokens: "required", httpEndpoint: "enabled", httpPutResponseHopLimit: 1 },
    blockDeviceMappings: [{ deviceName: "/dev/xvda", ebs: { encrypted: "true", kmsKeyId: f.key.arn, volumeSize: 50, volumeType: "gp3" } }],
    monitoring: { enabled: true },
  });
  // The node group's auto scaling group launches the nodes with the encrypted volumes above.
  f.allowAutoScaling();
  new EksNodeGroup(scope, "nodes", {
    clusterName: cluster.name,
    nodeGroupName: "default",
    nodeRoleArn: nodeRole.arn,
    subnetIds: [...ctx.network.privateSubnetIds],
    amiType: nodes.amiType,
    instanceTypes: nodes.instanceTypes,
    scalingConfig: { minSize: size.nodes.min, desiredSize: size.nodes.desired, maxSize: size.nodes.max },
    updateConfig: { maxUnavailable: 1 },
    launchTemplate: { id: template.id, version: template.latestVersion.toString() },
    dependsOn: nodePolicies,
  });
  const clusterSg = cluster.vpcConfig.clusterSecurityGroupId;

  // Administrators: access entries with the cluster-admin access policy, for the roles the target
  // names or else the role that deploys the stack; the private endpoint admits them on 443 from the
  // app network, its allowed ranges and the target's admin ranges.
  const target = ctx.target as AwsTarget;
  const admins = target.clusterAdminRoleArns.length ? target.clusterAdminRoleArns : [new DataAwsIamSessionContext(scope, "deployer", { arn: f.caller.arn }).issuerArn];
  admins.forEach((principalArn, i) => {
    const entry = new EksAccessEntry(scope, `admin-${i}`, { clusterName: cluster.name, principalArn, type: "STANDARD" });
    new EksAccessPolicyAssociation(scope, `admin-${i}-policy`, {
      clusterName: cluster.name,
      principalArn: entry.principalArn,
      policyArn: `arn:${f.partition.partition}:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy`,
      accessScope: { type: "cluster" },
    });
  });
  [ctx.network.cidr, ...ctx.network.allowedIngressCidrs, ...target.adminCidrs].forEach((cidr, i) =>
    new VpcSecurityGroupIngressRule(scope, `api-ingress-${i}`, { securityGroupId: clusterSg, description: "Kubernetes API (private endpoint) for administrators", ipProtocol: "tcp", fromPort: 443, toPort: 443, cidrIpv4: cidr }),
  );

  // Workloads: pods of service account <component> in namespace <app> run as this role (EKS Pod Identity).
  const podIdentity = new EksAddon(scope, "pod-identity-agent", { clusterName: cluster.name, addonName: "eks-pod-identity-agent" });
  const workloadRole = new IamRole(scope, "workload-role", {
    name: `${id}-workload`,
    assumeRolePolicy: Fn.jsonencode({
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Principal: { Service: f.servicePrincipal("pods.eks") }, Action: ["sts:AssumeRole", "sts:TagSession"] }],
    }),
  });
  grantWorkloadAccess(scope, f, workloadRole);
  new EksPodIdentityAssociation(scope, "workload-identity", { clusterName: cluster.name, namespace: ctx.app.name, serviceAccount: props.name, roleArn: workloadRole.arn, dependsOn: [podIdentity] });

  const handle: AwsBackendHandle = { securityGroupId: clusterSg, targetType: "ip" };
  return {
    kind: "kubernetes",
    strategy: ctx.strategy,
    connection: { host: cluster.endpoint, port: "443", name: cluster.name, secretRef: "", url: cluster.endpoint },
    handle,
  };
}
