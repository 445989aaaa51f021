// Deployability adapter for the AWS target: reads key policies, IAM role policies, security
// groups, routes, access entries and records out of a stack's Terraform JSON.
import {
  type DeployabilityAdapter,
  type FirewallRule,
  type KeyGrant,
  type KeyUse,
  type SecretRefReach,
  type StackUnderTest,
  dataSources,
  ofComponent,
  refAddress,
  referencedAddresses,
  resources,
} from "../adapter";

const EBS_ACTIONS = ["kms:Encrypt", "kms:Decrypt", "kms:ReEncryptFrom", "kms:GenerateDataKeyWithoutPlaintext", "kms:DescribeKey", "kms:CreateGrant"];
const LOGS_ACTIONS = ["kms:Encrypt", "kms:Decrypt", "kms:GenerateDataKey"];
const EKS_ACTIONS = ["kms:Encrypt", "kms:Decrypt", "kms:DescribeKey"];
/** Services that use a key through grants the deploying principal creates (RDS, Secrets Manager, S3 default encryption). */
const VIA_CALLER = ["kms:CreateGrant", "kms:DescribeKey", "kms:GenerateDataKey", "kms:Decrypt"];

/** The policy-document data source a `policy`/`json` reference points at, following key → key policy references. */
function policyDoc(s: StackUnderTest, value: unknown): any | undefined {
  const addr = refAddress(value);
  if (!addr) return undefined;
  if (addr.startsWith("data.aws_iam_policy_document.")) return s.json.data?.aws_iam_policy_document?.[addr.split(".")[2]];
  if (addr.startsWith("aws_kms_key.")) return policyDoc(s, s.json.resource?.aws_kms_key?.[addr.split(".")[1]]?.policy);
  return undefined;
}

/** A principal identifier as this adapter names it. */
function principalOf(s: StackUnderTest, type: string, id: string): string {
  if (type === "Service") {
    const sp = /^\$\{data\.aws_service_principal\.([^.]+)\.name\}$/.exec(id);
    const name = sp ? s.json.data?.aws_service_principal?.[sp[1]]?.service_name : id.split(".")[0];
    return `service:${name}`;
  }
  if (/aws-service-role\/autoscaling\.amazonaws\.com\/AWSServiceRoleForAutoScaling$/.test(id)) return "slr:autoscaling";
  if (/:iam::[^:]*:root$/.test(id)) return "account";
  const role = refAddress(id);
  if (role?.startsWith("aws_iam_role.")) return `role:${role}`;
  return `aws:${id}`;
}

function keyAddressOf(value: unknown): string | undefined {
  const a = refAddress(value);
  return a?.startsWith("aws_kms_key.") ? a : undefined;
}

/** IAM role policies as [role address, statements]. */
function rolePolicies(s: StackUnderTest): [string, any[]][] {
  return resources(s.json, "aws_iam_role_policy").map(([, p]) => [refAddress(p.role) ?? "", policyDoc(s, p.policy)?.statement ?? []]);
}

function grants(s: StackUnderTest): KeyGrant[] {
  const out: KeyGrant[] = [];
  for (const [key, k] of resources(s.json, "aws_kms_key")) {
    const doc = policyDoc(s, k.policy);
    for (const st of doc?.statement ?? []) {
      if (st.effect === "Deny") continue;
      for (const p of st.principals ?? [])
        for (const id of p.identifiers) out.push({ key, principal: principalOf(s, p.type, id), actions: st.actions ?? [], source: `key policy ${st.sid ?? ""}` });
    }
  }
  // The account statement delegates to IAM: a role's own policy on the key counts, and so does the deploying principal.
  for (const g of out.filter((x) => x.principal === "account" && x.actions.includes("kms:*"))) {
    out.push({ ...g, principal: "deployer", source: "deploying principal through the account statement" });
    for (const [role, statements] of rolePolicies(s))
      for (const st of statements)
        if (st.effect !== "Deny" && (st.resources ?? []).some((r: string) => keyAddressOf(r) === g.key))
          out.push({ key: g.key, principal: `role:${role}`, actions: st.actions ?? [], source: `IAM policy of ${role}` });
  }
  return out;
}

/** Buckets (by bucket address) and the key their default encryption uses. */
function bucketKeys(s: StackUnderTest): Map<string, string> {
  const m = new Map<string, string>();
  for (const [, enc] of resources(s.json, "aws_s3_bucket_server_side_encryption_configuration")) {
    const key = keyAddressOf(enc.rule?.[0]?.apply_server_side_encryption_by_default?.kms_master_key_id);
    const bucket = refAddress(enc.bucket);
    if (key && bucket) m.set(bucket, key);
  }
  return m;
}

