// Deployability adapter for the sovereign (OpenStack) target: security groups and their rules,
// routers, Barbican ACLs, key pairs and admin ranges, Designate records.
import type { SovereignTarget } from "../../../lib/targets/openstack/target";
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

function firewall(s: StackUnderTest) {
  const rules: FirewallRule[] = [];
  for (const [address, r] of resources(s.json, "openstack_networking_secgroup_rule_v2")) {
    if (r.ethertype === "IPv6") continue;
    const ports: [number, number] = r.port_range_min ? [r.port_range_min, r.port_range_max] : [0, 65535];
    const peerGroup = refAddress(r.remote_group_id);
    rules.push({ address, group: refAddress(r.security_group_id) ?? "?", direction: r.direction, ports, peer: peerGroup ? { group: peerGroup } : { cidr: r.remote_ip_prefix ?? "0.0.0.0/0" } });
  }
  // Neutron gives every new group allow-all egress rules unless they are deleted.
  const defaultEgress = new Set(resources(s.json, "openstack_networking_secgroup_v2").filter(([, g]) => !g.delete_default_rules).map(([a]) => a));
  const groupCidrs = new Map<string, string[]>();
  for (const [a] of resources(s.json, "openstack_networking_secgroup_v2")) groupCidrs.set(a, [...s.spec.network.subnets.private]);
  // Octavia reaches members from its port on the member subnet (members name their subnet), or the VIP subnet.
  for (const [a] of resources(s.json, "openstack_lb_loadbalancer_v2")) {
    defaultEgress.add(`${a}#amphora`);
    groupCidrs.set(`${a}#amphora`, [...s.spec.network.subnets.private, ...s.spec.network.subnets.public]);
  }
  return { rules, defaultEgress, groupCidrs };
}

/** Groups on the ports of a component's instances, or its load balancer. */
function groupsOf(s: StackUnderTest, component: string, role?: "control-plane" | "nodes"): string[] {
  const comp = s.spec.components.find((c) => c.name === component);
  if (comp?.kind === "public-endpoint") return resources(s.json, "openstack_lb_loadbalancer_v2").filter(([a]) => ofComponent(s, a, component)).map(([a]) => `${a}#amphora`);
  const ports = resources(s.json, "openstack_networking_port_v2").filter(([a]) => ofComponent(s, a, component));
  const pick = comp?.kind === "kubernetes" ? ports.filter(([a]) => (role === "control-plane" ? /_control-plane-\d+-port_/ : /_worker-\d+-port_/).test(a)) : ports;
  return [...new Set(pick.flatMap(([, p]) => (p.security_group_ids ?? []).map(refAddress)))].filter(Boolean) as string[];
}

/** Routers on the target's external network that private subnets (workloads, data) route through. */
function egress(s: StackUnderTest) {
  const externalName = (s.target as SovereignTarget).externalNetwork;
  const viaInternet = (r: any) => {
    const net = refAddress(r.external_network_id);
    return net?.startsWith("data.") && s.json.data?.openstack_networking_network_v2?.[net.split(".")[2]]?.name === externalName;
  };
  const routesPrivate = (router: string) =>
    resources(s.json, "openstack_networking_router_interface_v2").some(([, i]) => refAddress(i.router_id) === router && /_network_private-\d+_/.test(refAddress(i.subnet_id) ?? ""));
  // A router to the external network serves only a public endpoint's load-balancer subnets.
  const hasEndpoint = s.spec.components.some((c) => c.kind === "public-endpoint");
  const internetRoutes = resources(s.json, "openstack_networking_router_v2")
    .filter(([a, r]) => viaInternet(r) && r.enable_snat !== false && (routesPrivate(a) || !hasEndpoint))
    .map(([a]) => `${a} (a route to the external network${routesPrivate(a) ? " for the private subnets" : ", and no public endpoint needs one"}, SNAT)`);
  const fw = firewall(s);
  const openEgress = [
    ...[...fw.defaultEgress].filter((g) => !g.endsWith("#amphora")).map((g) => ({ address: `${g} (default egress rules)`, cidr: "0.0.0.0/0", ports: [0, 65535] as const })),
    ...fw.rules.filter((r) => r.direction === "egress" && "cidr" in r.peer).map((r) => ({ address: r.address, cidr: (r.peer as { cidr: string }).cidr, ports: r.ports })),
  ];
  return { internetRoutes, openEgress };
}

/** Who may read a Barbican secret or container: its creator (the deployer) only when the ACL says so, listed users, the project when project_access. */
function barbicanReaders(acl: any): string[] {
  const read = acl?.read;
  if (!read) return ["deployer", "project members"];
  return ["deployer", ...(read.project_access === false ? [] : ["project members"]), ...(read.users ?? []).map((u: string) => `user ${refAddress(u) ?? u}`)];
}

