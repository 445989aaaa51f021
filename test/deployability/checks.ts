// The class checks, target-blind: each returns the problems it finds in one stack ([] = fine).
import { type Cidr, overlaps, parseCidr } from "../../lib/kinds/cidr";
import { actionCovered, type DeployabilityAdapter, type FirewallModel, type StackUnderTest } from "./adapter";

/** Key use: every principal that uses a key for a resource may use it, with every action it needs. */
export function keyUseProblems(a: DeployabilityAdapter, s: StackUnderTest): string[] {
  const grants = a.keyGrants(s);
  const problems: string[] = [];
  for (const use of a.keyUses(s)) {
    const mine = grants.filter((g) => g.key === use.key && g.principal === use.principal);
    const missing = use.actions.filter((action) => !mine.some((g) => actionCovered(g.actions, action)));
    if (missing.length)
      problems.push(`${use.resource}: ${use.principal} (${use.why}) may not ${missing.join(", ")} on ${use.key}${mine.length ? ` (granted: ${mine.map((g) => g.source).join(", ")})` : " (no grant)"}`);
  }
  return problems;
}

export interface RequiredFlow {
  readonly from: string;
  readonly to: string;
  readonly port: number;
  readonly why: string;
  readonly fromGroups: readonly string[];
  readonly toGroups: readonly string[];
}

const WORKLOADS = new Set(["vm-group", "kubernetes"]);

/** The flows the spec's relations need: endpoint → backend, workloads → databases, nodes → control plane. */
export function requiredFlows(a: DeployabilityAdapter, s: StackUnderTest): RequiredFlow[] {
  const flows: RequiredFlow[] = [];
  const comps = s.spec.components;
  for (const c of comps) {
    if (c.kind === "public-endpoint")
      flows.push({ from: c.name, to: c.backend, port: c.port, why: "endpoint to its backend", fromGroups: a.groupsOf(s, c.name), toGroups: a.groupsOf(s, c.backend, "nodes") });
    if (WORKLOADS.has(c.kind))
      for (const db of comps.filter((d) => d.kind === "postgres"))
        flows.push({ from: c.name, to: db.name, port: 5432, why: "workload to the app's database", fromGroups: a.groupsOf(s, c.name, "nodes"), toGroups: a.groupsOf(s, db.name) });
    const services = WORKLOADS.has(c.kind) ? (a.serviceGroups?.(s) ?? []) : [];
    if (services.length)
      flows.push({ from: c.name, to: "cloud service endpoints", port: 443, why: "workload to the cloud's services without the internet", fromGroups: a.groupsOf(s, c.name, "nodes"), toGroups: services });
    if (c.kind === "kubernetes") {
      const cp = a.groupsOf(s, c.name, "control-plane");
      const nodes = a.groupsOf(s, c.name, "nodes");
      if (cp.length && cp.join() !== nodes.join()) {
        flows.push({ from: c.name, to: c.name, port: a.apiServerPort?.(s, c.name) ?? 6443, why: "nodes to the control plane", fromGroups: nodes, toGroups: cp });
        // The API server calls the kubelets (logs, exec, metrics) on every Kubernetes.
        flows.push({ from: c.name, to: c.name, port: 10250, why: "control plane to the kubelets", fromGroups: cp, toGroups: nodes });
      }
    }
  }
  return flows;
}

function cidr(text: string): Cidr | undefined {
  const c = parseCidr(text);
  return typeof c === "string" ? undefined : c;
}
/** True when `outer` contains `inner`. */
function covers(outer: string, inner: string): boolean {
  const o = cidr(outer);
  const i = cidr(inner);
  return !!o && !!i && o.prefix <= i.prefix && overlaps(o, i);
}
const inPorts = (ports: readonly [number, number], port: number) => ports[0] <= port && port <= ports[1];

/** Whether one side's rule admits the other side: the peer group itself, or a range covering all its members' addresses. */
function admits(fw: FirewallModel, peer: { group: string } | { cidr: string }, others: readonly string[]): boolean {
  if ("group" in peer) return others.includes(peer.group);
  return others.some((g) => {
    const cidrs = fw.groupCidrs.get(g) ?? [];
    return cidrs.length > 0 && cidrs.every((c) => covers(peer.cidr, c));
  });
}

/** Ingress the spec declares from address ranges: clients of an endpoint, callers of a workload's port, API clients, admins. */
export interface DeclaredIngress {
  readonly groups: readonly string[];
  readonly ports: readonly number[];
  readonly cidrs: readonly string[];
}