/** Secrets (by the expression of their ARN) and their key: Secrets Manager secrets and RDS master secrets. */
function secretKeys(s: StackUnderTest): Map<string, string> {
  const m = new Map<string, string>();
  for (const [addr, sec] of resources(s.json, "aws_secretsmanager_secret")) {
    const key = keyAddressOf(sec.kms_key_id);
    if (key) m.set(`\${${addr}.arn}`, key);
  }
  for (const [addr, db] of resources(s.json, "aws_db_instance")) {
    const key = keyAddressOf(db.master_user_secret_kms_key_id);
    if (key) m.set(`\${${addr}.master_user_secret[0].secret_arn}`, key);
  }
  return m;
}

function uses(s: StackUnderTest): KeyUse[] {
  const out: KeyUse[] = [];
  for (const [addr, g] of resources(s.json, "aws_cloudwatch_log_group")) {
    const key = keyAddressOf(g.kms_key_id);
    if (key) out.push({ resource: addr, key, principal: "service:logs", actions: LOGS_ACTIONS, why: "CloudWatch Logs encrypts the group" });
  }
  // A launch template's encrypted volumes are created by whoever launches it: the Auto Scaling service-linked role for groups and EKS node groups.
  for (const [addr, t] of resources(s.json, "aws_launch_template")) {
    for (const m of t.block_device_mappings ?? []) {
      const key = keyAddressOf(m.ebs?.kms_key_id);
      if (!key) continue;
      const launched = [...resources(s.json, "aws_autoscaling_group"), ...resources(s.json, "aws_eks_node_group")].some(([, r]) => referencedAddresses(r.launch_template).includes(addr));
      if (launched) out.push({ resource: addr, key, principal: "slr:autoscaling", actions: EBS_ACTIONS, why: "Auto Scaling launches instances with these encrypted volumes" });
    }
  }
  for (const [addr, c] of resources(s.json, "aws_eks_cluster")) {
    const key = keyAddressOf(c.encryption_config?.provider?.key_arn);
    const role = refAddress(c.role_arn);
    if (key && role) out.push({ resource: addr, key, principal: `role:${role}`, actions: EKS_ACTIONS, why: "the EKS cluster role encrypts Kubernetes secrets" });
  }
  for (const [addr, db] of resources(s.json, "aws_db_instance"))
    for (const field of ["kms_key_id", "performance_insights_kms_key_id", "master_user_secret_kms_key_id"]) {
      const key = keyAddressOf(db[field]);
      if (key) out.push({ resource: addr, key, principal: "deployer", actions: VIA_CALLER, why: `RDS uses the key for ${field} through grants of the deploying principal` });
    }
  for (const [addr, sec] of resources(s.json, "aws_secretsmanager_secret")) {
    const key = keyAddressOf(sec.kms_key_id);
    if (key) out.push({ resource: addr, key, principal: "deployer", actions: VIA_CALLER, why: "Secrets Manager encrypts the secret for the deploying principal" });
  }
  // Whoever reads a bucket or a secret encrypted with a key needs the key too.
  const bKeys = bucketKeys(s);
  const sKeys = secretKeys(s);
  for (const [role, statements] of rolePolicies(s))
    for (const st of statements) {
      if (st.effect === "Deny") continue;
      for (const r of st.resources ?? []) {
        const bucket = refAddress(r.replace(/\/\*$/, ""));
        const bKey = bucket ? bKeys.get(bucket) : undefined;
        if (bKey && (st.actions ?? []).some((a: string) => a.startsWith("s3:")))
          out.push({ resource: bucket!, key: bKey, principal: `role:${role}`, actions: ["kms:Decrypt", "kms:GenerateDataKey"], why: "it reads and writes objects of the bucket" });
        const sKey = sKeys.get(r);
        if (sKey && (st.actions ?? []).includes("secretsmanager:GetSecretValue"))
          out.push({ resource: r, key: sKey, principal: `role:${role}`, actions: ["kms:Decrypt"], why: "it reads the secret" });
      }
    }
  return out;
}