function secretRefs(s: StackUnderTest): SecretRefReach[] {
  const target = s.target as SovereignTarget & { adminAccess?: { keyPair: string; cidrs: readonly string[] } };
  const out: SecretRefReach[] = [];
  for (const [name, o] of Object.entries(s.json.output ?? {})) {
    const v = (o as any).value;
    if (!name.endsWith("_connection") || typeof v !== "object" || !v.secret_ref) continue;
    const ref: string = v.secret_ref;
    const addr = refAddress(ref);
    if (addr?.startsWith("openstack_keymanager_secret_v1.")) {
      const secret = s.json.resource!.openstack_keymanager_secret_v1[addr.split(".")[1]];
      const emptyPayload = !secret.payload;
      out.push({ output: name, ref, readers: emptyPayload ? [] : barbicanReaders(secret.acl), problem: emptyPayload ? "a Barbican secret without a payload: provider v3.4.0's create PUTs the (empty) payload, which Barbican rejects" : undefined });
    } else if (addr?.startsWith("openstack_keymanager_container_v1.")) {
      out.push({ output: name, ref, readers: barbicanReaders(s.json.resource!.openstack_keymanager_container_v1[addr.split(".")[1]].acl) });
    } else if (ref.startsWith("openstack-instance://")) {
      // A file on an instance: readable by whoever can log in to it (a key pair and an SSH rule from a range the target names).
      const inst = refAddress(ref.slice("openstack-instance://".length).replace(/\/.*$/, "").replace(/\.id\}$/, ".id}"));
      const inst2 = /\$\{(openstack_compute_instance_v2\.[^.]+)\.id\}/.exec(ref)?.[1] ?? inst;
      const config = inst2 ? s.json.resource!.openstack_compute_instance_v2[inst2.split(".")[1]] : undefined;
      const port = config ? refAddress(config.network?.[0]?.port) : undefined;
      const groups: string[] = port ? (s.json.resource!.openstack_networking_port_v2[port.split(".")[1]].security_group_ids ?? []).map(refAddress) : [];
      const ssh = firewall(s).rules.some((r) => r.direction === "ingress" && groups.includes(r.group) && r.ports[0] <= 22 && 22 <= r.ports[1] && "cidr" in r.peer && (target.adminAccess?.cidrs ?? []).includes(r.peer.cidr));
      const keyPair = config?.key_pair && config.key_pair === target.adminAccess?.keyPair;
      const problem = !keyPair ? "the instance has no key pair the target names" : !ssh ? "no SSH rule from the target's admin ranges" : undefined;
      out.push({ output: name, ref, readers: problem ? [] : [`key pair ${config.key_pair}`], problem });
    } else if (addr?.startsWith("openstack_compute_instance_v2.")) {
      out.push({ output: name, ref, readers: [], problem: "an instance reference is not a readable location" });
    } else {
      // Terraform state (the deployer), Trove/Magnum APIs (the deployer), the external key manager the target names, a certificate container its owner made.
      out.push({ output: name, ref, readers: ["deployer"] });
    }
  }
  return out;
}

/** Designate's own rules for record data. */
const CAA_DESIGNATE = /^\d{1,3} (issue|issuewild) [a-z0-9.-]*(;\s*[a-z0-9-]+=[^\s;"]+)*$|^\d{1,3} iodef (mailto:|https?:)\S+$/;

function renderingProblems(s: StackUnderTest): string[] {
  const problems: string[] = [];
  for (const [addr, r] of resources(s.json, "openstack_dns_recordset_v2")) {
    if (!String(r.name).endsWith(".")) problems.push(`${addr}: name ${r.name} must be fully qualified with a trailing dot`);
    for (const v of r.records ?? []) {
      if (r.type === "CAA" && !CAA_DESIGNATE.test(v)) problems.push(`${addr}: CAA value ${JSON.stringify(v)} is refused by Designate (issuer must be a bare domain name)`);
      if (r.type === "TXT" && !/^".*"$/.test(v)) problems.push(`${addr}: TXT value ${JSON.stringify(v)} must be quoted for Designate`);
      if (r.type === "CNAME" && !v.endsWith(".")) problems.push(`${addr}: CNAME target ${v} must end with a dot`);
    }
  }
  return problems;
}

/** Barbican material the app's identity reads: the app key (order) and containers. */
function keyGrants(s: StackUnderTest): KeyGrant[] {
  return resources(s.json, "openstack_keymanager_container_v1").flatMap(([key, c]) =>
    barbicanReaders(c.acl).map((principal) => ({ key, principal, actions: ["read"], source: "container ACL" })),
  );
}

/** Workloads read the app's Barbican containers through the app identity. */
function keyUses(s: StackUnderTest): KeyUse[] {
  const identity = resources(s.json, "openstack_identity_user_v3")[0]?.[0];
  if (!identity || !s.spec.components.some((c) => c.kind === "vm-group" || c.kind === "kubernetes")) return [];
  return resources(s.json, "openstack_keymanager_container_v1").map(([key]) => ({ resource: key, key, principal: `user ${identity}`, actions: ["read"], why: "the app's workloads read it with the app identity" }));
}

function dataAccessProblems(s: StackUnderTest, workload: string, data: string): string[] {
  const comp = s.spec.components.find((c) => c.name === data)!;
  if (comp.kind !== "secret") return [];
  const own = resources(s.json, "openstack_keymanager_container_v1").find(([a]) => ofComponent(s, a, data));
  if (!own) return s.json.resource?.openstack_keymanager_secret_v1 ? [`${workload}: secret ${data} has no container the app identity may read`] : [];
  const identity = resources(s.json, "openstack_identity_user_v3")[0]?.[0];
  return identity && barbicanReaders(own[1].acl).includes(`user ${identity}`) ? [] : [`${workload}: the app identity may not read secret ${data}`];
}

export const sovereignAdapter: DeployabilityAdapter = {
  targetId: "sovereign",
  keyGrants,
  keyUses,
  firewall,
  groupsOf,
  egress,
  secretRefs,
  renderingProblems,
  dataAccessProblems,
};
