// Deployability adapter for the Azure target: role assignments (key use, secrets, data access,
// admin paths), NSGs and their rules per subnet tier, routes (NAT gateways, default outbound
// access), DNS record sets, read out of a stack's Terraform JSON.
import { type Cidr, overlaps, parseCidr } from "../../../lib/kinds/cidr";
import {
  type DeployabilityAdapter,
  type FirewallRule,
  type KeyGrant,
  type KeyUse,
  type SecretRefReach,
  type StackUnderTest,
  ofComponent,
  refAddress,
  resources,
} from "../adapter";

/** Data actions of the built-in Key Vault roles (Azure RBAC), in Key Vault's own action names. */
const ROLE_ACTIONS: Readonly<Record<string, readonly string[]>> = {
  "Key Vault Administrator": ["keys/*", "secrets/*", "certificates/*"],
  "Key Vault Crypto Officer": ["keys/*"],
  "Key Vault Crypto User": ["keys/read", "keys/encrypt", "keys/decrypt", "keys/wrapKey", "keys/unwrapKey", "keys/sign", "keys/verify"],
  "Key Vault Crypto Service Encryption User": ["keys/read", "keys/wrapKey", "keys/unwrapKey"],
  "Key Vault Secrets Officer": ["secrets/*"],
  "Key Vault Secrets User": ["secrets/getSecret"],
  "Storage Blob Data Owner": ["blobs/*"],
  "Storage Blob Data Contributor": ["blobs/read", "blobs/write", "blobs/delete"],
  "Storage Blob Data Reader": ["blobs/read"],
};
/** What a customer-managed key needs (storage, PostgreSQL, disk encryption sets): get, wrap, unwrap. */
const CMK_ACTIONS = ["keys/read", "keys/wrapKey", "keys/unwrapKey"];
/** AKS KMS (etcd encryption) encrypts and decrypts data keys with the key. */
const KMS_ACTIONS = ["keys/read", "keys/encrypt", "keys/decrypt"];
/** Service tags that stand for Azure's own infrastructure (probes from 168.63.129.16, Application Gateway management): no tenant client sends from them. */
const PLATFORM_TAGS = new Set(["AzureLoadBalancer", "GatewayManager"]);

/** True when `outer` contains `inner`. */
function covers(outer: string, inner: string): boolean {
  const o = parseCidr(outer);
  const i = parseCidr(inner);
  return typeof o !== "string" && typeof i !== "string" && (o as Cidr).prefix <= (i as Cidr).prefix && overlaps(o as Cidr, i as Cidr);
}

/** A role assignment's principal as this adapter names it. */
function principalOf(value: unknown): string {
  const addr = refAddress(value);
  if (addr?.startsWith("data.azurerm_client_config.")) return "deployer";
  if (addr) return `identity:${addr}`;
  return `principal:${String(value)}`;
}
/** A user-assigned identity reference (`.id` or `.principal_id`) as a principal. */
const identity = (value: unknown) => `identity:${refAddress(value)}`;

/** Role assignments as [address, scope address, principal, role, config]. */
function assignments(s: StackUnderTest) {
  return resources(s.json, "azurerm_role_assignment").map(([address, r]) => ({ address, scope: refAddress(r.scope) ?? String(r.scope), scopeExpr: String(r.scope), principal: principalOf(r.principal_id), role: String(r.role_definition_name), config: r }));
}

/** Keys and the vault they live in. */
function keysOf(s: StackUnderTest): [string, string | undefined][] {
  return resources(s.json, "azurerm_key_vault_key").map(([a, k]) => [a, refAddress(k.key_vault_id)]);
}

function keyGrants(s: StackUnderTest): KeyGrant[] {
  const keys = keysOf(s);
  const out: KeyGrant[] = [];
  for (const r of assignments(s)) {
    const actions = ROLE_ACTIONS[r.role]?.filter((a) => a.startsWith("keys/"));
    if (!actions?.length) continue;
    // A role on the key itself, or on its vault (every key in it).
    const covered = keys.filter(([k, vault]) => k === r.scope || vault === r.scope).map(([k]) => k);
    for (const key of covered) out.push({ key, principal: r.principal, actions, source: `role assignment ${r.address} (${r.role}${r.config.description ? `: ${r.config.description}` : ""})` });
  }
  return out;
}