/** Security group address for a rule's `security_group_id`/`referenced_security_group_id`, including the EKS cluster group. */
function groupOf(value: unknown): string | undefined {
  if (typeof value !== "string") return undefined;
  const eks = /^\$\{aws_eks_cluster\.([^.]+)\.vpc_config\[0\]\.cluster_security_group_id\}$/.exec(value);
  if (eks) return `aws_eks_cluster.${eks[1]}#cluster-sg`;
  return refAddress(value);
}

function firewall(s: StackUnderTest) {
  const rules: FirewallRule[] = [];
  for (const direction of ["ingress", "egress"] as const)
    for (const [address, r] of resources(s.json, `aws_vpc_security_group_${direction}_rule`)) {
      const group = groupOf(r.security_group_id) ?? "?";
      const all = r.ip_protocol === "-1";
      const ports: [number, number] = all ? [0, 65535] : [r.from_port, r.to_port];
      const peerGroup = groupOf(r.referenced_security_group_id);
      rules.push({ address, group, direction, ports, peer: peerGroup ? { group: peerGroup } : { cidr: r.cidr_ipv4 } });
    }
  const defaultEgress = new Set<string>();
  const groupCidrs = new Map<string, string[]>();
  const net = s.spec.network.subnets;
  for (const [addr] of resources(s.json, "aws_eks_cluster")) {
    // EKS's cluster security group: all traffic among its members (control plane and nodes), all egress.
    const g = `${addr}#cluster-sg`;
    defaultEgress.add(g);
    groupCidrs.set(g, [...net.private]);
    rules.push({ address: `${g} (EKS default)`, group: g, direction: "ingress", ports: [0, 65535], peer: { group: g } });
  }
  const lbGroups = new Set(resources(s.json, "aws_lb").flatMap(([, lb]) => (lb.security_groups ?? []).map(refAddress)));
  for (const [addr] of resources(s.json, "aws_security_group")) groupCidrs.set(addr, lbGroups.has(addr) ? [...net.public] : [...net.private]);
  return { rules, defaultEgress, groupCidrs };
}

function groupsOf(s: StackUnderTest, component: string): string[] {
  const eks = resources(s.json, "aws_eks_cluster").filter(([a]) => ofComponent(s, a, component));
  if (eks.length) return eks.map(([a]) => `${a}#cluster-sg`);
  return resources(s.json, "aws_security_group")
    .filter(([a]) => ofComponent(s, a, component))
    .map(([a]) => a);
}

function egress(s: StackUnderTest) {
  const privateTables = new Set(
    resources(s.json, "aws_route_table_association")
      .filter(([, a]) => /_network_private-\d+_/.test(refAddress(a.subnet_id) ?? ""))
      .map(([, a]) => refAddress(a.route_table_id)),
  );
  const internetRoutes = resources(s.json, "aws_route")
    .filter(([, r]) => r.destination_cidr_block === "0.0.0.0/0" && privateTables.has(refAddress(r.route_table_id)) && (r.nat_gateway_id || r.gateway_id))
    .map(([a]) => a);
  const openEgress = firewall(s)
    .rules.filter((r) => r.direction === "egress" && "cidr" in r.peer && !lbEgress(s, r.group))
    .map((r) => ({ address: r.address, cidr: (r.peer as { cidr: string }).cidr, ports: r.ports }));
  return { internetRoutes, openEgress };
}
const lbEgress = (s: StackUnderTest, group: string) => resources(s.json, "aws_lb").some(([, lb]) => (lb.security_groups ?? []).map(refAddress).includes(group));

function roleStatements(s: StackUnderTest, role: string): any[] {
  return rolePolicies(s)
    .filter(([r]) => r === role)
    .flatMap(([, st]) => st)
    .filter((st) => st.effect !== "Deny");
}

function secretRefs(s: StackUnderTest): SecretRefReach[] {
  const out: SecretRefReach[] = [];
  const readersOf = (ref: string) => [
    "deployer",
    ...rolePolicies(s)
      .filter(([, st]) => st.some((x: any) => (x.resources ?? []).includes(ref) && (x.actions ?? []).includes("secretsmanager:GetSecretValue")))
      .map(([r]) => r),
  ];
  for (const [name, o] of Object.entries(s.json.output ?? {})) {
    const v = (o as any).value;
    if (!name.endsWith("_connection") || typeof v !== "object") continue;
    if (v.secret_ref) out.push({ output: name, ref: v.secret_ref, readers: readersOf(v.secret_ref) });
    if (v.kind === "kubernetes") {
      const cluster = refAddress(v.url);
      const entries = resources(s.json, "aws_eks_access_entry").filter(([, e]) => refAddress(e.cluster_name) === cluster);
      // An entry counts when an access policy is associated with its principal (through the entry, so after it).
      const admins = entries.filter(([a]) =>
        resources(s.json, "aws_eks_access_policy_association").some(([, p]) => refAddress(p.principal_arn) === a && /AmazonEKSClusterAdminPolicy$/.test(p.policy_arn)),
      );
      const path = firewall(s).rules.some((r) => r.direction === "ingress" && r.group === `${cluster}#cluster-sg` && r.ports[0] <= 443 && 443 <= r.ports[1] && "cidr" in r.peer);
      const problem = !admins.length ? "no access entry with an access policy (authentication mode API)" : !path ? "the private endpoint admits no admin network on 443" : undefined;
      out.push({ output: name, ref: `${v.url} (Kubernetes API)`, readers: problem ? [] : admins.map(([a]) => a), problem });
    }
  }
  return out;
}

