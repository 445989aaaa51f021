import { DataAzurermClientConfig } from "@cdktf/provider-azurerm/lib/data-azurerm-client-config";
import { MonitorDiagnosticSetting } from "@cdktf/provider-azurerm/lib/monitor-diagnostic-setting";
import type { NetworkWatcherFlowLog } from "@cdktf/provider-azurerm/lib/network-watcher-flow-log";
import { AzurermProvider } from "@cdktf/provider-azurerm/lib/provider";
import { VirtualNetworkPeering } from "@cdktf/provider-azurerm/lib/virtual-network-peering";
import { Construct } from "constructs";
import { Lazy, TerraformOutput, Token } from "../../../core/cdktf";
import { PolderError } from "../../../core/errors";
import type { ControlResult } from "../../../landing-zone/controls";
import { type LandingZoneRealizer, registerLandingZoneRealizer } from "../../../landing-zone/realizer";
import type { ResolvedLandingZoneSpec } from "../../../landing-zone/spec";
import { dependOn } from "../foundation";
import type { AzureNetwork } from "../network";
import { azureTags } from "../stack";
import type { AzureTarget } from "../target";
import { ACTIVITY_LOG_CATEGORIES, AzureZoneAudit, ENTRA_LOG_CATEGORIES, WORKSPACE_MAX_DAYS } from "./audit";
import { AzureZoneHub, EGRESS_PORTS } from "./hub";
import { zoneIdsFor } from "./ids";
import { ADMIN_ROLE, AzureAppDeployerAccess, AzureZoneIdentity } from "./identity";
import { AzureManagementGroups } from "./management-groups";
import { planAssignments } from "./policies";
import { AzureTenancy, checkAzureBudgets, DEFENDER_PLANS, defenderPlans } from "./tenancies";

/** What an app placed in a tenancy needs from the zone: values of the zone's stack (tokens). */
interface AzureTenancyHandle {
  /** The tenancy's subscription id (bare GUID), read by the zone. */
  readonly subscriptionId: string;
  /** The platform subscription, where the hub lives. */
  readonly platformSubscriptionId: string;
  readonly hub: { readonly vnetId: string; readonly vnetName: string; readonly groupName: string };
  readonly workspace: { readonly id: string; readonly workspaceId: string; readonly location: string };
}

