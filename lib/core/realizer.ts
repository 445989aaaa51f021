import type { Construct } from "constructs";
import type { ComponentKind } from "../kinds/kind-names";
import type { ResolvedOf } from "../kinds";
import type { ResolvedNetwork } from "../kinds/network";
import type { Classification } from "../policy/classification";
import type { ConfidentialSupport } from "./confidential";
import type { Target } from "./target";
import type { TargetStack } from "./target-stack";

/**
 * How workloads reach a component, the same fields on every target. Values are Terraform
 * expressions (tokens); a field that means nothing for a kind is an empty string.
 */
export interface ConnectionInfo {
  readonly host: string;
  readonly port: string;
  readonly name: string;
  /** Reference to where the credentials live (ARN, Barbican ref, Key Vault id); never the value. */
  readonly secretRef: string;
  readonly url: string;
}

export const EMPTY_CONNECTION: ConnectionInfo = { host: "", port: "", name: "", secretRef: "", url: "" };

/** What a realizer made for one component. */
export interface RealizedComponent {
  readonly kind: ComponentKind;
  readonly strategy: string;
  readonly connection: ConnectionInfo;
  /** Target-specific handle for other components of the same app (an endpoint's backend, a zone). */
  readonly handle?: unknown;
}

/** The app as a realizer sees it. */
export interface AppInfo {
  readonly name: string;
  readonly owner: string;
  readonly classification: Classification;
  /**
   * Kubernetes nodes and VM groups run on confidential machine types (memory encrypted by the CPU
   * with a key the host cannot read): set by `PortableApp` for an app in a landing-zone unit with
   * the `confidential` tier, or by `PortableAppProps.confidentialCompute`. Realizers that cannot
   * honour it refuse (see `Realizer.confidentialCompute`), never ignore it.
   * @default false
   */
  readonly confidentialCompute?: boolean;
  /**
   * The kinds of the app's components, known before any is realized: a network can leave out
   * what no component will use (e.g. the load balancers' way out). @default unknown: any kind may come
   */
  readonly kinds?: readonly ComponentKind[];
}

export interface FoundationContext {
  readonly app: AppInfo;
  readonly stack: TargetStack;
  readonly target: Target;
}

export interface NetworkContext<F> extends FoundationContext {
  /** What the realizer's `foundation` returned: e.g. the app key, a resource group, a project. */
  readonly foundation: F;
}

export interface RealizeContext<F = unknown, N = unknown> extends NetworkContext<F> {
  readonly network: N;
  /** Strategy chosen for this component from the target's capabilities. */
  readonly strategy: string;
  /** A component of this app realized earlier (components are realized in dependency order). */
  component(name: string): RealizedComponent;
}

export type KindRealizer<K extends ComponentKind, F, N> = (scope: Construct, props: ResolvedOf<K>, ctx: RealizeContext<F, N>) => RealizedComponent;

/**
 * The provider-specific half of Polder: one per target, in `lib/targets/<id>/`. It is the only
 * code that touches provider bindings.
 */
export interface Realizer<F = any, N = any> {
  /** Adds the provider(s) and the state backend to a new stack. */
  configureStack(stack: TargetStack): void;
  /**
   * Per-app baseline every component builds on: AWS a customer-managed key, Azure a resource
   * group, Google a project, OpenStack a project.
   */
  foundation(scope: Construct, ctx: FoundationContext): F;
  network(scope: Construct, props: ResolvedNetwork, ctx: NetworkContext<F>): N;
  readonly kinds: { readonly [K in ComponentKind]: KindRealizer<K, F, N> };
  /**
   * Whether this target's kubernetes and vm-group can run on confidential machine types
   * (`AppInfo.confidentialCompute`), and how; or why not (a region without them, a universe that
   * lacks the machine family, a cloud without memory-encrypting flavors). Pure: reads the target only.
   * @default none: no confidential machine types on this target
   */
  confidentialCompute?(target: Target): ConfidentialSupport;
}
