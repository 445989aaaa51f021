import { FederatedIdentityCredential } from "@cdktf/provider-azurerm/lib/federated-identity-credential";
import { KubernetesCluster } from "@cdktf/provider-azurerm/lib/kubernetes-cluster";
import { RoleAssignment } from "@cdktf/provider-azurerm/lib/role-assignment";
import { UserAssignedIdentity } from "@cdktf/provider-azurerm/lib/user-assigned-identity";
import type { Construct } from "constructs";
import { skipCheck } from "../../../core/checks";
import { SpecValidationError } from "../../../core/errors";
import type { RealizeContext, RealizedComponent } from "../../../core/realizer";
import type { ResolvedKubernetes } from "../../../kinds";
import type { AzureFoundation } from "../foundation";
import { boundedName } from "../naming";
import type { AzureNetwork } from "../network";
import { kubernetesRanges } from "../network-plan";
import { AZURE_SIZES } from "../sizes";
import { confidentialOrThrow } from "../../../core/confidential";
import { AZURE_CONFIDENTIAL_NODE_OS_SKU, azureConfidentialSupport, azureConfidentialVmSize } from "../confidential";
import type { AzureTarget } from "../target";

/** What a public endpoint needs to send traffic to a workload. */
export type AzureBackendHandle =
  | {
      readonly kind: "vm-group";
      readonly port: number;
      /** False when the machines run nothing (no bootstrap): an endpoint in front of them is refused. */
      readonly runsWorkload: boolean;
      /** Puts the scale set's machines into a backend pool of the gateway. */
      attachToGateway(backendPoolId: string): void;
    }
  | {
      readonly kind: "kubernetes";
      readonly cluster: KubernetesCluster;
      /** Turns on the Application Gateway Ingress Controller add-on for this gateway; returns its identity's object id. */
      useGateway(gatewayId: string): string;
    };

/** Node size and image: the general ones, or DCasv5 confidential VMs on Ubuntu in a confidential placement. */
function nodeMachines(props: ResolvedKubernetes, ctx: RealizeContext<AzureFoundation, AzureNetwork>): { vmSize: string; osSku: string } {
  const override = props.overrides.azure?.vmSize as string | undefined;
  if (!ctx.app.confidentialCompute) return { vmSize: override ?? AZURE_SIZES[props.size].nodeVmSize, osSku: "AzureLinux" };
  return { vmSize: confidentialOrThrow(ctx, azureConfidentialSupport(ctx.target as AzureTarget), props.name, azureConfidentialVmSize(props.size, "nodeVmSize", override)), osSku: AZURE_CONFIDENTIAL_NODE_OS_SKU };
}

/**
 * AKS with a private API server only (in its delegated subnet: API Server VNet Integration), Entra ID RBAC with local accounts off (the deployer is
 * cluster admin through Azure RBAC, `az aks command invoke` reaches the private API), workload
 * identity and OIDC issuer (the app's workload identity is federated to the service account
 * `<app>/<app>`), etcd encrypted with the app key through KMS (private vault access), node disks
 * encrypted with the app key through the disk encryption set and at host, Azure Policy, Container
 * Insights and control-plane logs to the app's workspace, egress through the NAT gateway. In a
 * confidential placement the nodes are DCasv5 confidential VMs (AMD SEV-SNP) on Ubuntu.
 */
