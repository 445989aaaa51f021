// Deployability adapter for the Google targets (gcp and the s3ns universe, target id `gcp`):
// Cloud KMS key IAM members and the resources naming a key, VPC firewall rules (targeted by
// service account), Cloud NAT, Secret Manager / bucket / Cloud SQL IAM users as secret readers.
import { type DeployabilityAdapter, type FirewallRule, type KeyGrant, type KeyUse, type SecretRefReach, type StackUnderTest, ofComponent, refAddress, referencedAddresses, resources } from "../adapter";

const ENCRYPTER_DECRYPTER = "roles/cloudkms.cryptoKeyEncrypterDecrypter";

/** A key member as this adapter names it: `agent:<service agent>` or `sa:<service account address>`. */
function principalOf(member: string): string {
  if (/google_storage_project_service_account/.test(member)) return "agent:storage";
  if (/google_logging_project_cmek_settings/.test(member)) return "agent:logging";
  const agent = /^serviceAccount:service-[^@]*@([a-z0-9-]+)\.(?:[a-z0-9-]+\.)?iam\.gserviceaccount\.com$/.exec(member);
  if (agent) return `agent:${agent[1]}`;
  const sa = refAddress(member.replace(/^serviceAccount:/, ""));
  return sa ? `sa:${sa}` : member;
}

/** Where each resource type names its key, and whose agent encrypts with it. */
const KEY_FIELDS: { type: string; key: (c: any) => unknown; agent: string; why: string }[] = [
  { type: "google_storage_bucket", key: (c) => c.encryption?.default_kms_key_name, agent: "agent:storage", why: "Cloud Storage encrypts the bucket's objects" },
  { type: "google_sql_database_instance", key: (c) => c.encryption_key_name, agent: "agent:gcp-sa-cloud-sql", why: "Cloud SQL encrypts the instance's disks" },
  { type: "google_secret_manager_secret", key: (c) => c.replication?.user_managed?.replicas?.[0]?.customer_managed_encryption?.kms_key_name, agent: "agent:gcp-sa-secretmanager", why: "Secret Manager encrypts the secret" },
  { type: "google_logging_project_bucket_config", key: (c) => c.cmek_settings?.kms_key_name, agent: "agent:logging", why: "Cloud Logging encrypts the log bucket" },
  { type: "google_container_cluster", key: (c) => c.database_encryption?.key_name, agent: "agent:container-engine-robot", why: "GKE encrypts Kubernetes secrets" },
  { type: "google_container_cluster", key: (c) => c.cluster_autoscaling?.auto_provisioning_defaults?.boot_disk_kms_key, agent: "agent:compute-system", why: "Compute Engine encrypts auto-provisioned nodes' boot disks" },
  { type: "google_container_cluster", key: (c) => c.node_config?.boot_disk_kms_key, agent: "agent:compute-system", why: "Compute Engine encrypts the nodes' boot disks" },
  { type: "google_container_node_pool", key: (c) => c.node_config?.boot_disk_kms_key, agent: "agent:compute-system", why: "Compute Engine encrypts the nodes' boot disks" },
  { type: "google_compute_region_instance_template", key: (c) => c.disk?.find((d: any) => d.disk_encryption_key)?.disk_encryption_key?.kms_key_self_link, agent: "agent:compute-system", why: "Compute Engine encrypts the machines' disks" },
  { type: "google_compute_instance_template", key: (c) => c.disk?.find((d: any) => d.disk_encryption_key)?.disk_encryption_key?.kms_key_self_link, agent: "agent:compute-system", why: "Compute Engine encrypts the machines' disks" },
];

function keyGrants(s: StackUnderTest): KeyGrant[] {
  return resources(s.json, "google_kms_crypto_key_iam_member").map(([address, m]) => ({ key: refAddress(m.crypto_key_id) ?? String(m.crypto_key_id), principal: principalOf(m.member), actions: [m.role], source: address }));
}

