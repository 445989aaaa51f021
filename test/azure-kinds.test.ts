import { Construct } from "constructs";
import { describe, expect, test } from "vitest";
import { AzureFoundation } from "../lib/targets/azure/foundation";
import { SpecValidationError } from "../lib/core/errors";
import type { DnsRecord } from "../lib/kinds/dns-zone";
import { targets } from "../lib/targets";
import { onlyResource, resourcesOf, specWith, synthApp } from "./support/synth";

const azure = targets.azure({ location: "westeurope" });
const synth = (components: Parameters<typeof specWith>[0], extra = {}) => synthApp(specWith(components, extra), azure);
const ref = (json: any, type: string, part: string, attr: string) => `\${${type}.${Object.keys(json.resource[type]).find((k) => k.includes(part))}.${attr}}`;
const appKey = (json: any, attr = "versionless_id") => ref(json, "azurerm_key_vault_key", "foundation", attr);
const cmkIdentity = (json: any, attr = "id") => ref(json, "azurerm_user_assigned_identity", "cmk-identity", attr);
const workloadIdentity = (json: any, attr = "principal_id") => ref(json, "azurerm_user_assigned_identity", "workload-identity", attr);
const one = (json: any, type: string, part = "") => {
  const found = resourcesOf(json, type).filter(([id]) => id.includes(part));
  if (found.length !== 1) throw new Error(`expected one ${type} matching '${part}', found ${found.length}`);
  return found[0][1];
};
const roles = (json: any) => resourcesOf(json, "azurerm_role_assignment").map(([, r]) => r);
const diagnosticTargets = (json: any) => resourcesOf(json, "azurerm_monitor_diagnostic_setting").map(([, d]) => d.target_resource_id);

describe("Azure app foundation", () => {
  const json = synth({}).json;

  test("a Key Vault Premium with RBAC, purge protection, soft delete, no public network access, kept", () => {
    expect(onlyResource(json, "azurerm_key_vault")).toMatchObject({
      sku_name: "premium",
      rbac_authorization_enabled: true,
      purge_protection_enabled: true,
      soft_delete_retention_days: 90,
      public_network_access_enabled: false,
      network_acls: { default_action: "Deny", bypass: "AzureServices" },
      lifecycle: { prevent_destroy: true },
    });
  });

  test("the app key is an RSA-HSM key with a yearly rotation policy and prevent_destroy", () => {
    expect(onlyResource(json, "azurerm_key_vault_key")).toMatchObject({
      key_type: "RSA-HSM",
      key_size: 3072,
      rotation_policy: { automatic: { time_after_creation: "P365D" } },
      lifecycle: { prevent_destroy: true },
    });
  });

  test("the CMK identity may wrap and unwrap with the app key, on the key itself", () => {
    expect(roles(json)).toContainEqual(
      expect.objectContaining({ scope: appKey(json, "resource_versionless_id"), role_definition_name: "Key Vault Crypto Service Encryption User", principal_id: cmkIdentity(json, "principal_id") }),
    );
  });

  test("the app key is created through the vault's private endpoint, after the deployer may write keys", () => {
    const deps = onlyResource(json, "azurerm_key_vault_key").depends_on;
    expect(deps.some((d: string) => d.startsWith("azurerm_private_endpoint."))).toBe(true);
    expect(deps.some((d: string) => d.includes("deployer-vault-admin"))).toBe(true);
  });

  test("the vault's audit log goes to the app's workspace, which is kept", () => {
    expect(diagnosticTargets(json)).toContain(ref(json, "azurerm_key_vault", "vault", "id"));
    expect(onlyResource(json, "azurerm_log_analytics_workspace")).toMatchObject({ lifecycle: { prevent_destroy: true }, local_authentication_enabled: false });
  });

  test("the workload identity reads the vault's secrets", () => {
    expect(roles(json)).toContainEqual(expect.objectContaining({ role_definition_name: "Key Vault Secrets User", principal_id: workloadIdentity(json) }));
  });
});

