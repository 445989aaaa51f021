import { ContainerCluster } from "@cdktf/provider-google/lib/container-cluster";
import { ContainerNodePool } from "@cdktf/provider-google/lib/container-node-pool";
import { ProjectIamMember } from "@cdktf/provider-google/lib/project-iam-member";
import { ServiceAccount } from "@cdktf/provider-google/lib/service-account";
import { ServiceAccountIamMember } from "@cdktf/provider-google/lib/service-account-iam-member";
import type { Construct } from "constructs";
import { Lazy } from "../../../core/cdktf";
import { skipCheck } from "../../../core/checks";
import { SpecValidationError } from "../../../core/errors";
import type { RealizeContext, RealizedComponent } from "../../../core/realizer";
import { noteStrategy } from "../../../core/strategy-note";
import type { ResolvedKubernetes } from "../../../kinds";
import { projectIdOf } from "../bucket-baseline";
import { explainGcpStrategy } from "../capabilities";
import type { GcpFoundation } from "../foundation";
import { gcpLabels } from "../labels";
import { gcpName } from "../naming";
import type { GcpNetwork } from "../network";
import { gcpSize, offersMachineType } from "../sizes";
import { universeName } from "../universes";
import { confidentialOrThrow } from "../../../core/confidential";
import { GCP_CONFIDENTIAL_INSTANCE_TYPE, gcpConfidentialMachineType, gcpConfidentialStrategy, gcpConfidentialSupport } from "../confidential";

/** What a public endpoint needs to send traffic to a workload. */
export interface GcpBackendHandle {
  /** E-mail of the service account the serving machines run as: firewall rules target it. */
  readonly serviceAccountEmail: string;
  /** Port the backend serves on. */
  readonly port?: number;
  /** A managed instance group (vm-group); absent for GKE, whose pods join through NEGs. */
  readonly instanceGroup?: string;
  /** False for a vm-group whose machines run nothing (no bootstrap): an endpoint in front of it is refused. */
  readonly runsWorkload?: boolean;
}

/** Roles GKE nodes need and nothing more (logs, metrics, pulling images). */
const NODE_ROLES = ["roles/logging.logWriter", "roles/monitoring.metricWriter", "roles/monitoring.viewer", "roles/stackdriver.resourceMetadata.writer", "roles/artifactregistry.reader"];

/** The N2D machine type of Confidential GKE Nodes; refuses Autopilot and universes without N2D. */
function confidentialNodeMachineType(props: ResolvedKubernetes, ctx: RealizeContext<GcpFoundation, GcpNetwork>, override: string | undefined): string {
  const support = gcpConfidentialSupport(ctx.foundation.universe, ctx.target.region);
  confidentialOrThrow(ctx, support, props.name, gcpConfidentialStrategy(ctx.strategy));
  return confidentialOrThrow(ctx, support, props.name, gcpConfidentialMachineType(props.size, "nodeMachineType", override));
}

/**
 * Private GKE: private nodes, the control plane reachable at its private endpoint from the app
 * network and through its DNS endpoint (IAM-authorized, so administrators reach it without a
 * network path), workload identity, shielded nodes on their own least-privilege service account
 * with CMEK boot disks, Kubernetes secrets encrypted with the app key, a release channel, network
 * policy. `managed` is GKE Standard with a node pool sized by `size`; `autopilot` is GKE Autopilot
 * (the only mode some universes offer), where Google sizes the nodes. In a confidential placement
 * (GKE Standard only): Confidential GKE Nodes on N2D machines (AMD SEV).
 */