/** Everything a resource waits for before its create: its depends_on and references, transitively. */
function waitsFor(s: StackUnderTest, address: string, seen = new Set<string>()): Set<string> {
  const [type, id] = address.split(".");
  const c = s.json.resource?.[type]?.[id];
  if (!c || seen.has(address)) return seen;
  seen.add(address);
  for (const dep of [...(c.depends_on ?? []), ...referencedAddresses({ ...c, depends_on: undefined })]) if (!dep.startsWith("data.")) waitsFor(s, dep, seen);
  return seen;
}

/** Each encrypted resource's agent needs Encrypter/Decrypter on its key, granted before the resource is created. */
function keyUses(s: StackUnderTest): KeyUse[] {
  const grants = keyGrants(s);
  const out: KeyUse[] = [];
  for (const f of KEY_FIELDS)
    for (const [resource, c] of resources(s.json, f.type)) {
      const key = refAddress(f.key(c));
      if (!key) continue;
      const waits = waitsFor(s, resource);
      const before = grants.some((g) => g.key === key && g.principal === f.agent && waits.has(g.source));
      out.push({ resource, key, principal: f.agent, actions: [ENCRYPTER_DECRYPTER], why: f.why });
      // A grant made after the create is no grant for it: the cloud rejects the create.
      if (!before) out.push({ resource, key, principal: `${f.agent} (before ${resource} is created)`, actions: [ENCRYPTER_DECRYPTER], why: `${f.why}; the resource does not wait for the grant` });
    }
  return out;
}

/** A firewall rule's target group: the service accounts it targets, or every machine of the network. */
const ALL = "network#all-instances";
const saGroup = (email: string) => `sa:${refAddress(email) ?? email}`;

function portsOf(allow: any): [number, number][] {
  if (allow.protocol !== "tcp" && allow.protocol !== "all") return [];
  if (!allow.ports?.length) return [[0, 65535]];
  return allow.ports.map((p: string) => {
    const [a, b] = p.split("-").map(Number);
    return [a, b ?? a] as [number, number];
  });
}

function sqlGroups(s: StackUnderTest): [string, string[]][] {
  const psa = resources(s.json, "google_compute_global_address").map(([, a]) => `${a.address}/${a.prefix_length}`);
  const sub = resources(s.json, "google_compute_subnetwork").filter(([, n]) => !n.purpose).map(([, n]) => n.ip_cidr_range);
  return resources(s.json, "google_sql_database_instance").map(([a, i]) => [`${a}#private-ip`, i.settings?.ip_configuration?.private_network ? psa : sub]);
}