describe("Azure network", () => {
  const json = synth({}).json;

  test("subnets follow the neutral plan, plus the data and endpoint blocks it leaves free", () => {
    const cidrs = resourcesOf(json, "azurerm_subnet").map(([, s]) => s.address_prefixes[0]).sort();
    expect(cidrs).toEqual(["10.0.0.0/19", "10.0.128.0/19", "10.0.160.0/19", "10.0.224.0/20", "10.0.32.0/19", "10.0.96.0/19"]);
  });

  test("workload and endpoint subnets have no implicit internet egress (service-managed subnets keep Azure's default)", () => {
    const implicit = resourcesOf(json, "azurerm_subnet").filter(([, s]) => s.default_outbound_access_enabled !== false).map(([, s]) => s.name).sort();
    expect(implicit).toEqual(["data", "public-0"]);
  });

  test("every NSG denies all inbound not allowed above it, shadowing Azure's allow-VNet default", () => {
    const denies = resourcesOf(json, "azurerm_network_security_rule").filter(([, r]) => r.access === "Deny" && r.direction === "Inbound");
    expect(denies.map(([, r]) => [r.priority, r.source_address_prefix, r.destination_port_range])).toEqual(Array(4).fill([4096, "*", "*"]));
  });

  test("every subnet has an NSG", () => {
    expect(resourcesOf(json, "azurerm_subnet_network_security_group_association")).toHaveLength(resourcesOf(json, "azurerm_subnet").length);
  });

  test("workloads leave to the internet only on 443 and NTP, through the NAT gateway", () => {
    const out = resourcesOf(json, "azurerm_network_security_rule").filter(([, r]) => r.direction === "Outbound" && r.destination_address_prefix === "Internet");
    expect(out.map(([, r]) => `${r.access} ${r.protocol} ${r.destination_port_range}`).sort()).toEqual(["Allow Tcp 443", "Allow Udp 123", "Deny * *"]);
    expect(resourcesOf(json, "azurerm_subnet_nat_gateway_association")).toHaveLength(2);
  });

  test("VNet flow logs go to a storage account encrypted with the app key, analysed in the workspace", () => {
    expect(onlyResource(json, "azurerm_network_watcher_flow_log")).toMatchObject({
      target_resource_id: ref(json, "azurerm_virtual_network", "vnet", "id"),
      enabled: true,
      retention_policy: { enabled: true, days: 365 },
      traffic_analytics: { enabled: true },
    });
    expect(onlyResource(json, "azurerm_storage_account").customer_managed_key).toMatchObject({ key_vault_key_id: appKey(json) });
  });
});

describe("Azure key", () => {
  const json = synth({ signing: { kind: "key" } }).json;
  const key = one(json, "azurerm_key_vault_key", "signing");

  test("an HSM key with rotation, protected from destroy", () => {
    expect(key).toMatchObject({ key_type: "RSA-HSM", rotation_policy: { automatic: { time_after_creation: "P365D" } }, lifecycle: { prevent_destroy: true } });
  });

  test("no rotation policy with rotation: false", () => {
    expect(one(synth({ signing: { kind: "key", rotation: false } }).json, "azurerm_key_vault_key", "signing").rotation_policy).toBeUndefined();
  });

  test("the workloads may use it", () => {
    expect(roles(json)).toContainEqual(expect.objectContaining({ role_definition_name: "Key Vault Crypto User", principal_id: workloadIdentity(json) }));
  });
});

describe("Azure secret", () => {
  const { json } = synth({ token: { kind: "secret" } });

  test("no secret value anywhere: Terraform creates no Key Vault secret", () => {
    expect(json.resource!.azurerm_key_vault_secret).toBeUndefined();
  });

  test("secret_ref is the versionless secret URI in the app vault, and the setup output says who sets it", () => {
    expect(json.output!.token_connection.value.secret_ref).toBe(`${ref(json, "azurerm_key_vault", "vault", "vault_uri")}secrets/token`);
    expect(json.output!.token_secret_setup.value.command).toContain("az keyvault secret set");
  });
});