function controls(spec: ResolvedLandingZoneSpec, target: AzureTarget): ControlResult[] {
  const assignment = "azurerm_management_group_policy_assignment";
  const vended = spec.tenancies.length > 0;
  const firewall = spec.hubNetwork.egress === "firewall";
  return [
    { id: "hierarchy", status: "enforced", how: "a management group for the zone under the tenant root group and one per unit, children under their parent", resources: ["azurerm_management_group"] },
    {
      id: "tenancy-vending",
      status: "partial",
      how: "each tenancy's existing subscription (id from the target's landingZones prop) moved into its unit's management group",
      resources: ["azurerm_management_group_subscription_association"],
      reason: "subscriptions are referenced, not created: creating one (azurerm_subscription alias) needs an EA or MCA billing scope and the right to spend on it, which the platform pipeline should not hold",
    },
    {
      id: "eu-regions",
      status: "enforced",
      how: "built-in 'Allowed locations' and 'Allowed locations for resource groups' on the zone's root management group, EU locations only; resources in the 'global' location are exempt by the definition",
      resources: [assignment],
    },
    {
      id: "deny-leave-organization",
      status: "not-enforced",
      how: "-",
      resources: [],
      reason: "a subscription leaves the tenant through the tenant-wide subscription policy 'subscriptions leaving the directory', set by a Global Administrator (Microsoft.Subscription/policies), which the azurerm provider cannot manage; within the tenant only the zone's Owners can move a subscription between management groups",
    },
    {
      id: "audit-trail",
      status: vended ? "enforced" : "partial",
      how: `activity logs (${ACTIVITY_LOG_CATEGORIES.join(", ")}) of the platform subscription and every tenancy subscription, and the tenant's Entra ID logs (${ENTRA_LOG_CATEGORIES.join(", ")}), to the zone's Log Analytics workspace and archive`,
      resources: ["azurerm_monitor_diagnostic_setting", "azurerm_monitor_aad_diagnostic_setting", "azurerm_log_analytics_workspace"],
      ...(vended ? {} : { reason: "the spec vends no tenancy: only the platform subscription's activity log is kept" }),
    },
    spec.audit.immutable
      ? { id: "audit-immutable", status: "enforced", how: `locked time-based immutability policy of ${spec.audit.retentionDays} days on every log container of the archive (protected append writes for Azure Monitor)`, resources: ["azurerm_storage_container_immutability_policy"] }
      : { id: "audit-immutable", status: "not-enforced", how: "soft delete only", resources: [], reason: "the spec sets audit.immutable: false" },
    {
      id: "audit-encrypted",
      status: "partial",
      how: "the archive is encrypted with the zone's RSA-HSM key in Key Vault Premium (purge protection), on top of infrastructure encryption",
      resources: ["azurerm_key_vault", "azurerm_key_vault_key", "azurerm_storage_account"],
      reason: `the Log Analytics copy (searchable for ${Math.min(spec.audit.retentionDays, WORKSPACE_MAX_DAYS)} days) uses Microsoft-managed keys: a customer-managed key there needs a dedicated Log Analytics cluster (a 100 GB/day commitment); the archive is the record`,
    },
    {
      id: "protect-security-services",
      status: "partial",
      how: "a CanNotDelete management lock on the audit resource group; the tenant's Entra ID diagnostic setting and the archive are in the platform subscription, which no tenancy's admins hold",
      resources: ["azurerm_management_lock"],
      reason: "Azure Policy's deny effects act on creates and updates, not deletes: an Owner of a tenancy (its unit's admin group) could delete the subscription's diagnostic setting or lower its Defender plans; the activity log in the archive records it",
    },
    {
      id: "deny-root-use",
      status: "structural",
      how: "-",
      resources: [],
      reason: "an Azure subscription has no root user; the nearest thing, a Global Administrator's 'elevate access' to the root scope, is an Entra ID setting outside azurerm and is recorded in the Entra ID audit logs the zone keeps",
    },
    { id: "threat-detection", status: "enforced", how: `Defender for Cloud plans ${DEFENDER_PLANS.filter((p) => p !== "CloudPosture").join(", ")} (Standard) in the platform subscription and every tenancy subscription`, resources: ["azurerm_security_center_subscription_pricing"] },
    { id: "security-posture", status: "enforced", how: "Defender CSPM (CloudPosture, Standard) in every subscription of the zone, with the Microsoft cloud security benchmark Defender for Cloud assigns", resources: ["azurerm_security_center_subscription_pricing"] },
    { id: "access-analysis", status: "not-enforced", how: "-", resources: [], reason: "Azure has no analyzer of access granted outside the tenant; Entra ID access reviews and cross-tenant access settings are Entra ID objects, outside the azurerm provider" },
    { id: "default-encryption", status: "structural", how: "-", resources: [], reason: "Azure encrypts every managed disk at rest (storage service encryption) and it cannot be switched off; Polder's apps add their own customer-managed key" },
    { id: "public-access-block", status: "enforced", how: "built-in 'Storage account public access should be disallowed' with Deny on the zone's root management group", resources: [assignment] },
    {
      id: "hub-network",
      status: "partial",
      how: "a hub VNet in the platform subscription; an app placed in the zone peers its VNet with the hub in both directions",
      resources: ["azurerm_virtual_network", "azurerm_virtual_network_peering", "azurerm_role_definition"],
      reason: "a tenancy's spoke exists only once an app is placed in it, so the peering is made by the app's stack; the zone grants its deployer (landingZones.<zone>.appDeployers) a peering-only role on the hub VNet; a tenancy without a Polder app is not peered",
    },
    firewall
      ? {
          id: "central-egress",
          status: "partial",
          how: `Azure Firewall Premium in the hub (threat intelligence and IDPS in Deny mode) letting the private ranges out on TCP ${EGRESS_PORTS.join(" and ")} only`,
          resources: ["azurerm_firewall", "azurerm_firewall_policy", "azurerm_firewall_policy_rule_collection_group"],
          reason: "Polder's Azure app networks keep their own NAT gateway for HTTPS unless classified (those route to the firewall the target's egress.firewallIp names); no policy forbids public IPs in tenancies yet",
        }
      : {
          id: "central-egress",
          status: "not-enforced",
          how: "a NAT gateway for the hub's own subnet",
          resources: ["azurerm_nat_gateway"],
          reason: "egress: nat — an Azure NAT gateway serves only subnets of its own VNet, never peered spokes; central egress on Azure needs egress: firewall",
        },
    { id: "admin-groups", status: "enforced", how: `each unit's admin group is ${ADMIN_ROLE} of the unit's management group, inherited by every group and subscription below`, resources: ["azurerm_role_assignment"] },
    {
      id: "break-glass",
      status: "partial",
      how: `the two break-glass accounts are ${ADMIN_ROLE} of the zone's root management group`,
      resources: ["azurerm_role_assignment"],
      reason: "the accounts themselves (cloud-only Entra ID users, excluded from federation) are made in Entra ID out of band: the azurerm provider cannot create users; the zone takes their object ids from the target",
    },
    {
      id: "break-glass-mfa",
      status: "structural",
      how: "-",
      resources: [],
      reason: "Microsoft enforces multi-factor authentication on every sign-in to the Azure portal, CLI and Resource Manager (mandatory MFA for Azure), break-glass accounts included; the method (FIDO2 keys) is set in Entra ID, outside azurerm",
    },
    { id: "budgets", status: "enforced", how: `a monthly budget per tenancy subscription notifying the contacts and the tenancy at ${spec.budgets.thresholds.join(", ")} % (amounts in the billing account's currency, ${spec.budgets.currency} in the spec)`, resources: ["azurerm_consumption_budget_subscription"] },
    { id: "quotas", status: "not-enforced", how: "-", resources: [], reason: "Azure quotas are per subscription and region, raised on request and never lowered per subscription; budgets limit spending instead" },
    spec.tags.required.length
      ? {
          id: "required-tags",
          status: "partial",
          how: `built-in 'Require a tag on resources' and 'Require a tag on resource groups' for polder-${spec.tags.required.join(", polder-")} on the units holding tenancies, reporting (DoNotEnforce); Polder's apps set the tenancy's values on everything they make`,
          resources: [assignment],
          reason: "Azure itself creates untagged resource groups in a subscription (NetworkWatcherRG, AKS node resource groups): denying them would break those services, so missing tags are reported, not refused",
        }
      : { id: "required-tags", status: "not-enforced", how: "-", resources: [], reason: "the spec requires no tags" },
    { id: "residency-home-region", status: "enforced", how: `built-in 'Allowed locations' and 'Allowed locations for resource groups' with only ${target.location} on the units with residency`, resources: [assignment] },
    {
      id: "customer-managed-keys",
      status: "partial",
      how: `the Sovereign Landing Zone's L2 initiative 'Encryption-at-Rest with CMK with Azure Key Vault ${target.keyCustody === "managed-hsm" ? "mHSM" : "Premium"}' on the data-protection units; Polder's apps encrypt with their own HSM key`,
      resources: [assignment],
      reason: "assigned with Audit, as the Sovereign Landing Zone does: many services cannot be created with their key in one request, so stores without a customer-managed key are reported, not refused",
    },
    { id: "tls-only", status: "enforced", how: "the Sovereign Landing Zone's L2 initiatives 'Encryption-in-Transit - HTTPS' and '- TLS Version' (Deny) and built-in 'Secure transfer to storage accounts' (Deny) on the data-protection units", resources: [assignment] },
    {
      id: "confidential-compute",
      status: "partial",
      how: "built-in 'Allowed virtual machine size SKUs' with only the confidential-computing sizes (DCasv5/ECasv5 AMD SEV-SNP, DCesv5 Intel TDX) on the confidential units",
      resources: [assignment],
      reason: "the size policy cannot see whether a VM runs with security type ConfidentialVM; Polder's Azure kubernetes and vm-group in a confidential unit run as confidential VMs on DCasv5 (security type ConfidentialVM, vTPM, secure boot), other deployers' VMs only have to use such a size",
    },
  ];
}