function firewall(s: StackUnderTest) {
  const rules: FirewallRule[] = [];
  const groupCidrs = new Map<string, string[]>();
  const defaultEgress = new Set<string>();
  const workloadsSubnet = resources(s.json, "google_compute_subnetwork").filter(([, n]) => !n.purpose).map(([, n]) => n.ip_cidr_range);
  const denies = resources(s.json, "google_compute_firewall").filter(([, f]) => f.deny);
  const clusterPods = resources(s.json, "google_container_cluster").length
    ? resources(s.json, "google_compute_subnetwork").flatMap(([, n]) => (n.secondary_ip_range ?? []).filter((r: any) => r.range_name === "pods").map((r: any) => r.ip_cidr_range as string))
    : [];
  for (const [address, f] of resources(s.json, "google_compute_firewall")) {
    if (!f.allow || f.disabled) continue;
    const direction = f.direction === "EGRESS" ? "egress" : "ingress";
    // An allow under a deny of higher precedence (lower priority number) for the same direction never applies.
    if (denies.some(([, d]) => d.direction === f.direction && (d.priority ?? 1000) < (f.priority ?? 1000) && !d.target_service_accounts)) continue;
    const groups = f.target_service_accounts?.length ? f.target_service_accounts.map(saGroup) : [ALL];
    // VPC-native GKE: the app's pods call from the subnet's pods range; as callers they are the app
    // network's workloads (the flows the checks know), so that range counts as the network.
    const peers: string[] = (direction === "ingress" ? (f.source_ranges ?? []) : (f.destination_ranges ?? ["0.0.0.0/0"])).map((c: string) => (direction === "ingress" && clusterPods.includes(c) ? s.spec.network.cidr : c));
    const sourceSas: string[] = direction === "ingress" ? (f.source_service_accounts ?? []).map(saGroup) : [];
    for (const group of groups)
      for (const allow of f.allow)
        for (const ports of portsOf(allow)) {
          for (const cidr of peers) rules.push({ address, group, direction, ports, peer: { cidr } });
          for (const peer of sourceSas) rules.push({ address, group, direction, ports, peer: { group: peer } });
        }
  }
  for (const [, t] of resources(s.json, "google_compute_region_instance_template")) for (const sa of t.service_account ? [t.service_account].flat() : []) groupCidrs.set(saGroup(sa.email), workloadsSubnet);
  for (const [, p] of resources(s.json, "google_container_node_pool")) if (p.node_config?.service_account) groupCidrs.set(saGroup(p.node_config.service_account), workloadsSubnet);
  for (const [, c] of resources(s.json, "google_container_cluster")) {
    const sa = c.node_config?.service_account ?? c.cluster_autoscaling?.auto_provisioning_defaults?.service_account;
    if (sa) groupCidrs.set(saGroup(sa), workloadsSubnet);
  }
  groupCidrs.set(ALL, workloadsSubnet);
  // Rules without target service accounts apply to every machine: copy them onto each group.
  for (const r of rules.filter((x) => x.group === ALL)) for (const g of groupCidrs.keys()) if (g !== ALL) rules.push({ ...r, group: g });
  // Cloud SQL's private IP has no VPC firewall of its own: the peered (or PSC) network reaches it; IAM authorizes.
  for (const [g, cidrs] of sqlGroups(s)) {
    groupCidrs.set(g, cidrs);
    rules.push({ address: `${g} (Cloud SQL private IP)`, group: g, direction: "ingress", ports: [5432, 5432], peer: { cidr: s.spec.network.cidr } });
  }
  // The regional load balancer's proxies (proxy-only subnet) and Google's health checkers: managed by Google, not under the VPC firewall's egress.
  for (const [a] of resources(s.json, "google_compute_region_backend_service")) {
    const proxies = resources(s.json, "google_compute_subnetwork").filter(([, n]) => n.purpose === "REGIONAL_MANAGED_PROXY").map(([, n]) => n.ip_cidr_range);
    groupCidrs.set(`${a}#proxies`, proxies);
    groupCidrs.set(`${a}#health-checks`, ["35.191.0.0/16"]);
    groupCidrs.set(`${a}#health-checks-legacy`, ["130.211.0.0/22"]);
    for (const g of [`${a}#proxies`, `${a}#health-checks`, `${a}#health-checks-legacy`]) defaultEgress.add(g);
  }
  return { rules, defaultEgress, groupCidrs };
}

function groupsOf(s: StackUnderTest, component: string, role?: "control-plane" | "nodes"): string[] {
  const comp = s.spec.components.find((c) => c.name === component);
  if (comp?.kind === "public-endpoint")
    return resources(s.json, "google_compute_region_backend_service")
      .filter(([a]) => ofComponent(s, a, component))
      .flatMap(([a]) => [`${a}#proxies`, `${a}#health-checks`, `${a}#health-checks-legacy`]);
  if (comp?.kind === "postgres") return sqlGroups(s).filter(([g]) => ofComponent(s, g.split("#")[0], component)).map(([g]) => g);
  if (comp?.kind === "vm-group")
    return resources(s.json, "google_compute_region_instance_template")
      .filter(([a]) => ofComponent(s, a, component))
      .flatMap(([, t]) => [t.service_account].flat().filter(Boolean).map((x: any) => saGroup(x.email)));
  if (comp?.kind === "kubernetes") {
    if (role === "control-plane") return [];
    const sas = [
      ...resources(s.json, "google_container_node_pool").filter(([a]) => ofComponent(s, a, component)).map(([, p]) => p.node_config?.service_account),
      ...resources(s.json, "google_container_cluster").filter(([a]) => ofComponent(s, a, component)).map(([, c]) => c.node_config?.service_account ?? c.cluster_autoscaling?.auto_provisioning_defaults?.service_account),
    ].filter(Boolean);
    return [...new Set(sas.map(saGroup))];
  }
  return [];
}