export function gcpKubernetes(scope: Construct, props: ResolvedKubernetes, ctx: RealizeContext<GcpFoundation, GcpNetwork>): RealizedComponent {
  const f = ctx.foundation;
  const u = f.universe;
  const net = ctx.network;
  net.usePods();
  const id = `${ctx.app.name}-${props.name}`;
  const autopilot = ctx.strategy === "autopilot";
  const where = `app '${ctx.app.name}' on ${ctx.target.description}`;
  const override = props.overrides.gcp?.machineType as string | undefined;
  // A confidential placement: Confidential GKE Nodes (N2D, AMD SEV) on GKE Standard, where the universe has them.
  const confidential = ctx.app.confidentialCompute === true;
  const machineType = confidential ? confidentialNodeMachineType(props, ctx, override) : override;
  if (machineType && autopilot)
    throw new SpecValidationError(where, [{ path: `components.${props.name}.overrides.gcp.machineType`, message: `GKE Autopilot chooses the machines itself (strategy autopilot${u.gkeStandard ? "" : `, the only one in ${universeName(u)}`}): remove the override` }]);
  if (machineType && !offersMachineType(u, machineType))
    throw new SpecValidationError(where, [{ path: `components.${props.name}.overrides.gcp.machineType`, message: `${JSON.stringify(machineType)} is not offered in ${universeName(u)}: C3 or M3 machine types only` }]);

  const nodes = new ServiceAccount(scope, "nodes", { accountId: gcpName([ctx.app.name, props.name, "nodes"], 30), displayName: `polder ${id}: GKE nodes (logs, metrics, images only)` });
  const nodeRoles = NODE_ROLES.map((role) => new ProjectIamMember(scope, `nodes-${role.split("/")[1].replace(/\./g, "-")}`, { project: ctx.foundation.projectId, role, member: `serviceAccount:${nodes.email}` }));
  // GKE encrypts Kubernetes secrets with the key, Compute Engine the nodes' boot disks.
  const grants = [f.grantServiceAgent("compute-system")];
  if (u.gkeSecretsEncryption) grants.push(f.grantServiceAgent("container-engine-robot"));

  const shielded = { enableSecureBoot: true, enableIntegrityMonitoring: true };
  const cluster = new ContainerCluster(scope, "cluster", {
    name: id,
    location: ctx.target.region,
    network: net.network.id,
    subnetwork: net.subnet.id,
    networkingMode: "VPC_NATIVE",
    ipAllocationPolicy: { clusterSecondaryRangeName: net.podsRange, servicesSecondaryRangeName: net.servicesRange },
    privateClusterConfig: { enablePrivateNodes: true, enablePrivateEndpoint: u.gkePrivateEndpoint, masterIpv4CidrBlock: net.plan.controlPlane },
    masterAuthorizedNetworksConfig: u.gkePrivateEndpoint
      ? { cidrBlocks: [{ cidrBlock: net.cidr, displayName: "app network" }, ...net.allowedIngressCidrs.map((c) => ({ cidrBlock: c, displayName: "allowed ingress" }))] }
      : undefined,
    // The admin path: the DNS endpoint authorizes every request with IAM, no network route needed.
    controlPlaneEndpointsConfig: { dnsEndpointConfig: { allowExternalTraffic: true } },
    minMasterVersion: props.version,
    releaseChannel: { channel: "REGULAR" },
    workloadIdentityConfig: { workloadPool: `${projectIdOf(ctx.foundation.projectName)}.${u.workloadPoolDomain}` },
    databaseEncryption: u.gkeSecretsEncryption ? { state: "ENCRYPTED", keyName: f.key.id } : undefined,
    masterAuth: { clientCertificateConfig: { issueClientCertificate: false } },
    enableLegacyAbac: false,
    enableIntranodeVisibility: true,
    deletionProtection: true,
    // The provider's default labels reach the cluster too; said here as well so scanners see them.
    resourceLabels: Lazy.anyValue({ produce: () => gcpLabels(ctx.stack.tags) }) as unknown as Record<string, string>,
    ...(autopilot
      ? {
          enableAutopilot: true,
          // Autopilot nodes are always shielded (secure boot, integrity monitoring); it takes no setting for it.
          clusterAutoscaling: { autoProvisioningDefaults: { serviceAccount: nodes.email, oauthScopes: ["cloud-platform"], bootDiskKmsKey: f.key.id } },
        }
      : {
          enableShieldedNodes: true,
          networkPolicy: { enabled: true, provider: "CALICO" },
          addonsConfig: { networkPolicyConfig: { disabled: false } },
          removeDefaultNodePool: true,
          initialNodeCount: 1,
          // The default pool exists for a moment only; it still runs as the nodes' account (and on N2D when the nodes are confidential).
          nodeConfig: { ...(confidential ? { machineType } : {}), serviceAccount: nodes.email, oauthScopes: ["cloud-platform"], shieldedInstanceConfig: shielded, workloadMetadataConfig: { mode: "GKE_METADATA" } },
          // Every node pool of the cluster runs on Confidential VMs.
          ...(confidential ? { confidentialNodes: { enabled: true, confidentialInstanceType: GCP_CONFIDENTIAL_INSTANCE_TYPE } } : {}),
        }),
    lifecycle: { preventDestroy: true },
    dependsOn: [...grants, ...nodeRoles],
  });
  const limits = [
    ...(u.gkeSecretsEncryption ? [] : [`application-layer secrets encryption with the app key is not offered in ${universeName(u)}: secrets are encrypted at rest by the operator's keys only`]),
    ...(u.gkeStandard ? [] : [`Kubernetes network policies are not offered in ${universeName(u)}: pods are isolated by the VPC firewall only`]),
    ...(u.gkePrivateEndpoint ? [] : [`the control plane's endpoints cannot be restricted to private ones in ${universeName(u)}: every request is authorized by IAM`]),
  ];
  noteStrategy(cluster, explainGcpStrategy("kubernetes", ctx.strategy, u, limits.join("; ") || undefined));
  skipCheck(cluster, "CKV_GCP_65", "Google Groups for RBAC need a Google Workspace or Cloud Identity domain, which the app does not name (and sovereign universes do not have): cluster access is granted to IAM principals");
  if (autopilot) {
    skipCheck(cluster, "CKV_GCP_69", "GKE Autopilot always runs the GKE metadata server on its nodes; Autopilot clusters take no node_config to say so");
    skipCheck(cluster, "CKV_GCP_12", `GKE Autopilot enforces network policy with its own dataplane and takes no network_policy block${u.gkeStandard ? "" : `; in ${universeName(u)} Kubernetes network policies are not offered (the strategy note says so)`}`);
  }
  if (!u.gkePrivateEndpoint) skipCheck(cluster, "CKV_GCP_20", `${universeName(u)} does not let the control plane's endpoints be restricted to authorized networks: every request is authorized by IAM (the strategy note says so)`);
  skipCheck(cluster, "CKV_GCP_66", "Binary Authorization needs an attestation policy per app that the kubernetes kind does not take; images are pulled with the nodes' read-only registry role");

  if (!autopilot) {
    const size = gcpSize(u, props.size);
    new ContainerNodePool(scope, "nodes-pool", {
      name: "default",
      cluster: cluster.id,
      location: ctx.target.region,
      autoscaling: { totalMinNodeCount: size.nodes.min, totalMaxNodeCount: size.nodes.max, locationPolicy: "BALANCED" },
      management: { autoRepair: true, autoUpgrade: true },
      nodeConfig: {
        machineType: machineType ?? size.nodeMachineType,
        serviceAccount: nodes.email,
        oauthScopes: ["cloud-platform"],
        imageType: "COS_CONTAINERD",
        diskType: u.diskType,
        diskSizeGb: 50,
        bootDiskKmsKey: f.key.id,
        shieldedInstanceConfig: shielded,
        workloadMetadataConfig: { mode: "GKE_METADATA" },
        metadata: { "disable-legacy-endpoints": "true" },
      },
    });
  }
  // Pods running as Kubernetes service account `workloads` in namespace `<app>` act as the app's
  // workload service account: they may read its secrets and sign in to its databases.
  new ServiceAccountIamMember(scope, "workload-identity", {
    serviceAccountId: f.workloads.name,
    role: "roles/iam.workloadIdentityUser",
    member: `serviceAccount:${cluster.workloadIdentityConfig.workloadPool}[${ctx.app.name}/workloads]`,
  });
  const handle: GcpBackendHandle = { serviceAccountEmail: nodes.email };
  const endpoint = cluster.controlPlaneEndpointsConfig.dnsEndpointConfig.endpoint;
  return {
    kind: "kubernetes",
    strategy: ctx.strategy,
    connection: { host: endpoint, port: "443", name: cluster.name, secretRef: "", url: `https://${endpoint}` },
    handle,
  };
}
