// The deployability checks (key use, flows, reachable secrets and admin paths, per-target
// rendering) are written once, over a neutral model of a synthesized stack. Each target plugs in
// with one adapter module in ./targets/<id>.ts that reads its own resource types out of the
// stack's Terraform JSON and answers in this model; the checks never name a resource type.
//
// Adapter interface (what a new target, e.g. Azure or Google Cloud, implements):
//   keyGrants(stack)   who may use which key, as the cloud would evaluate it (key policy, IAM
//                      policies that a key policy delegates to, role assignments, ACLs)
//   keyUses(stack)     every use of a key the stack manages: the encrypted resource, the
//                      principal that encrypts/decrypts with it (a service, a service-linked or
//                      workload identity) and the actions it needs
//   firewall(stack)    the component's groups/NSGs/firewall rules as ingress and egress rules
//   apiServerPort(stack, c)  optional: the port nodes reach the API server on (default 6443)
//   groupsOf(stack, c) the firewall groups a component's machines or endpoints sit in
//   serviceGroups(stack)  groups of the cloud's service endpoints inside the app network
//                      (e.g. VPC interface endpoints), which every workload reaches on 443
//   egress(stack)      whether the network has a default route to the internet and where
//                      egress may go (for classified apps)
//   secretRefs(stack)  every secret_ref / admin interface in an output, and who can read it
//   renderingProblems(stack)  values the target's API would reject (records, names, formats)
//   dataAccess(stack, workload, data)  whether a workload's identity may use a data component
import type { ResolvedAppSpec } from "../../lib/app/spec";
import type { Target } from "../../lib/core/target";
import type { TfJson } from "../support/synth";

/** One synthesized stack with what it was made from. */
export interface StackUnderTest {
  readonly label: string;
  readonly spec: ResolvedAppSpec;
  readonly target: Target;
  readonly json: TfJson;
}

/** A principal in the adapter's own notation, e.g. `service:logs`, `role:<logical id>`, `slr:autoscaling`. */
export type Principal = string;

/** A principal allowed some actions on a key. */
export interface KeyGrant {
  /** Address of the key resource (`aws_kms_key.<id>`). */
  readonly key: string;
  readonly principal: Principal;
  /** Actions allowed; wildcards (`kms:*`, `kms:Decrypt*`) as the cloud writes them. */
  readonly actions: readonly string[];
  /** Where the grant comes from, for messages. */
  readonly source: string;
}

/** A resource encrypted with a key, used by a principal that needs these actions on the key. */
export interface KeyUse {
  readonly resource: string;
  readonly key: string;
  readonly principal: Principal;
  readonly actions: readonly string[];
  /** Why this principal uses the key, for messages. */
  readonly why: string;
}

/** A firewall rule: traffic into (ingress) or out of (egress) `group`. */
export interface FirewallRule {
  readonly address: string;
  readonly group: string;
  readonly direction: "ingress" | "egress";
  /** Inclusive port range; [0, 65535] for all. */
  readonly ports: readonly [number, number];
  /** The other side: a group address or a CIDR. */
  readonly peer: { readonly group: string } | { readonly cidr: string };
}

export interface FirewallModel {
  readonly rules: readonly FirewallRule[];
  /** Groups with implicit allow-all egress (OpenStack's default rules). */
  readonly defaultEgress: ReadonlySet<string>;
  /** Address ranges a group's members have (their subnets), for CIDR-based rules. */
  readonly groupCidrs: ReadonlyMap<string, readonly string[]>;
}

export interface EgressModel {
  /** Route tables / routers that send 0.0.0.0/0 to the internet (NAT, SNAT router, internet gateway for private subnets). */
  readonly internetRoutes: readonly string[];
  /** Egress rules to a CIDR outside the app network, with their destination. */
  readonly openEgress: readonly { readonly address: string; readonly cidr: string; readonly ports: readonly [number, number] }[];
}

/** A `secret_ref` or admin interface named in an output, and who can read it. */
export interface SecretRefReach {
  readonly output: string;
  readonly ref: string;
  /** Identities the stack creates or the target names that can read it; empty = stranded. */
  readonly readers: readonly string[];
  /** Why nobody can, when readers is empty. */
  readonly problem?: string;
}

export interface DeployabilityAdapter {
  readonly targetId: string;
  keyGrants(s: StackUnderTest): KeyGrant[];
  keyUses(s: StackUnderTest): KeyUse[];
  firewall(s: StackUnderTest): FirewallModel;
  /** Firewall groups of a component (its machines, nodes, load balancer or database). */
  groupsOf(s: StackUnderTest, component: string, role?: "control-plane" | "nodes"): string[];
  egress(s: StackUnderTest): EgressModel;
  /** Port the nodes reach a cluster's API server on, when not 6443 (AKS: 443). */
  apiServerPort?(s: StackUnderTest, component: string): number;
  /** Groups of the cloud's own service endpoints inside the app network (VPC interface endpoints); workloads reach them on 443. */
  serviceGroups?(s: StackUnderTest): string[];
  secretRefs(s: StackUnderTest): SecretRefReach[];
  renderingProblems(s: StackUnderTest): string[];
  /** Problems with a workload's identity using a data component (bucket, secret, postgres secret, key); [] = may use it. */
  dataAccessProblems(s: StackUnderTest, workload: string, data: string): string[];
}

/** True when `granted` (with wildcards) covers `action`. */
export function actionCovered(granted: readonly string[], action: string): boolean {
  return granted.some((g) => g === "*" || new RegExp(`^${g.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*")}$`, "i").test(action));
}

/** `${type.id.attr}` → `type.id`; undefined when the value is not such a reference. */
export function refAddress(value: unknown): string | undefined {
  if (typeof value !== "string") return undefined;
  const m = /^\$\{(data\.)?([a-z0-9_]+)\.([^.}\s\[]+)([.[][^}]*)?\}$/.exec(value);
  return m ? `${m[1] ?? ""}${m[2]}.${m[3]}` : undefined;
}

/** Every `type.id` referenced anywhere inside a value. */
export function referencedAddresses(value: unknown): string[] {
  const text = JSON.stringify(value ?? null);
  return [...text.matchAll(/\$\{(?:[a-z]+\()*(?:data\.)?([a-z0-9_]+)\.([A-Za-z0-9_-]+)/g)].map((m) => `${m[1]}.${m[2]}`);
}

/** Resources of a type as [address, config]. */
export function resources(json: TfJson, type: string): [string, any][] {
  return Object.entries(json.resource?.[type] ?? {}).map(([id, c]) => [`${type}.${id}`, c]);
}

export function dataSources(json: TfJson, type: string): [string, any][] {
  return Object.entries(json.data?.[type] ?? {}).map(([id, c]) => [`data.${type}.${id}`, c]);
}

/** Logical ids of a component's resources start with `<app>_<component>_` (construct path app/component/...). */
export function ofComponent(s: StackUnderTest, address: string, component: string): boolean {
  const id = address.slice(address.indexOf(".", address.startsWith("data.") ? 5 : 0) + 1);
  return id.startsWith(`${s.spec.name}_${component}_`);
}