const keyAddressOf = (value: unknown) => {
  const a = refAddress(value);
  return a?.startsWith("azurerm_key_vault_key.") ? a : undefined;
};

function keyUses(s: StackUnderTest): KeyUse[] {
  const out: KeyUse[] = [];
  for (const type of ["azurerm_storage_account", "azurerm_postgresql_flexible_server"])
    for (const [addr, r] of resources(s.json, type)) {
      const cmk = Array.isArray(r.customer_managed_key) ? r.customer_managed_key[0] : r.customer_managed_key;
      const key = keyAddressOf(cmk?.key_vault_key_id);
      const who = cmk?.user_assigned_identity_id ?? cmk?.primary_user_assigned_identity_id;
      if (key) out.push({ resource: addr, key, principal: who ? identity(who) : "no identity", actions: CMK_ACTIONS, why: "its customer-managed key identity wraps and unwraps the data key" });
    }
  for (const [addr, d] of resources(s.json, "azurerm_disk_encryption_set")) {
    const key = keyAddressOf(d.key_vault_key_id);
    const who = d.identity?.identity_ids?.[0];
    if (key) out.push({ resource: addr, key, principal: who ? identity(who) : "system identity", actions: CMK_ACTIONS, why: "the disk encryption set wraps the disks' keys" });
  }
  for (const [addr, c] of resources(s.json, "azurerm_kubernetes_cluster")) {
    const key = keyAddressOf(c.key_management_service?.key_vault_key_id);
    const who = c.identity?.identity_ids?.[0];
    if (key) out.push({ resource: addr, key, principal: who ? identity(who) : "system identity", actions: KMS_ACTIONS, why: "the AKS cluster identity encrypts etcd with KMS" });
  }
  return out;
}

/** NSG address of each subnet (through the subnet associations). */
function subnetNsgs(s: StackUnderTest): Map<string, string> {
  const m = new Map<string, string>();
  for (const [, a] of resources(s.json, "azurerm_subnet_network_security_group_association")) {
    const subnet = refAddress(a.subnet_id);
    const nsg = refAddress(a.network_security_group_id);
    if (subnet && nsg) m.set(subnet, nsg);
  }
  return m;
}

/**
 * Firewall groups are (NSG, subnet) pairs, `<nsg>@<subnet>`: an NSG's rules name address ranges, so
 * a rule applies to the subnets of its NSG whose range it names (destination inbound, source outbound).
 */
const groupId = (nsg: string, subnet: string) => `${nsg}@${subnet}`;
function groupCidrs(s: StackUnderTest): Map<string, string[]> {
  const m = new Map<string, string[]>();
  const subnets = s.json.resource?.azurerm_subnet ?? {};
  for (const [subnet, nsg] of subnetNsgs(s)) m.set(groupId(nsg, subnet), [...(subnets[subnet.split(".")[1]]?.address_prefixes ?? [])]);
  return m;
}

/** A prefix or service tag as a peer: CIDRs, `*`/`Internet` as 0.0.0.0/0, `VirtualNetwork` as the app network, other tags by name. */
function peerOf(s: StackUnderTest, prefix: string): { cidr: string } | { group: string } {
  if (prefix === "*" || prefix === "Internet" || prefix === "0.0.0.0/0") return { cidr: "0.0.0.0/0" };
  if (prefix === "VirtualNetwork") return { cidr: s.spec.network.cidr };
  if (/^\d+\.\d+\.\d+\.\d+(\/\d+)?$/.test(prefix)) return { cidr: prefix.includes("/") ? prefix : `${prefix}/32` };
  return { group: `tag:${prefix}` };
}

function portRanges(r: any): [number, number][] {
  const all: string[] = r.destination_port_ranges ?? [r.destination_port_range ?? "*"];
  return all.map((p) => {
    if (p === "*") return [0, 65535];
    const [lo, hi] = p.split("-").map(Number);
    return [lo, hi ?? lo];
  });
}