describe("Azure log-sink", () => {
  const { json } = synth({ audit: { kind: "log-sink", retentionDays: 2557 } });
  const account = one(json, "azurerm_storage_account", "audit");

  test("encrypted with the app key and kept", () => {
    expect(account).toMatchObject({ customer_managed_key: { key_vault_key_id: appKey(json), user_assigned_identity_id: cmkIdentity(json) }, lifecycle: { prevent_destroy: true } });
  });

  test("records are deleted after retentionDays, beyond Log Analytics' 730", () => {
    const policy = one(json, "azurerm_storage_management_policy", "audit");
    expect(policy.rule.find((r: any) => r.name === "retention").actions.base_blob.delete_after_days_since_modification_greater_than).toBe(2557);
  });
});

describe("Azure bucket", () => {
  const { json } = synth({ docs: { kind: "bucket" } });
  const account = one(json, "azurerm_storage_account", "docs");

  test("encrypted with the app key through the CMK identity, on top of infrastructure encryption", () => {
    expect(account).toMatchObject({ customer_managed_key: { key_vault_key_id: appKey(json), user_assigned_identity_id: cmkIdentity(json) }, infrastructure_encryption_enabled: true });
  });

  test("TLS 1.2, HTTPS only, no shared keys, no public blobs, no public network access", () => {
    expect(account).toMatchObject({
      min_tls_version: "TLS1_2",
      https_traffic_only_enabled: true,
      shared_access_key_enabled: false,
      allow_nested_items_to_be_public: false,
      public_network_access_enabled: false,
      network_rules: { default_action: "Deny" },
    });
  });

  test("versioning and soft delete; kept", () => {
    expect(account.blob_properties).toMatchObject({ versioning_enabled: true, delete_retention_policy: { days: 30 }, container_delete_retention_policy: { days: 30 } });
    expect(account.lifecycle).toEqual({ prevent_destroy: true });
  });

  test("deletionProtection: false drops prevent_destroy", () => {
    expect(one(synth({ docs: { kind: "bucket", deletionProtection: false } }).json, "azurerm_storage_account", "docs").lifecycle).toBeUndefined();
  });

  test("a private container, reached through a private endpoint, its access logged", () => {
    expect(one(json, "azurerm_storage_container", "docs")).toMatchObject({ name: "data", container_access_type: "private" });
    expect(resourcesOf(json, "azurerm_private_endpoint").some(([, e]) => e.private_service_connection.private_connection_resource_id === ref(json, "azurerm_storage_account", "docs", "id"))).toBe(true);
    const blobLogs = resourcesOf(json, "azurerm_monitor_diagnostic_setting").find(([, d]) => d.target_resource_id === `${ref(json, "azurerm_storage_account", "docs", "id")}/blobServices/default`)![1];
    // The blob service has Capacity and Transaction metrics, no AllMetrics category.
    expect(blobLogs).toMatchObject({ enabled_log: [{ category_group: "allLogs" }] });
    expect(blobLogs.enabled_metric).toBeUndefined();
  });

  test("the account name is 3-24 lower-case letters and digits", () => {
    expect(account.name).toMatch(/^[a-z0-9]{3,24}$/);
  });

  test("the workloads read and write the container", () => {
    expect(roles(json)).toContainEqual(expect.objectContaining({ role_definition_name: "Storage Blob Data Contributor", principal_id: workloadIdentity(json) }));
  });
});