export function azureKubernetes(scope: Construct, props: ResolvedKubernetes, ctx: RealizeContext<AzureFoundation, AzureNetwork>): RealizedComponent {
  const f = ctx.foundation;
  const net = ctx.network;
  const rg = f.group.name;
  const id = `${ctx.app.name}-${props.name}`;
  const size = AZURE_SIZES[props.size];
  if (!f.key.vaultKey)
    throw new SpecValidationError(`app ${ctx.app.name} on ${ctx.target.description}`, [
      { path: `components.${props.name}`, message: `kubernetes needs its etcd (KMS) key in a Key Vault, and keyCustody "managed-hsm" keeps the app key in a Managed HSM, which AKS KMS does not take: use keyCustody "key-vault" for this app` },
    ]);
  // A classified app has no NAT gateway: its clusters leave through the hub firewall the target names (azurerm cannot
  // make a network-isolated cluster, outbound type none or block: hashicorp/terraform-provider-azurerm#29484).
  const firewall = net.egress ? net.egressThroughFirewall() : undefined;
  if (net.egress && !firewall)
    throw new SpecValidationError(`app ${ctx.app.name} on ${ctx.target.description}`, [
      { path: `components.${props.name}`, message: `kubernetes of a ${ctx.app.classification} app on Azure has no NAT gateway and needs the hub firewall it leaves through: set egress.firewallIp on the target (or use a vm-group, or the sovereign target)` },
    ]);
  const nodes = nodeMachines(props, ctx);
  const ranges = kubernetesRanges({ cidr: net.cidr, zones: net.zones.length, subnets: { private: [], public: [] }, allowedIngressCidrs: net.allowedIngressCidrs });

  const apiServerSubnet = net.apiServerSubnet();
  const identity = new UserAssignedIdentity(scope, "identity", { name: `${id}-aks`, location: f.location, resourceGroupName: rg, tags: f.tags });
  const grants = [
    // KMS: the cluster wraps etcd's data keys with the app key, through the vault's private link.
    new RoleAssignment(scope, "kms-key", { scope: f.key.vaultKey.resourceVersionlessId, roleDefinitionName: "Key Vault Crypto User", principalId: identity.principalId, principalType: "ServicePrincipal", description: `AKS ${id}: etcd encryption` }),
    new RoleAssignment(scope, "kms-private-link", { scope: f.vault.id, roleDefinitionName: "Key Vault Contributor", principalId: identity.principalId, principalType: "ServicePrincipal", description: `AKS ${id}: KMS reaches the vault over private link` }),
    new RoleAssignment(scope, "disk-encryption-set", { scope: f.diskEncryptionSet().id, roleDefinitionName: "Reader", principalId: identity.principalId, principalType: "ServicePrincipal", description: `AKS ${id}: node disks use the app's disk encryption set` }),
    new RoleAssignment(scope, "subnet", { scope: net.subnets.workload.id, roleDefinitionName: "Network Contributor", principalId: identity.principalId, principalType: "ServicePrincipal", description: `AKS ${id}: nodes and internal load balancers in the workload subnet` }),
    ...(firewall ? [new RoleAssignment(scope, "route-table", { scope: firewall.table.id, roleDefinitionName: "Network Contributor", principalId: identity.principalId, principalType: "ServicePrincipal", description: `AKS ${id}: egress through the hub firewall's route table` })] : []),
    new RoleAssignment(scope, "apiserver-subnet", { scope: apiServerSubnet.id, roleDefinitionName: "Network Contributor", principalId: identity.principalId, principalType: "ServicePrincipal", description: `AKS ${id}: API server in its delegated subnet` }),
  ];
  // Nodes and pods talk to each other inside the workload subnet; Azure's load balancer probes them.
  net.rule("workload", `${props.name}-nodes`, { direction: "Inbound", protocol: "*", ports: "*", from: [net.cidrs.workload], to: [net.cidrs.workload], description: `AKS ${props.name}: node to node, pod to pod` }, { scope });
  net.rule("workload", `${props.name}-nodes-out`, { direction: "Outbound", protocol: "*", ports: "*", from: [net.cidrs.workload], to: [net.cidrs.workload], description: `AKS ${props.name}: node to node, pod to pod` }, { scope });
  net.rule("workload", `${props.name}-probes`, { direction: "Inbound", protocol: "*", ports: "*", from: ["AzureLoadBalancer"], to: [net.cidrs.workload], description: `AKS ${props.name}: Azure load balancer probes` }, { scope });

  const cluster = new KubernetesCluster(scope, "cluster", {
    name: id,
    location: f.location,
    resourceGroupName: rg,
    dnsPrefix: boundedName([ctx.app.name, props.name], 54),
    kubernetesVersion: props.version,
    skuTier: "Standard",
    privateClusterEnabled: true,
    privateClusterPublicFqdnEnabled: false,
    privateDnsZoneId: "System",
    // KMS with a vault that has no public access needs the API server inside the VNet.
    apiServerAccessProfile: { virtualNetworkIntegrationEnabled: true, subnetId: apiServerSubnet.id },
    localAccountDisabled: true,
    roleBasedAccessControlEnabled: true,
    azureActiveDirectoryRoleBasedAccessControl: { azureRbacEnabled: true, tenantId: f.client.tenantId },
    oidcIssuerEnabled: true,
    workloadIdentityEnabled: true,
    azurePolicyEnabled: true,
    automaticUpgradeChannel: "patch",
    nodeOsUpgradeChannel: "NodeImage",
    imageCleanerEnabled: true,
    imageCleanerIntervalHours: 48,
    diskEncryptionSetId: f.diskEncryptionSet().id,
    identity: { type: "UserAssigned", identityIds: [identity.id] },
    keyManagementService: { keyVaultKeyId: f.key.vaultKey.id, keyVaultNetworkAccess: "Private" },
    keyVaultSecretsProvider: { secretRotationEnabled: true, secretRotationInterval: "2m" },
    omsAgent: { logAnalyticsWorkspaceId: f.workspace.id, msiAuthForMonitoringEnabled: true },
    defaultNodePool: {
      name: "default",
      vmSize: nodes.vmSize,
      autoScalingEnabled: true,
      minCount: size.nodes.min,
      maxCount: size.nodes.max,
      maxPods: 50,
      vnetSubnetId: net.subnets.workload.id,
      zones: [...net.zones],
      hostEncryptionEnabled: true,
      nodePublicIpEnabled: false,
      osDiskType: "Managed",
      osSku: nodes.osSku,
      upgradeSettings: { maxSurge: "33%" },
    },
    networkProfile: {
      // Azure CNI: pods get addresses in the workload subnet, so the gateway's ingress controller reaches them.
      networkPlugin: "azure",
      networkPolicy: "calico",
      loadBalancerSku: "standard",
      outboundType: firewall ? "userDefinedRouting" : "userAssignedNATGateway",
      serviceCidr: ranges.serviceCidr,
      dnsServiceIp: ranges.dnsServiceIp,
    },
    tags: f.tags,
    dependsOn: [...grants, ...net.egressReady, ...(firewall?.associations ?? []), ...f.keyGrants],
  });
  skipCheck(cluster, "CKV_AZURE_226", "OS disks are managed disks encrypted with the app key through the disk encryption set; ephemeral OS disks would hold the OS under platform keys only");
  skipCheck(cluster, "CKV_AZURE_232", "one node pool per cluster, as on every Polder target: system and app pods share it, sized by the spec's size");

  new RoleAssignment(scope, "deployer-admin", { scope: cluster.id, roleDefinitionName: "Azure Kubernetes Service RBAC Cluster Admin", principalId: f.client.objectId, description: `the deployer administers AKS ${id} (az aks command invoke reaches the private API)` });
  // Pods of the service account <app>/<app> act as the app's workload identity (buckets, secrets, database).
  new FederatedIdentityCredential(scope, "workload-federation", {
    name: id,
    resourceGroupName: rg,
    parentId: f.workloadIdentity.id,
    audience: ["api://AzureADTokenExchange"],
    issuer: cluster.oidcIssuerUrl,
    subject: `system:serviceaccount:${ctx.app.name}:${ctx.app.name}`,
  });
  f.diagnostics(scope, "diagnostics", cluster.id);

  const handle: AzureBackendHandle = {
    kind: "kubernetes",
    cluster,
    useGateway: (gatewayId: string) => {
      cluster.putIngressApplicationGateway({ gatewayId });
      return cluster.ingressApplicationGateway.ingressApplicationGatewayIdentity.get(0).objectId;
    },
  };
  return {
    kind: "kubernetes",
    strategy: ctx.strategy,
    connection: { host: cluster.privateFqdn, port: "443", name: cluster.name, secretRef: "", url: `https://${cluster.privateFqdn}` },
    handle,
  };
}