/** Whether a rule's own-side prefixes (destination inbound, source outbound) include a subnet's range. */
function appliesTo(s: StackUnderTest, prefixes: string[], subnetCidrs: readonly string[]): boolean {
  return prefixes.some((p) => {
    const peer = peerOf(s, p);
    return !("cidr" in peer) || subnetCidrs.every((c) => covers(peer.cidr, c));
  });
}

function firewall(s: StackUnderTest) {
  const cidrs = groupCidrs(s);
  const byNsg = new Map<string, string[]>();
  for (const [subnet, nsg] of subnetNsgs(s)) byNsg.set(nsg, [...(byNsg.get(nsg) ?? []), groupId(nsg, subnet)]);
  const rules: FirewallRule[] = [];
  const nsgRules = resources(s.json, "azurerm_network_security_rule");
  for (const [address, r] of nsgRules) {
    if (r.access !== "Allow") continue;
    const nsg = refAddress(r.network_security_group_name) ?? "?";
    const direction = r.direction === "Inbound" ? "ingress" : "egress";
    const sources: string[] = r.source_address_prefixes ?? [r.source_address_prefix];
    const destinations: string[] = r.destination_address_prefixes ?? [r.destination_address_prefix];
    const [own, peers] = direction === "ingress" ? [destinations, sources] : [sources, destinations];
    for (const group of (byNsg.get(nsg) ?? []).filter((g) => appliesTo(s, own, cidrs.get(g) ?? []))) {
      for (const prefix of peers) {
        if (PLATFORM_TAGS.has(prefix)) continue;
        const peer = peerOf(s, prefix);
        // A range within the group's own subnet is traffic among its members.
        const self = "cidr" in peer && (cidrs.get(group) ?? []).every((c) => covers(c, peer.cidr));
        for (const ports of portRanges(r)) rules.push({ address, group, direction, ports, peer: self ? { group } : peer });
      }
    }
  }
  // Azure's default rules allow all outbound (VirtualNetwork and Internet) unless a rule denies it.
  const denies = (group: string, to: string) => {
    const nsg = group.split("@")[0];
    return nsgRules.some(([, r]) => r.access === "Deny" && r.direction === "Outbound" && refAddress(r.network_security_group_name) === nsg && [r.destination_address_prefix, ...(r.destination_address_prefixes ?? [])].some((d) => d === to || d === "*"));
  };
  const defaultEgress = new Set([...cidrs.keys()].filter((g) => !denies(g, "VirtualNetwork")));
  return { rules, defaultEgress, groupCidrs: cidrs, denies };
}

function nsgOfSubnet(s: StackUnderTest, subnetRef: unknown): string[] {
  const subnet = refAddress(subnetRef) ?? "";
  const nsg = subnetNsgs(s).get(subnet);
  return nsg ? [groupId(nsg, subnet)] : [];
}

function groupsOf(s: StackUnderTest, component: string, role?: "control-plane" | "nodes"): string[] {
  const own = (type: string) => resources(s.json, type).filter(([a]) => ofComponent(s, a, component));
  const out: string[] = [];
  for (const [, g] of own("azurerm_application_gateway")) for (const ip of g.gateway_ip_configuration ?? []) out.push(...nsgOfSubnet(s, ip.subnet_id));
  for (const [, v] of own("azurerm_linux_virtual_machine_scale_set")) for (const n of v.network_interface ?? []) for (const ip of n.ip_configuration ?? []) out.push(...nsgOfSubnet(s, ip.subnet_id));
  for (const [, p] of own("azurerm_postgresql_flexible_server")) out.push(...nsgOfSubnet(s, p.delegated_subnet_id));
  for (const [, c] of own("azurerm_kubernetes_cluster"))
    out.push(...nsgOfSubnet(s, role === "control-plane" ? c.api_server_access_profile?.subnet_id : c.default_node_pool?.vnet_subnet_id));
  return [...new Set(out)];
}

/** NSGs of the private endpoints' subnet (the vault, storage): workloads reach Azure's services there on 443. */
function serviceGroups(s: StackUnderTest): string[] {
  return [...new Set(resources(s.json, "azurerm_private_endpoint").flatMap(([, e]) => nsgOfSubnet(s, e.subnet_id)))];
}