export function declaredIngress(a: DeployabilityAdapter, s: StackUnderTest, adminRanges: readonly string[]): DeclaredIngress[] {
  const net = [s.spec.network.cidr, ...s.spec.network.allowedIngressCidrs];
  const out: DeclaredIngress[] = [];
  for (const c of s.spec.components) {
    if (c.kind === "public-endpoint") out.push({ groups: a.groupsOf(s, c.name), ports: [443, 80], cidrs: c.allowedCidrs });
    if (c.kind === "vm-group") out.push({ groups: a.groupsOf(s, c.name, "nodes"), ports: [c.port], cidrs: net });
    if (c.kind === "postgres") out.push({ groups: a.groupsOf(s, c.name), ports: [5432], cidrs: s.spec.network.allowedIngressCidrs });
    if (c.kind === "kubernetes") out.push({ groups: a.groupsOf(s, c.name, "control-plane"), ports: [6443, 443], cidrs: [...net, ...adminRanges] });
    if (c.kind === "postgres" || c.kind === "kubernetes" || c.kind === "vm-group")
      out.push({ groups: [...a.groupsOf(s, c.name), ...a.groupsOf(s, c.name, "control-plane"), ...a.groupsOf(s, c.name, "nodes")], ports: [22], cidrs: adminRanges });
  }
  return out;
}

/** Flows: every required flow open end to end, and no ingress that no flow or declared range needs. */
export function flowProblems(a: DeployabilityAdapter, s: StackUnderTest, adminRanges: readonly string[] = []): string[] {
  const declared = declaredIngress(a, s, adminRanges);
  const fw = a.firewall(s);
  const problems: string[] = [];
  const flows = requiredFlows(a, s);
  for (const f of flows) {
    if (!f.fromGroups.length || !f.toGroups.length) {
      problems.push(`${f.from} → ${f.to}:${f.port} (${f.why}): no firewall group found (${f.fromGroups.length ? "destination" : "source"})`);
      continue;
    }
    const egress =
      f.fromGroups.some((g) => fw.defaultEgress.has(g)) ||
      fw.rules.some((r) => r.direction === "egress" && f.fromGroups.includes(r.group) && inPorts(r.ports, f.port) && admits(fw, r.peer, f.toGroups));
    const ingress = fw.rules.some((r) => r.direction === "ingress" && f.toGroups.includes(r.group) && inPorts(r.ports, f.port) && admits(fw, r.peer, f.fromGroups));
    if (!egress) problems.push(`${f.from} → ${f.to}:${f.port} (${f.why}): no egress on the source (${f.fromGroups.join(", ")})`);
    if (!ingress) problems.push(`${f.from} → ${f.to}:${f.port} (${f.why}): no ingress on the destination (${f.toGroups.join(", ")})`);
  }
  // Nothing else open: each ingress rule serves a required flow, its own group, or a declared range.
  for (const r of fw.rules.filter((x) => x.direction === "ingress")) {
    if ("group" in r.peer && r.peer.group === r.group) continue;
    const peerCidr = "cidr" in r.peer ? r.peer.cidr : undefined;
    if (peerCidr && declared.some((d) => d.groups.includes(r.group) && d.ports.some((p) => inPorts(r.ports, p) && r.ports[1] - r.ports[0] < 1) && d.cidrs.some((c) => covers(c, peerCidr)))) continue;
    const serves = flows.some((f) => f.toGroups.includes(r.group) && inPorts(r.ports, f.port) && admits(fw, r.peer, f.fromGroups));
    if (!serves) problems.push(`${r.address}: ingress on ${r.group} ports ${r.ports.join("-")} from ${JSON.stringify(r.peer)} serves no flow of the spec`);
  }
  return problems;
}

/** Egress of classified apps: no default route to the internet, egress only to destinations the target names. */
export function egressProblems(a: DeployabilityAdapter, s: StackUnderTest, namedDestinations: readonly string[]): string[] {
  const e = a.egress(s);
  const net = s.spec.network.cidr;
  return [
    ...e.internetRoutes.map((r) => `${r}: a default route to the internet`),
    ...e.openEgress.filter((o) => !covers(net, o.cidr) && !namedDestinations.some((d) => covers(d, o.cidr))).map((o) => `${o.address}: egress to ${o.cidr} ports ${o.ports.join("-")}, not a destination the target names`),
  ];
}

/** Reachable secrets and admin paths: every secret_ref and admin interface in an output has a reader the stack or target names. */
export function reachProblems(a: DeployabilityAdapter, s: StackUnderTest): string[] {
  return a
    .secretRefs(s)
    .filter((r) => r.readers.length === 0)
    .map((r) => `${r.output}: ${r.ref} is readable by nobody the stack creates or the target names${r.problem ? `: ${r.problem}` : ""}`);
}

/** Data access: every workload's identity may use the app's data components (buckets, secrets, database credentials, keys). */
export function dataAccessProblems(a: DeployabilityAdapter, s: StackUnderTest): string[] {
  const comps = s.spec.components;
  const data = comps.filter((c) => c.kind === "bucket" || c.kind === "secret" || c.kind === "postgres" || c.kind === "key");
  return comps.filter((c) => WORKLOADS.has(c.kind)).flatMap((w) => data.flatMap((d) => a.dataAccessProblems(s, w.name, d.name)));
}