export const azureLandingZoneRealizer: LandingZoneRealizer = {
  realize(scope, { spec, stack, target: t }) {
    const target = t as AzureTarget;
    checkAzureBudgets(spec);
    const ids = zoneIdsFor(spec, target.name, target.landingZones);
    const azure = new Construct(scope, "azure");
    const tags = Token.asStringMap(Lazy.anyValue({ produce: () => azureTags(stack.tags) }));
    const location = target.location;
    const client = new DataAzurermClientConfig(azure, "client");

    const planned = planAssignments({ units: spec.units, location, keyCustody: target.keyCustody, requiredTags: spec.tags.required, tagKey: (k) => `polder-${k}` });
    const groups = new AzureManagementGroups(azure, spec, location, planned);
    const audit = new AzureZoneAudit(azure, { spec, location, targetName: target.name, client, tags });
    const hub = new AzureZoneHub(azure, spec, location, tags, audit);
    // The audit key is written through the vault's data plane, reachable only through the hub.
    dependOn(audit.key, hub.vaultEndpoint);
    new AzureZoneIdentity(azure, spec, ids, groups.root, groups.units);
    new AzureAppDeployerAccess(azure, spec, ids, hub, audit.workspace);
    defenderPlans(new Construct(azure, "platform"));

    const platform = { subscriptionId: client.subscriptionId };
    const tenancies = new Map<string, AzureTenancyHandle>();
    for (const tenancy of spec.tenancies) {
      const vended = new AzureTenancy(azure, { spec, target, tenancy, subscriptionId: ids.subscriptions[tenancy.name], unit: groups.units.get(tenancy.unit)!, audit });
      tenancies.set(tenancy.name, {
        subscriptionId: vended.subscription.subscriptionId,
        platformSubscriptionId: platform.subscriptionId,
        hub: { vnetId: hub.vnet.id, vnetName: hub.vnet.name, groupName: hub.group.name },
        workspace: { id: audit.workspace.id, workspaceId: audit.workspace.workspaceId, location },
      });
      new TerraformOutput(azure, `tenancy-${tenancy.name}-subscription`, { value: vended.subscription.subscriptionId, description: `subscription of tenancy ${tenancy.name}` }).overrideLogicalId(`tenancy_${tenancy.name.replace(/-/g, "_")}_subscription_id`);
    }
    new TerraformOutput(azure, "audit-archive", { value: audit.account.id, description: "the zone's immutable audit archive (storage account)" }).overrideLogicalId("audit_archive_id");
    new TerraformOutput(azure, "audit-workspace", { value: audit.workspace.id, description: "the zone's Log Analytics workspace" }).overrideLogicalId("audit_workspace_id");
    new TerraformOutput(azure, "hub-vnet", { value: hub.vnet.id, description: "the hub every tenancy network peers with" }).overrideLogicalId("hub_vnet_id");
    if (hub.firewall)
      new TerraformOutput(azure, "hub-firewall-ip", { value: hub.firewall.ipConfiguration.get(0).privateIpAddress, description: "private address of the hub firewall (the azure target's egress.firewallIp for classified apps)" }).overrideLogicalId("hub_firewall_private_ip");
    return { controls: controls(spec, target), tenancies, logDestination: audit.workspace.id };
  },

  placeApp(_scope, { stack, zone, tenancy }) {
    const handle = zone.tenancies.get(tenancy.name) as AzureTenancyHandle;
    const provider = stack.node.tryFindChild("azurerm") as AzurermProvider | undefined;
    if (!provider) throw new PolderError(`${stack.node.id}: no azurerm provider to point at tenancy '${tenancy.name}'`);
    // A value of the zone's stack: cdktf makes it an output there and a terraform_remote_state
    // here, so the app never holds a copied subscription id.
    provider.subscriptionId = handle.subscriptionId;
  },

  attachNetwork(scope, { stack, zone, tenancy, app, network }) {
    const handle = zone.tenancies.get(tenancy.name) as AzureTenancyHandle;
    const net = network as AzureNetwork;
    const target = stack.target as AzureTarget;
    // The VNet's flow logs are analysed in the zone's workspace (one flow log per VNet: its traffic analytics move there).
    const flowLog = net.node.tryFindChild("flow-log") as NetworkWatcherFlowLog | undefined;
    flowLog?.putTrafficAnalytics({ enabled: true, workspaceId: handle.workspace.workspaceId, workspaceRegion: handle.workspace.location, workspaceResourceId: handle.workspace.id, intervalInMinutes: 10 });
    new MonitorDiagnosticSetting(scope, "vnet-diagnostics", {
      name: "landing-zone",
      targetResourceId: net.vnet.id,
      logAnalyticsWorkspaceId: handle.workspace.id,
      enabledLog: [{ categoryGroup: "allLogs" }],
      enabledMetric: [{ category: "AllMetrics" }],
    });
    // Peering, both halves: the spoke's in the tenancy, the hub's through a provider in the platform subscription.
    new VirtualNetworkPeering(scope, "peering-to-hub", {
      name: "landing-zone-hub",
      resourceGroupName: net.vnet.resourceGroupName,
      virtualNetworkName: net.vnet.name,
      remoteVirtualNetworkId: handle.hub.vnetId,
      allowVirtualNetworkAccess: true,
      allowForwardedTraffic: true,
      useRemoteGateways: false,
    });
    const hubProvider = new AzurermProvider(scope, "hub-provider", {
      alias: "landing-zone-hub",
      features: [{}],
      subscriptionId: handle.platformSubscriptionId,
      storageUseAzuread: true,
      environment: target.metadataHost || target.environment === "public" ? undefined : target.environment,
      metadataHost: target.metadataHost,
    });
    new VirtualNetworkPeering(scope, "peering-from-hub", {
      provider: hubProvider,
      name: `${tenancy.name}-${app.name}`,
      resourceGroupName: handle.hub.groupName,
      virtualNetworkName: handle.hub.vnetName,
      remoteVirtualNetworkId: net.vnet.id,
      allowVirtualNetworkAccess: true,
      allowForwardedTraffic: true,
      allowGatewayTransit: false,
    });
  },
};

registerLandingZoneRealizer("azure", azureLandingZoneRealizer);