/** Subnets with a route to the internet: a NAT gateway, or Azure's default outbound access left on (for subnets with machines). */
function egress(s: StackUnderTest) {
  const internetRoutes = resources(s.json, "azurerm_subnet_nat_gateway_association").map(([a, n]) => `${a} (subnet ${refAddress(n.subnet_id)} leaves through NAT gateway ${refAddress(n.nat_gateway_id)})`);
  // Default routes: to the internet, or to an appliance that is none of the destinations the target names.
  const named: readonly string[] = (s.target as { egress?: { cidrs?: string[] } }).egress?.cidrs ?? [];
  const routes = [
    ...resources(s.json, "azurerm_route").map(([a, r]) => [a, r] as const),
    ...resources(s.json, "azurerm_route_table").flatMap(([a, t]) => (t.route ?? []).map((r: any) => [`${a}#${r.name}`, r] as const)),
  ];
  for (const [a, r] of routes) {
    if (r.address_prefix !== "0.0.0.0/0") continue;
    if (r.next_hop_type === "Internet") internetRoutes.push(`${a} (a default route to the internet)`);
    else if (r.next_hop_type === "VirtualAppliance" && !named.some((c) => covers(c, `${r.next_hop_in_ip_address}/32`))) internetRoutes.push(`${a} (a default route to ${r.next_hop_in_ip_address}, which the target does not name)`);
  }
  const fw = firewall(s);
  const gateways = new Set(s.spec.components.filter((c) => c.kind === "public-endpoint").flatMap((c) => groupsOf(s, c.name)));
  const workloads = new Set(s.spec.components.filter((c) => c.kind === "vm-group" || c.kind === "kubernetes").flatMap((c) => groupsOf(s, c.name, "nodes")));
  // The API server subnet (VNet integration) holds only AKS's Microsoft-operated API server; Polder
  // leaves its default outbound as AKS expects it (an exception, like the gateways' above).
  const controlPlanes = new Set(s.spec.components.filter((c) => c.kind === "kubernetes").flatMap((c) => groupsOf(s, c.name, "control-plane")));
  // Subnets of workloads where Azure's default outbound access (an implicit public IP) is still on.
  for (const [addr, sub] of resources(s.json, "azurerm_subnet")) {
    const nsg = subnetNsgs(s).get(addr);
    if (nsg && workloads.has(groupId(nsg, addr)) && sub.default_outbound_access_enabled !== false) internetRoutes.push(`${addr} (default outbound access to the internet)`);
  }
  const openEgress = [
    // An NSG without an outbound deny keeps Azure's AllowInternetOutBound (Application Gateway v2 needs it for its own management).
    ...[...fw.defaultEgress].filter((g) => !gateways.has(g) && !controlPlanes.has(g) && !fw.denies(g, "Internet")).map((g) => ({ address: `${g} (Azure's default AllowInternetOutBound)`, cidr: "0.0.0.0/0", ports: [0, 65535] as const })),
    ...fw.rules.filter((r) => r.direction === "egress" && "cidr" in r.peer && !gateways.has(r.group)).map((r) => ({ address: r.address, cidr: (r.peer as { cidr: string }).cidr, ports: r.ports })),
  ];
  return { internetRoutes, openEgress };
}

/** Principals with a role on a scope (or on a scope containing it: the vault of a key or secret). */
function holders(s: StackUnderTest, scopes: readonly string[], action: string): string[] {
  return assignments(s)
    .filter((r) => scopes.includes(r.scope) && (ROLE_ACTIONS[r.role] ?? []).some((a) => a === action || (a.endsWith("/*") && action.startsWith(a.slice(0, -1)))))
    .map((r) => r.principal);
}