describe("Azure postgres", () => {
  const { json } = synth({ db: { kind: "postgres", size: "medium" } });
  const server = onlyResource(json, "azurerm_postgresql_flexible_server");

  test("in the delegated subnet with its private DNS zone, no public access", () => {
    expect(server).toMatchObject({ delegated_subnet_id: ref(json, "azurerm_subnet", "_data_", "id"), public_network_access_enabled: false });
    expect(server.private_dns_zone_id).toBe(ref(json, "azurerm_private_dns_zone", "db_dns-zone", "id"));
  });

  test("encrypted with the app key through the CMK identity", () => {
    expect(server.customer_managed_key).toEqual({ key_vault_key_id: appKey(json), primary_user_assigned_identity_id: cmkIdentity(json) });
  });

  test("no password: Entra ID only, the workload identity is the administrator", () => {
    expect(server.authentication).toMatchObject({ active_directory_auth_enabled: true, password_auth_enabled: false });
    expect(server.administrator_password).toBeUndefined();
    expect(onlyResource(json, "azurerm_postgresql_flexible_server_active_directory_administrator")).toMatchObject({ object_id: workloadIdentity(json), principal_type: "ServicePrincipal" });
  });

  test("the connection names the Entra identity instead of a secret", () => {
    expect(json.output!.db_connection.value.secret_ref).toBe(workloadIdentity(json, "id"));
  });

  test("zone-redundant standby with highAvailability (the default from medium), backups kept", () => {
    expect(server).toMatchObject({ high_availability: { mode: "ZoneRedundant" }, backup_retention_days: 14 });
    expect(onlyResource(synth({ db: { kind: "postgres" } }).json, "azurerm_postgresql_flexible_server").high_availability).toBeUndefined();
  });

  test("TLS required", () => {
    const params = resourcesOf(json, "azurerm_postgresql_flexible_server_configuration").map(([, p]) => [p.name, p.value]);
    expect(params).toContainEqual(["require_secure_transport", "on"]);
    expect(params).toContainEqual(["ssl_min_protocol_version", "TLSv1.2"]);
  });

  test("server and database are protected from destroy by default", () => {
    expect(server.lifecycle).toEqual({ prevent_destroy: true });
    expect(onlyResource(json, "azurerm_postgresql_flexible_server_database").lifecycle).toEqual({ prevent_destroy: true });
  });

  test("storage rounds up to a size the service offers; sizes map to SKUs; overrides.azure.skuName wins", () => {
    expect(server).toMatchObject({ storage_mb: 131072, sku_name: "GP_Standard_D4ds_v5" });
    const o = onlyResource(synth({ db: { kind: "postgres", overrides: { azure: { skuName: "MO_Standard_E4ds_v5" } } } }).json, "azurerm_postgresql_flexible_server");
    expect(o.sku_name).toBe("MO_Standard_E4ds_v5");
  });

  test("only the app network reaches 5432 in the data subnet", () => {
    const rule = one(json, "azurerm_network_security_rule", "db-postgres-0");
    expect(rule).toMatchObject({ direction: "Inbound", access: "Allow", destination_port_range: "5432", source_address_prefix: "10.0.0.0/16", destination_address_prefix: "10.0.96.0/19" });
  });

  test("diagnostics on", () => {
    expect(diagnosticTargets(json)).toContain(ref(json, "azurerm_postgresql_flexible_server", "server", "id"));
  });

  test("with keys in a Managed HSM, postgres is an error naming the component", () => {
    const mhsm = targets.azure({ location: "westeurope", keyCustody: "managed-hsm", managedHsmId: "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/kms/providers/Microsoft.KeyVault/managedHSMs/polder-hsm" });
    expect(() => synthApp(specWith({ db: { kind: "postgres" } }), mhsm)).toThrow(/components.db: postgres encrypts with a Key Vault key/);
  });
});

