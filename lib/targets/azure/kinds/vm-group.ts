import { DataAzurermSshPublicKey } from "@cdktf/provider-azurerm/lib/data-azurerm-ssh-public-key";
import { LinuxVirtualMachineScaleSet, type LinuxVirtualMachineScaleSetNetworkInterface } from "@cdktf/provider-azurerm/lib/linux-virtual-machine-scale-set";
import { RoleAssignment } from "@cdktf/provider-azurerm/lib/role-assignment";
import type { Construct } from "constructs";
import type { RealizeContext, RealizedComponent } from "../../../core/realizer";
import type { ResolvedVmGroup } from "../../../kinds";
import { withProxy } from "../../../kinds/egress-proxy";
import { hclString } from "../../../kinds/vm-group";
import type { AzureFoundation } from "../foundation";
import { boundedName } from "../naming";
import type { AzureNetwork } from "../network";
import { AZURE_IMAGES, AZURE_SIZES } from "../sizes";
import type { AzureTarget } from "../target";
import type { AzureBackendHandle } from "./kubernetes";
import { confidentialOrThrow } from "../../../core/confidential";
import { AZURE_CONFIDENTIAL_OS_DISK_ENCRYPTION, azureConfidentialImage, azureConfidentialSupport, azureConfidentialVmSize } from "../confidential";

/** Size and image: the general ones, or a DCasv5 confidential VM size and image in a confidential placement. */
function vmMachines(props: ResolvedVmGroup, ctx: RealizeContext<AzureFoundation, AzureNetwork>): { sku: string; image: { publisher: string; offer: string; sku: string }; confidential: boolean } {
  const override = props.overrides.azure?.vmSize as string | undefined;
  if (!ctx.app.confidentialCompute) return { sku: override ?? AZURE_SIZES[props.size].vmSize, image: AZURE_IMAGES[props.image], confidential: false };
  const support = azureConfidentialSupport(ctx.target as AzureTarget);
  return {
    sku: confidentialOrThrow(ctx, support, props.name, azureConfidentialVmSize(props.size, "vmSize", override)),
    image: confidentialOrThrow(ctx, support, props.name, azureConfidentialImage(props.image)),
    confidential: true,
  };
}

/**
 * A Linux VM scale set of `count` machines in the workload subnet: no public IPs, encryption at
 * host and OS disks encrypted with the app key (disk encryption set), trusted launch, no password
 * login and no private key anywhere in Terraform (the admin key is the target's existing public
 * key resource; people log in with Entra ID through the AADSSHLoginForLinux extension), the app's
 * workload identity, reachable on `port` from the app network only, health from the application
 * health extension, automatic OS upgrades rolled out batch by batch.
 */