/** Ranges of the app's own VPC: its subnets and their secondary ranges, the peering ranges it allocates, GKE's control plane. */
function ownRanges(s: StackUnderTest): string[] {
  return [
    ...resources(s.json, "google_compute_subnetwork").flatMap(([, n]) => [n.ip_cidr_range, ...(n.secondary_ip_range ?? []).map((r: any) => r.ip_cidr_range)]),
    ...resources(s.json, "google_compute_global_address").filter(([, g]) => g.purpose === "VPC_PEERING").map(([, g]) => `${g.address}/${g.prefix_length}`),
    ...resources(s.json, "google_container_cluster").map(([, c]) => c.private_cluster_config?.master_ipv4_cidr_block),
  ].filter(Boolean);
}

/** Cloud NAT gives the subnets it serves a route to the internet; egress rules to ranges outside the app's VPC. */
function egress(s: StackUnderTest) {
  const internetRoutes = resources(s.json, "google_compute_router_nat").map(([a]) => `${a} (Cloud NAT: the subnets' default route leads to the internet)`);
  const own = new Set(ownRanges(s));
  const seen = new Set<string>();
  const openEgress = firewall(s)
    .rules.filter((r) => r.direction === "egress" && "cidr" in r.peer && !own.has(r.peer.cidr))
    .map((r) => ({ address: r.address, cidr: (r.peer as { cidr: string }).cidr, ports: r.ports }))
    .filter((o) => !seen.has(`${o.address} ${o.cidr} ${o.ports}`) && !!seen.add(`${o.address} ${o.cidr} ${o.ports}`));
  return { internetRoutes, openEgress };
}

/** The app's workload service account. */
function workloadsSa(s: StackUnderTest): string | undefined {
  return resources(s.json, "google_service_account").find(([a]) => /_foundation_gcp_workloads_/.test(a))?.[0];
}
const hasMember = (c: any, sa: string) => String(c.member ?? "").includes(`${sa}.`);

function secretRefs(s: StackUnderTest): SecretRefReach[] {
  const sa = workloadsSa(s);
  const out: SecretRefReach[] = [];
  for (const [name, o] of Object.entries(s.json.output ?? {})) {
    const v = (o as any).value;
    if (!name.endsWith("_connection") || typeof v !== "object" || !v.secret_ref) continue;
    const ref: string = v.secret_ref;
    const addr = refAddress(ref);
    const readers: string[] = [];
    let problem: string | undefined;
    if (v.kind === "key") readers.push("deployer");
    else if (addr?.startsWith("google_service_account.")) {
      // IAM database authentication: the service account itself is the credential, if it is a database user.
      const user = resources(s.json, "google_sql_user").some(([, u]) => u.type === "CLOUD_IAM_SERVICE_ACCOUNT" && referencedAddresses(u.name).includes(addr));
      const impersonators = resources(s.json, "google_service_account_iam_member").filter(([, m]) => refAddress(m.service_account_id) === addr).map(([, m]) => m.member);
      if (user) readers.push(addr, ...impersonators);
      else problem = "the service account is no Cloud SQL IAM user";
    } else if (ref.startsWith("gs://")) {
      for (const [, m] of resources(s.json, "google_storage_bucket_iam_member")) if (ref.includes(m.bucket) && /objectViewer|objectAdmin|objectUser/.test(m.role)) readers.push(m.member);
      if (!readers.length) problem = "no IAM member may read the object";
    } else if (addr?.startsWith("google_secret_manager_secret.")) {
      for (const [, m] of resources(s.json, "google_secret_manager_secret_iam_member")) if (refAddress(m.secret_id) === addr && m.role === "roles/secretmanager.secretAccessor") readers.push(m.member);
      if (!readers.length) problem = "no IAM member may access the secret";
    } else readers.push("deployer");
    if (sa && readers.length && v.kind !== "key" && !readers.some((r) => r === sa || r.includes(`${sa}.`))) problem = `the app's workload service account ${sa} is not among its readers`;
    out.push({ output: name, ref, readers: problem ? [] : readers, problem });
  }
  return out;
}