describe("Azure kubernetes", () => {
  const { json } = synth({ k8s: { kind: "kubernetes", size: "medium" } });
  const cluster = onlyResource(json, "azurerm_kubernetes_cluster");

  test("private API server, Entra RBAC, no local accounts", () => {
    expect(cluster).toMatchObject({ private_cluster_enabled: true, private_cluster_public_fqdn_enabled: false, local_account_disabled: true, azure_active_directory_role_based_access_control: { azure_rbac_enabled: true } });
  });

  test("workload identity and OIDC issuer, federated to the app's workload identity", () => {
    expect(cluster).toMatchObject({ workload_identity_enabled: true, oidc_issuer_enabled: true });
    expect(onlyResource(json, "azurerm_federated_identity_credential")).toMatchObject({ parent_id: workloadIdentity(json, "id"), issuer: ref(json, "azurerm_kubernetes_cluster", "k8s", "oidc_issuer_url") });
  });

  test("etcd encrypted with the app key (KMS over private link), disks with the app key (disk encryption set) and at host", () => {
    expect(cluster.key_management_service).toEqual({ key_vault_key_id: appKey(json, "id"), key_vault_network_access: "Private" });
    expect(cluster.disk_encryption_set_id).toBe(ref(json, "azurerm_disk_encryption_set", "disk", "id"));
    expect(onlyResource(json, "azurerm_disk_encryption_set")).toMatchObject({ key_vault_key_id: appKey(json), auto_key_rotation_enabled: true });
    expect(cluster.default_node_pool.host_encryption_enabled).toBe(true);
  });

  test("the API server sits in its own delegated subnet (KMS with a private vault needs it), reached by the nodes on 443 only", () => {
    expect(cluster.api_server_access_profile).toEqual({ virtual_network_integration_enabled: true, subnet_id: ref(json, "azurerm_subnet", "apiserver", "id") });
    expect(one(json, "azurerm_subnet", "apiserver")).toMatchObject({ address_prefixes: ["10.0.240.0/20"], delegation: [{ service_delegation: { name: "Microsoft.ContainerService/managedClusters" } }] });
    const toApi = resourcesOf(json, "azurerm_network_security_rule").map(([, r]) => r).filter((r) => r.destination_address_prefix === "10.0.240.0/20" && r.access === "Allow" && r.direction === "Inbound");
    expect(toApi.map((r) => `${r.source_address_prefix} ${r.destination_port_range}`)).toEqual(["10.0.0.0/19 443"]);
  });

  test("the cluster identity may use the KMS key", () => {
    expect(roles(json)).toContainEqual(expect.objectContaining({ scope: appKey(json, "resource_versionless_id"), role_definition_name: "Key Vault Crypto User", principal_id: ref(json, "azurerm_user_assigned_identity", "k8s_identity", "principal_id") }));
  });

  test("Azure Policy, logs to the workspace, the deployer is cluster admin", () => {
    expect(cluster).toMatchObject({ azure_policy_enabled: true, oms_agent: { log_analytics_workspace_id: ref(json, "azurerm_log_analytics_workspace", "logs", "id") } });
    expect(diagnosticTargets(json)).toContain(ref(json, "azurerm_kubernetes_cluster", "k8s", "id"));
    expect(roles(json)).toContainEqual(expect.objectContaining({ role_definition_name: "Azure Kubernetes Service RBAC Cluster Admin", scope: ref(json, "azurerm_kubernetes_cluster", "k8s", "id") }));
  });

  test("sizes map to VM SKUs; overrides.azure.vmSize wins", () => {
    expect(cluster.default_node_pool).toMatchObject({ vm_size: "Standard_D8ds_v5", min_count: 3, max_count: 6 });
    const o = onlyResource(synth({ k8s: { kind: "kubernetes", overrides: { azure: { vmSize: "Standard_E4ds_v5" } } } }).json, "azurerm_kubernetes_cluster");
    expect(o.default_node_pool.vm_size).toBe("Standard_E4ds_v5");
  });

  test("with keys in a Managed HSM, kubernetes is an error naming the component (AKS KMS takes Key Vault keys only)", () => {
    const mhsm = targets.azure({ location: "westeurope", keyCustody: "managed-hsm", managedHsmId: "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/kms/providers/Microsoft.KeyVault/managedHSMs/polder-hsm" });
    expect(() => synthApp(specWith({ k8s: { kind: "kubernetes" } }), mhsm)).toThrow(/components.k8s: kubernetes needs its etcd \(KMS\) key in a Key Vault/);
  });
});

describe("Azure vm-group", () => {
  const { json, text } = synth({ vms: { kind: "vm-group", count: 3, port: 9000 } });
  const vmss = onlyResource(json, "azurerm_linux_virtual_machine_scale_set");

  test("in the workload subnet with no public IP", () => {
    const ip = vmss.network_interface[0].ip_configuration[0];
    expect(ip.subnet_id).toBe(ref(json, "azurerm_subnet", "private-0", "id"));
    expect(ip.public_ip_address).toBeUndefined();
  });

  test("encryption at host and OS disk encrypted with the app key", () => {
    expect(vmss).toMatchObject({ encryption_at_host_enabled: true, os_disk: { disk_encryption_set_id: ref(json, "azurerm_disk_encryption_set", "disk", "id") } });
  });

  test("no password login and no private key: the admin key is the platform's public key resource", () => {
    expect(vmss).toMatchObject({ disable_password_authentication: true, admin_ssh_key: [{ public_key: "${data.azurerm_ssh_public_key." + Object.keys(json.data!.azurerm_ssh_public_key)[0] + ".public_key}" }] });
    expect(vmss.admin_password).toBeUndefined();
    expect(text).not.toMatch(/tls_private_key|BEGIN .*PRIVATE KEY/);
  });

  test("runs as the app's workload identity; count machines", () => {
    expect(vmss).toMatchObject({ instances: 3, identity: { type: "UserAssigned", identity_ids: [workloadIdentity(json, "id")] } });
  });

  test("the workload port is open to the app network only", () => {
    const rule = one(json, "azurerm_network_security_rule", "vms-port-0");
    expect(rule).toMatchObject({ direction: "Inbound", access: "Allow", destination_port_range: "9000", source_address_prefix: "10.0.0.0/16" });
  });
});