function secretRefs(s: StackUnderTest): SecretRefReach[] {
  const out: SecretRefReach[] = [];
  for (const [name, o] of Object.entries(s.json.output ?? {})) {
    const v = (o as any).value;
    if (!name.endsWith("_connection") || typeof v !== "object") continue;
    const ref: string = v.secret_ref ?? "";
    const vault = /^\$\{(azurerm_key_vault\.[^.]+)\.vault_uri\}secrets\/(.+)$/.exec(ref);
    if (vault) out.push({ output: name, ref, readers: holders(s, [vault[1]], "secrets/getSecret"), problem: "no role on the vault reads secrets" });
    else if (keyAddressOf(ref)) {
      const key = keyAddressOf(ref)!;
      const inVault = refAddress(s.json.resource!.azurerm_key_vault_key[key.split(".")[1]].key_vault_id) ?? "";
      out.push({ output: name, ref, readers: holders(s, [key, inVault], "keys/decrypt"), problem: "no role on the key or its vault uses it" });
    } else if (refAddress(ref)?.startsWith("azurerm_user_assigned_identity.") && v.kind === "postgres") {
      // Entra authentication: the named identity logs in when it is an Entra administrator of the server.
      const server = refAddress(v.host);
      const admins = resources(s.json, "azurerm_postgresql_flexible_server_active_directory_administrator").filter(([, a]) => refAddress(a.server_name) === server && refAddress(a.object_id) === refAddress(ref));
      out.push({ output: name, ref, readers: admins.map(([a]) => a), problem: "the identity is no Entra administrator of the server" });
    } else if (ref) out.push({ output: name, ref, readers: [], problem: "not a Key Vault secret, key or Entra identity this adapter knows" });
    // Admin interfaces: the cluster's API (Entra RBAC, local accounts off) and the VM group's Entra login.
    if (v.kind === "kubernetes" || v.kind === "vm-group") {
      const type = v.kind === "kubernetes" ? "azurerm_kubernetes_cluster" : "azurerm_linux_virtual_machine_scale_set";
      const target = refAddress(v.kind === "kubernetes" ? v.url.replace(/^https:\/\//, "") : v.name) ?? refAddress(v.name);
      const role = v.kind === "kubernetes" ? "Azure Kubernetes Service RBAC Cluster Admin" : "Virtual Machine Administrator Login";
      const admins = assignments(s).filter((r) => r.scope === target && r.role === role);
      const config = target?.startsWith(`${type}.`) ? s.json.resource![type][target.split(".")[1]] : undefined;
      let problem: string | undefined;
      if (!config) problem = `the output names no ${type}`;
      else if (!admins.length) problem = `no ${role} role assignment on ${target}`;
      else if (v.kind === "kubernetes" && !config.azure_active_directory_role_based_access_control?.azure_rbac_enabled) problem = "Azure RBAC for Kubernetes is off: the role assignment grants nothing";
      else if (v.kind === "vm-group" && !(config.extension ?? []).some((e: any) => e.type === "AADSSHLoginForLinux")) problem = "no AADSSHLoginForLinux extension: Entra login does not work";
      out.push({ output: name, ref: `${target} (${v.kind === "kubernetes" ? "Kubernetes API" : "Entra SSH login"})`, readers: problem ? [] : admins.map((r) => r.principal), problem });
    }
  }
  return out;
}

/** Azure DNS: relative names, CAA values without quotes (Azure adds them), TXT strings up to 1024 characters, A records as IPv4 addresses. */
function renderingProblems(s: StackUnderTest): string[] {
  const problems: string[] = [];
  for (const type of ["azurerm_dns_a_record", "azurerm_dns_caa_record", "azurerm_dns_txt_record", "azurerm_dns_cname_record", "azurerm_dns_mx_record", "azurerm_private_dns_a_record"])
    for (const [addr, r] of resources(s.json, type)) if (typeof r.name === "string" && r.name.endsWith(".")) problems.push(`${addr}: name ${r.name} must be relative to the zone`);
  for (const [addr, r] of resources(s.json, "azurerm_dns_caa_record"))
    for (const rec of r.record ?? []) {
      if (!["issue", "issuewild", "iodef"].includes(rec.tag)) problems.push(`${addr}: CAA tag ${rec.tag} is not issue, issuewild or iodef`);
      if (/"/.test(rec.value)) problems.push(`${addr}: CAA value ${JSON.stringify(rec.value)} must not be quoted (Azure DNS quotes it)`);
      if (!(rec.flags >= 0 && rec.flags <= 255)) problems.push(`${addr}: CAA flags ${rec.flags} out of 0-255`);
    }
  for (const [addr, r] of resources(s.json, "azurerm_dns_txt_record"))
    for (const rec of r.record ?? []) if (String(rec.value).length > 1024) problems.push(`${addr}: TXT value over 1024 characters`);
  for (const [addr, r] of resources(s.json, "azurerm_dns_a_record"))
    for (const ip of r.records ?? []) if (!/^\$\{/.test(ip) && !/^\d+\.\d+\.\d+\.\d+$/.test(ip)) problems.push(`${addr}: A value ${ip} is not an IPv4 address`);
  return problems;
}

/** The identity a workload's code runs as: the VM group's user-assigned identity, the identity a cluster's service account federates to. */
function workloadIdentity(s: StackUnderTest, workload: string): string | undefined {
  const comp = s.spec.components.find((c) => c.name === workload);
  if (comp?.kind === "kubernetes") {
    const cluster = resources(s.json, "azurerm_kubernetes_cluster").find(([a]) => ofComponent(s, a, workload));
    const fed = resources(s.json, "azurerm_federated_identity_credential").find(([, f]) => cluster && refAddress(f.issuer) === cluster[0]);
    return cluster?.[1].workload_identity_enabled && cluster[1].oidc_issuer_enabled && fed ? refAddress(fed[1].parent_id) : undefined;
  }
  const vmss = resources(s.json, "azurerm_linux_virtual_machine_scale_set").find(([a]) => ofComponent(s, a, workload));
  const id = vmss?.[1].identity?.identity_ids?.[0];
  return id ? refAddress(id) : undefined;
}

function dataAccessProblems(s: StackUnderTest, workload: string, data: string): string[] {
  const id = workloadIdentity(s, workload);
  if (!id) return [`${workload}: no workload identity (VM group identity or federated service account) to use ${data} with`];
  const me = `identity:${id}`;
  const comp = s.spec.components.find((c) => c.name === data)!;
  const own = (type: string) => resources(s.json, type).filter(([a]) => ofComponent(s, a, data)).map(([a]) => a);
  const may = (scopes: string[], action: string) => holders(s, scopes, action).includes(me);
  const vaults = resources(s.json, "azurerm_key_vault").map(([a]) => a);
  const problems: string[] = [];
  if (comp.kind === "bucket") {
    const scopes = [...own("azurerm_storage_container"), ...own("azurerm_storage_account")];
    for (const action of ["blobs/read", "blobs/write"]) if (!may(scopes, action)) problems.push(`${workload} (${id}) may not ${action} on bucket ${data}`);
  } else if (comp.kind === "secret") {
    if (!may([...own("azurerm_key_vault_secret"), ...vaults], "secrets/getSecret")) problems.push(`${workload} (${id}) may not read secret ${data}`);
  } else if (comp.kind === "key") {
    const keys = own("azurerm_key_vault_key");
    const inVaults = keys.map((k) => refAddress(s.json.resource!.azurerm_key_vault_key[k.split(".")[1]].key_vault_id) ?? "");
    for (const action of ["keys/encrypt", "keys/decrypt"]) if (!keys.length || !may([...keys, ...inVaults], action)) problems.push(`${workload} (${id}) may not ${action} with key ${data}`);
  } else if (comp.kind === "postgres") {
    const servers = own("azurerm_postgresql_flexible_server");
    const login = resources(s.json, "azurerm_postgresql_flexible_server_active_directory_administrator").some(([, a]) => servers.includes(refAddress(a.server_name) ?? "") && refAddress(a.object_id) === id);
    if (!login) problems.push(`${workload} (${id}) has no Entra login on database ${data}`);
  }
  return problems;
}

export const azureAdapter: DeployabilityAdapter = {
  targetId: "azure",
  keyGrants,
  keyUses,
  firewall: (s) => {
    const { rules, defaultEgress, groupCidrs: g } = firewall(s);
    return { rules, defaultEgress, groupCidrs: g };
  },
  groupsOf,
  // AKS API Server VNet Integration: the API server's internal load balancer listens on 443.
  apiServerPort: () => 443,
  egress,
  serviceGroups,
  secretRefs,
  renderingProblems,
  dataAccessProblems,
};