export function azureVmGroup(scope: Construct, props: ResolvedVmGroup, ctx: RealizeContext<AzureFoundation, AzureNetwork>): RealizedComponent {
  const f = ctx.foundation;
  const net = ctx.network;
  const id = `${ctx.app.name}-${props.name}`;
  const machines = vmMachines(props, ctx);
  [net.cidr, ...net.allowedIngressCidrs].forEach((cidr, i) =>
    net.rule("workload", `${props.name}-port-${i}`, { direction: "Inbound", protocol: "Tcp", ports: String(props.port), from: [cidr], to: [net.cidrs.workload], description: `VM group ${props.name}: workload port from the app network` }, { scope }),
  );
  // Workloads in the subnet (other VM groups, pods) may call it, too.
  net.rule("workload", `${props.name}-port-out`, { direction: "Outbound", protocol: "Tcp", ports: String(props.port), from: [net.cidrs.workload], to: [net.cidrs.workload], description: `workloads to VM group ${props.name}` }, { scope });
  const target = ctx.target as AzureTarget;
  // Azure wants an admin key when password login is off: the platform's public key, never a private one.
  const adminKey = new DataAzurermSshPublicKey(scope, "admin-key", { name: target.vmAdminKey.name, resourceGroupName: target.vmAdminKey.resourceGroupName });

  const nic = (backendPools: string[]): LinuxVirtualMachineScaleSetNetworkInterface[] => [
    {
      name: "primary",
      primary: true,
      ipConfiguration: [{ name: "primary", primary: true, subnetId: net.subnets.workload.id, applicationGatewayBackendAddressPoolIds: backendPools.length ? backendPools : undefined }],
    },
  ];
  const vmss = new LinuxVirtualMachineScaleSet(scope, "group", {
    name: boundedName([ctx.app.name, props.name], 64),
    computerNamePrefix: boundedName([ctx.app.name, props.name], 9).replace(/-+$/, ""),
    location: f.location,
    resourceGroupName: f.group.name,
    sku: machines.sku,
    instances: props.count,
    zones: [...net.zones],
    zoneBalance: net.zones.length > 1,
    adminUsername: "polderadmin",
    disablePasswordAuthentication: true,
    adminSshKey: [{ username: "polderadmin", publicKey: adminKey.publicKey }],
    sourceImageReference: { ...machines.image, version: "latest" },
    osDisk: {
      caching: "ReadWrite",
      storageAccountType: "Premium_LRS",
      diskEncryptionSetId: f.diskEncryptionSet().id,
      // A confidential VM: its guest state (vTPM) encrypted with a key only the VM's hardware can release.
      securityEncryptionType: machines.confidential ? AZURE_CONFIDENTIAL_OS_DISK_ENCRYPTION : undefined,
    },
    encryptionAtHostEnabled: true,
    secureBootEnabled: true,
    vtpmEnabled: true,
    provisionVmAgent: true,
    // What the group runs; a classified app's machines get the target's proxy before it (they have no internet).
    customData: props.bootstrap === undefined ? undefined : `\${base64encode(${hclString(net.egress?.proxy ? withProxy(props.bootstrap, net.egress.proxy, net.cidr) : props.bootstrap)})}`,
    networkInterface: nic([]),
    identity: { type: "UserAssigned", identityIds: [f.workloadIdentity.id] },
    bootDiagnostics: {},
    upgradeMode: "Rolling",
    rollingUpgradePolicy: { maxBatchInstancePercent: 50, maxUnhealthyInstancePercent: 50, maxUnhealthyUpgradedInstancePercent: 50, pauseTimeBetweenBatches: "PT1M" },
    automaticOsUpgradePolicy: { enableAutomaticOsUpgrade: true, disableAutomaticRollback: false },
    automaticInstanceRepair: { enabled: true, gracePeriod: "PT10M" },
    extension: [
      { name: "health", publisher: "Microsoft.ManagedServices", type: "ApplicationHealthLinux", typeHandlerVersion: "2.0", autoUpgradeMinorVersion: true, settings: JSON.stringify({ protocol: "tcp", port: props.port }) },
      { name: "entra-login", publisher: "Microsoft.Azure.ActiveDirectory", type: "AADSSHLoginForLinux", typeHandlerVersion: "1.0", autoUpgradeMinorVersion: true },
    ],
    tags: f.tags,
    dependsOn: [...net.egressReady, ...f.keyGrants],
  });
  // The admin path: the deployer logs in with Entra ID (az ssh vm), from the admitted ranges or Bastion.
  new RoleAssignment(scope, "deployer-login", { scope: vmss.id, roleDefinitionName: "Virtual Machine Administrator Login", principalId: f.client.objectId, description: `the deployer administers VM group ${id} through Entra ID login` });

  const handle: AzureBackendHandle = { kind: "vm-group", port: props.port, runsWorkload: props.bootstrap !== undefined, attachToGateway: (poolId) => vmss.putNetworkInterface(nic([poolId])) };
  return {
    kind: "vm-group",
    strategy: ctx.strategy,
    connection: { host: "", port: String(props.port), name: vmss.name, secretRef: "", url: "" },
    handle,
  };
}