describe("Azure public-endpoint", () => {
  const { json } = synth({ vms: { kind: "vm-group", port: 8080, bootstrap: "#!/bin/sh\npython3 -m http.server 8080\n" }, web: { kind: "public-endpoint", domain: "www.example.nl", backend: "vms" } });
  const gw = onlyResource(json, "azurerm_application_gateway");

  test("Application Gateway v2 with a WAF policy in prevention mode", () => {
    expect(gw.sku).toEqual({ name: "WAF_v2", tier: "WAF_v2" });
    expect(gw.firewall_policy_id).toBe(ref(json, "azurerm_web_application_firewall_policy", "waf", "id"));
    expect(onlyResource(json, "azurerm_web_application_firewall_policy").policy_settings).toMatchObject({ enabled: true, mode: "Prevention" });
  });

  test("a modern TLS policy and an HTTPS listener with the certificate from the app's Key Vault", () => {
    expect(gw.ssl_policy).toEqual({ policy_type: "Predefined", policy_name: "AppGwSslPolicy20220101S" });
    expect(gw.ssl_certificate).toEqual([{ name: "tls", key_vault_secret_id: ref(json, "azurerm_key_vault_certificate", "certificate", "versionless_secret_id") }]);
    expect(onlyResource(json, "azurerm_key_vault_certificate").key_vault_id).toBe(ref(json, "azurerm_key_vault", "vault", "id"));
  });

  test("the gateway's identity may read the certificate", () => {
    expect(roles(json)).toContainEqual(expect.objectContaining({ role_definition_name: "Key Vault Secrets User", principal_id: ref(json, "azurerm_user_assigned_identity", "web_identity", "principal_id") }));
  });

  test("HTTP redirects to HTTPS", () => {
    expect(gw.redirect_configuration).toEqual([expect.objectContaining({ redirect_type: "Permanent", target_listener_name: "https" })]);
    expect(gw.request_routing_rule.find((r: any) => r.http_listener_name === "http").redirect_configuration_name).toBe("to-https");
  });

  test("the vm-group's scale set joins the gateway's backend pool", () => {
    const vmss = onlyResource(json, "azurerm_linux_virtual_machine_scale_set");
    expect(vmss.network_interface[0].ip_configuration[0].application_gateway_backend_address_pool_ids).toEqual([`${ref(json, "azurerm_application_gateway", "gateway", "id")}/backendAddressPools/backend`]);
  });

  test("flows: clients to 443/80 on the gateway subnet, the gateway to the backend port, GatewayManager's ports", () => {
    const rules = resourcesOf(json, "azurerm_network_security_rule").map(([, r]) => r);
    expect(rules).toContainEqual(expect.objectContaining({ direction: "Inbound", destination_port_range: "443", source_address_prefix: "Internet", destination_address_prefix: "10.0.128.0/19" }));
    expect(rules).toContainEqual(expect.objectContaining({ direction: "Inbound", destination_port_range: "8080", source_address_prefix: "10.0.128.0/19", destination_address_prefix: "10.0.0.0/19" }));
    expect(rules).toContainEqual(expect.objectContaining({ direction: "Inbound", destination_port_range: "65200-65535", source_address_prefix: "GatewayManager" }));
  });

  test("access logs go to the app's workspace", () => {
    expect(diagnosticTargets(json)).toContain(ref(json, "azurerm_application_gateway", "gateway", "id"));
  });

  test("a Kubernetes backend turns on the ingress controller add-on for this gateway, with the roles it needs", () => {
    const k = synth({ k8s: { kind: "kubernetes" }, web: { kind: "public-endpoint", domain: "www.example.nl", backend: "k8s" } }).json;
    expect(onlyResource(k, "azurerm_kubernetes_cluster").ingress_application_gateway).toEqual({ gateway_id: ref(k, "azurerm_application_gateway", "gateway", "id") });
    expect(roles(k).filter((r) => String(r.principal_id).includes("ingress_application_gateway_identity")).map((r) => r.role_definition_name).sort()).toEqual(["Contributor", "Managed Identity Operator", "Network Contributor", "Reader"]);
  });
});