const CAA = /^\d{1,3} (issue|issuewild|iodef) "[^"]*"$/;

function renderingProblems(s: StackUnderTest): string[] {
  const problems: string[] = [];
  for (const [addr, r] of resources(s.json, "aws_route53_record")) {
    if (r.type === "CAA") for (const v of r.records ?? []) if (!CAA.test(v)) problems.push(`${addr}: CAA value ${JSON.stringify(v)} is not 'flags tag "value"' as Route 53 wants it`);
    if (r.type === "TXT") for (const v of r.records ?? []) if (v.length > 255) problems.push(`${addr}: TXT string over 255 characters`);
  }
  return problems;
}

/** The IAM role a workload's code runs as: the instance role of a VM group, the pod identity role of a cluster. */
function workloadRole(s: StackUnderTest, workload: string): string | undefined {
  const comp = s.spec.components.find((c) => c.name === workload);
  if (comp?.kind === "kubernetes") {
    const assoc = resources(s.json, "aws_eks_pod_identity_association").find(([a]) => ofComponent(s, a, workload));
    return assoc ? refAddress(assoc[1].role_arn) : undefined;
  }
  const profile = resources(s.json, "aws_iam_instance_profile").find(([a]) => ofComponent(s, a, workload));
  return profile ? refAddress(profile[1].role) : undefined;
}

function dataAccessProblems(s: StackUnderTest, workload: string, data: string): string[] {
  const role = workloadRole(s, workload);
  if (!role) return [`${workload}: no workload identity (instance role or pod identity) to use ${data} with`];
  const statements = roleStatements(s, role);
  const allows = (action: string, resource: string) => statements.some((st) => (st.actions ?? []).includes(action) && (st.resources ?? []).includes(resource));
  const comp = s.spec.components.find((c) => c.name === data)!;
  const problems: string[] = [];
  const need = (action: string, resource: string | undefined) => {
    if (!resource || !allows(action, resource)) problems.push(`${workload} (${role}) may not ${action} on ${data}${resource ? ` (${resource})` : ""}`);
  };
  const own = (type: string) => resources(s.json, type).find(([a]) => ofComponent(s, a, data))?.[0];
  if (comp.kind === "bucket") {
    const b = own("aws_s3_bucket");
    need("s3:ListBucket", b && `\${${b}.arn}`);
    need("s3:GetObject", b && `\${${b}.arn}/*`);
    need("s3:PutObject", b && `\${${b}.arn}/*`);
  } else if (comp.kind === "secret") {
    const sec = own("aws_secretsmanager_secret");
    need("secretsmanager:GetSecretValue", sec && `\${${sec}.arn}`);
  } else if (comp.kind === "postgres") {
    const db = own("aws_db_instance");
    need("secretsmanager:GetSecretValue", db && `\${${db}.master_user_secret[0].secret_arn}`);
  } else if (comp.kind === "key") {
    const k = own("aws_kms_key");
    need("kms:Decrypt", k && `\${${k}.arn}`);
    need("kms:GenerateDataKey", k && `\${${k}.arn}`);
  }
  return problems;
}

export const awsAdapter: DeployabilityAdapter = {
  targetId: "aws",
  keyGrants: grants,
  keyUses: uses,
  firewall,
  groupsOf: (s, c) => groupsOf(s, c),
  egress,
  serviceGroups: (s) => [...new Set(resources(s.json, "aws_vpc_endpoint").flatMap(([, e]) => (e.security_group_ids ?? []).map(refAddress)))].filter(Boolean) as string[],
  secretRefs,
  renderingProblems,
  dataAccessProblems,
};
export { dataSources };