function renderingProblems(s: StackUnderTest): string[] {
  const problems: string[] = [];
  for (const [addr, r] of resources(s.json, "google_dns_record_set")) {
    if (!String(r.name).endsWith(".") && !String(r.name).startsWith("${")) problems.push(`${addr}: name ${r.name} must end with a dot`);
    for (const v of r.rrdatas ?? []) {
      if (r.type === "CAA" && !/^\d{1,3} (issue|issuewild|iodef) "[^"]*"$/.test(v)) problems.push(`${addr}: CAA value ${JSON.stringify(v)} is not 'flags tag "value"'`);
      if (r.type === "TXT" && v.length > 255 && !/^"/.test(v)) problems.push(`${addr}: TXT value over 255 characters must be split into quoted strings`);
      if (r.type === "CNAME" && !v.endsWith(".")) problems.push(`${addr}: CNAME target ${v} must end with a dot`);
    }
  }
  return problems;
}

function dataAccessProblems(s: StackUnderTest, workload: string, data: string): string[] {
  const sa = workloadsSa(s);
  if (!sa) return [`${workload}: no workload service account`];
  const comp = s.spec.components.find((c) => c.name === data)!;
  const own = (type: string) => resources(s.json, type).filter(([a]) => ofComponent(s, a, data));
  const projectRoles = resources(s.json, "google_project_iam_member").filter(([, m]) => hasMember(m, sa)).map(([, m]) => m.role);
  const problems: string[] = [];
  if (comp.kind === "bucket") {
    const [bucket] = own("google_storage_bucket");
    const roles = resources(s.json, "google_storage_bucket_iam_member").filter(([, m]) => bucket && refAddress(m.bucket) === bucket[0] && hasMember(m, sa)).map(([, m]) => m.role);
    if (!bucket || ![...roles, ...projectRoles].some((r) => /storage\.(objectAdmin|objectUser|admin)$/.test(r))) problems.push(`${workload} (${sa}) may not read and write objects of bucket ${data}`);
  } else if (comp.kind === "secret") {
    const secrets = own("google_secret_manager_secret");
    const ok = secrets.length
      ? secrets.every(([a]) => resources(s.json, "google_secret_manager_secret_iam_member").some(([, m]) => refAddress(m.secret_id) === a && m.role === "roles/secretmanager.secretAccessor" && hasMember(m, sa)))
      : own("google_storage_bucket_iam_member").some(([, m]) => hasMember(m, sa));
    if (!ok) problems.push(`${workload} (${sa}) may not read secret ${data}`);
  } else if (comp.kind === "postgres") {
    const user = own("google_sql_user").some(([, u]) => u.type === "CLOUD_IAM_SERVICE_ACCOUNT" && referencedAddresses(u.name).includes(sa));
    for (const role of ["roles/cloudsql.client", "roles/cloudsql.instanceUser"]) if (!projectRoles.includes(role)) problems.push(`${workload} (${sa}) lacks ${role} for ${data}`);
    if (!user) problems.push(`${workload} (${sa}) is no IAM database user of ${data}`);
  } else if (comp.kind === "key") {
    const grants = keyGrants(s).filter((g) => g.principal === `sa:${sa}` && g.actions.includes(ENCRYPTER_DECRYPTER));
    if (!grants.length) problems.push(`${workload} (${sa}) may not encrypt and decrypt with key ${data}`);
  }
  return problems;
}

export const gcpAdapter: DeployabilityAdapter = {
  targetId: "gcp",
  keyGrants,
  keyUses,
  firewall,
  groupsOf,
  egress,
  secretRefs,
  renderingProblems,
  dataAccessProblems,
};