describe("Azure dns-zone", () => {
  const records: DnsRecord[] = [
    { name: "@", type: "CAA", values: ['0 issue "letsencrypt.org"'] },
    { name: "@", type: "MX", values: ["10 mail.example.nl"] },
    { name: "www", type: "A", values: ["192.0.2.10"] },
  ];

  test("CAA values are rendered as Azure takes them: flags, tag and value without zone-file quotes", () => {
    const { json } = synth({ zone: { kind: "dns-zone", domain: "example.nl", records } });
    expect(onlyResource(json, "azurerm_dns_caa_record").record).toEqual([{ flags: 0, tag: "issue", value: "letsencrypt.org" }]);
    expect(onlyResource(json, "azurerm_dns_mx_record").record).toEqual([{ preference: "10", exchange: "mail.example.nl" }]);
  });

  test("a private zone is linked to the app's VNet", () => {
    const { json } = synth({ zone: { kind: "dns-zone", domain: "intern.example.nl", private: true, records: records.slice(2) } });
    expect(one(json, "azurerm_private_dns_zone_virtual_network_link", "zone_vnet-link").virtual_network_id).toBe(ref(json, "azurerm_virtual_network", "vnet", "id"));
    expect(onlyResource(json, "azurerm_private_dns_a_record").records).toEqual(["192.0.2.10"]);
  });

  test("a CAA record in a private zone is an error naming the record", () => {
    expect(() => synth({ zone: { kind: "dns-zone", domain: "intern.example.nl", private: true, records } })).toThrow(/components.zone.records\[0\].type: "CAA" cannot be in a private zone/);
  });

  test("an MX value Azure cannot take is an error naming the value", () => {
    expect(() => synth({ zone: { kind: "dns-zone", domain: "example.nl", records: [{ name: "@", type: "MX", values: ["mail.example.nl"] }] } })).toThrow(SpecValidationError);
  });
});

describe("Azure with keys in a Managed HSM", () => {
  const mhsm = targets.azure({ location: "westeurope", keyCustody: "managed-hsm", managedHsmId: "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/kms/providers/Microsoft.KeyVault/managedHSMs/polder-hsm" });
  const { json } = synthApp(specWith({ docs: { kind: "bucket" }, vms: { kind: "vm-group" } }), mhsm);
  const key = Object.keys(json.resource!.azurerm_key_vault_managed_hardware_security_module_key)[0];

  test("the app key lives in the Managed HSM, rotated yearly, kept", () => {
    expect(json.resource!.azurerm_key_vault_managed_hardware_security_module_key[key]).toMatchObject({ key_type: "RSA-HSM", lifecycle: { prevent_destroy: true } });
    expect(onlyResource(json, "azurerm_key_vault_managed_hardware_security_module_key_rotation_policy")).toMatchObject({ time_after_creation: "P365D" });
  });

  test("storage and disks encrypt with it; the CMK identity holds the Managed HSM role on the key", () => {
    expect(one(json, "azurerm_storage_account", "docs").customer_managed_key.managed_hsm_key_id).toBe(`\${azurerm_key_vault_managed_hardware_security_module_key.${key}.id}`);
    expect(onlyResource(json, "azurerm_disk_encryption_set").managed_hsm_key_id).toBe(`\${azurerm_key_vault_managed_hardware_security_module_key.${key}.id}`);
    expect(onlyResource(json, "azurerm_key_vault_managed_hardware_security_module_role_assignment")).toMatchObject({ principal_id: cmkIdentity(json, "principal_id"), scope: "/keys/polder-demo" });
  });
});

describe("Azure overrides", () => {
  test("an unknown azure override field is an error", () => {
    expect(() => synth({ vms: { kind: "vm-group", overrides: { azure: { instanceType: "x" } } } as never })).toThrow(/overrides.azure.instanceType/);
  });

  test("overrides.azure.vmSize sets the scale set's SKU", () => {
    expect(onlyResource(synth({ vms: { kind: "vm-group", overrides: { azure: { vmSize: "Standard_D2as_v5" } } } as never }).json, "azurerm_linux_virtual_machine_scale_set").sku).toBe("Standard_D2as_v5");
  });
});

describe("Azure flows of an app (intake example): every required flow open, nothing else", () => {
  const { json } = synthApp(
    specWith(
      { forms: { kind: "vm-group", port: 8080, bootstrap: "#!/bin/sh\npython3 -m http.server 8080\n" }, portal: { kind: "public-endpoint", domain: "intake.example.nl", backend: "forms", port: 8080 }, uploads: { kind: "bucket" }, db: { kind: "postgres" } },
      { classification: "departementaal-vertrouwelijk", decision: "BZK 2026-0042", network: { cidr: "172.20.0.0/22", zones: 3 } },
    ),
    azure,
  );
  const nsgOf = (rule: any) => String(rule.network_security_group_name).match(/nsg-([a-z]+)_/)?.[1];
  const inbound = (tier: string) =>
    resourcesOf(json, "azurerm_network_security_rule")
      .map(([, r]) => r)
      .filter((r) => nsgOf(r) === tier && r.direction === "Inbound" && r.access === "Allow")
      .map((r) => `${r.source_address_prefix ?? r.source_address_prefixes.join("+")} -> ${r.destination_port_range}`)
      .sort();

  test("workloads: the app port from the app network and from the gateway subnet", () => {
    expect(inbound("workload")).toEqual(["172.20.0.0/22 -> 8080", "172.20.2.0/25 -> 8080"]);
  });

  test("data: PostgreSQL from the app network only", () => {
    expect(inbound("data")).toEqual(["172.20.0.0/22 -> 5432"]);
  });

  test("gateway: clients on 443 and 80, Azure's gateway manager and probes", () => {
    expect(inbound("gateway")).toEqual(["AzureLoadBalancer -> *", "GatewayManager -> 65200-65535", "Internet -> 443", "Internet -> 80"]);
  });

  test("private endpoints: HTTPS from the app network", () => {
    expect(inbound("endpoints")).toEqual(["172.20.0.0/22 -> 443"]);
  });
});

describe("Azure egress inside the network", () => {
  const { json } = synth({ vms: { kind: "vm-group", port: 8080 }, db: { kind: "postgres" } });
  const outbound = resourcesOf(json, "azurerm_network_security_rule")
    .map(([, r]) => r)
    .filter((r) => r.direction === "Outbound" && String(r.network_security_group_name).includes("nsg-workload"))
    .map((r) => `${r.access} ${r.destination_address_prefix} ${r.destination_port_range}`)
    .sort();

  test("workloads reach the private endpoints, the database and each other's port, nothing else in the VNet", () => {
    expect(outbound).toEqual([
      "Allow 10.0.0.0/19 8080",
      "Allow 10.0.224.0/20 443",
      "Allow 10.0.96.0/19 5432",
      "Allow Internet 123",
      "Allow Internet 443",
      "Deny Internet *",
      "Deny VirtualNetwork *",
    ]);
  });
});

describe("Azure global names", () => {
  test("two components of one app that would share a derived name are a spec error naming the component", () => {
    const { stack } = synthApp(specWith({}), azure);
    const f = new AzureFoundation(new Construct(stack, "probe"), { app: { name: "demo", owner: "team-demo", classification: "intern" }, stack, target: azure });
    f.claimName("storage account", "demodocsabc123", "docs");
    expect(() => f.claimName("storage account", "demodocsabc123", "docs2")).toThrow(/components.docs2: its storage account name "demodocsabc123" is the one component 'docs' has/);
  });
});
