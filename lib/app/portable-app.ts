import { Construct } from "constructs";
import { TerraformOutput } from "../core/cdktf";
import { confidentialSupport } from "../core/confidential";
import { PlacementError, PolderError } from "../core/errors";
import type { AppInfo, RealizedComponent } from "../core/realizer";
import { TargetStack } from "../core/target-stack";
import { COMPONENT_KINDS, type ResolvedComponent } from "../kinds";
import { chooseStrategies } from "../kinds/strategy";
import { type AppPlacement, COMPUTE_KINDS, type LandingZoneRef, placeInLandingZone } from "../landing-zone/app-placement";
import { LandingZone } from "../landing-zone/landing-zone";
import { evaluatePlacement, type PlacementVerdict } from "../policy/placement";
import { type AppSpec, parseAppSpec, type ResolvedAppSpec } from "./spec";

export interface PortableAppProps {
  /** The app: a validated spec from `loadAppSpec`/`parseAppSpec`, or plain AppSpec data (validated here). */
  readonly spec: AppSpec | ResolvedAppSpec;
  /**
   * The landing zone (a construct of the same App) and unit the app runs in; overrides the spec's `landingZone`.
   * @default the spec's `landingZone`, looked up by name among the App's zones on this target; none without it
   */
  readonly landingZone?: { readonly zone: LandingZone; readonly unit: string; readonly tenancy?: string };
  /**
   * Run kubernetes nodes and VM groups on confidential machine types (memory encrypted by the CPU,
   * e.g. AMD SEV-SNP). A target without them refuses the app. Cannot be `false` in a unit with
   * the `confidential` tier.
   * @default true in a landing-zone unit with the `confidential` tier, else false
   */
  readonly confidentialCompute?: boolean;
}

/** Components whose handles others use come first; within one rank, spec order. */
const REALIZE_ORDER = COMPONENT_KINDS;

function isResolved(spec: AppSpec | ResolvedAppSpec): spec is ResolvedAppSpec {
  return Array.isArray((spec as ResolvedAppSpec).components);
}

/**
 * Builds every component of an AppSpec in its TargetStack through the target's realizer, and
 * exposes each component's connection as a Terraform output named `<component>_connection`
 * (same name and fields on every target).
 */
export class PortableApp extends Construct {
  readonly spec: ResolvedAppSpec;
  readonly placement: PlacementVerdict;
  /** Strategy chosen per component (and `network`). */
  readonly strategies: Readonly<Record<string, string>>;
  private readonly realized = new Map<string, RealizedComponent>();

  constructor(scope: Construct, id: string, props: PortableAppProps) {
    super(scope, id);
    const spec = isResolved(props.spec) ? props.spec : parseAppSpec(props.spec);
    this.spec = spec;
    const stack = TargetStack.of(this);
    const target = stack.target;

    this.placement = evaluatePlacement(spec, target);
    if (!this.placement.allowed) throw new PlacementError(this.placement.rule, spec.classification, target.name, this.placement.reason);

    // Resolve every strategy before creating anything, so a missing capability fails cleanly.
    // Every component the target cannot host is reported at once, by its path.
    const chosen = chooseStrategies(target, [{ path: "network", kind: "network" }, ...spec.components.map((c) => ({ path: `components.${c.name}`, kind: c.kind, pinned: c.strategy }))], spec.name);
    const strategies: Record<string, string> = { network: chosen.network };
    for (const c of spec.components) strategies[c.name] = chosen[`components.${c.name}`];
    this.strategies = strategies;

    const zonePlacement = this.placeInZone(props, spec, stack);
    const confidentialCompute = this.confidentialCompute(props, spec, stack, zonePlacement);
    const app: AppInfo = { name: spec.name, owner: spec.owner, classification: spec.classification, kinds: spec.components.map((c) => c.kind), ...(confidentialCompute ? { confidentialCompute } : {}) };
    stack.addTags({ app: spec.name, owner: spec.owner, classification: spec.classification });
    // The decision that allows what the defaults refuse, where an auditor looks: on the resources.
    if (spec.decision) stack.addTags({ decision: spec.decision });
    const realizer = stack.realizer;
    const base = { app, stack, target };
    const foundation = realizer.foundation(new Construct(this, "foundation"), base);
    const network = realizer.network(new Construct(this, "network"), spec.network, { ...base, foundation });
    zonePlacement?.attachNetwork(network);
    new TerraformOutput(this, "network-strategy", { value: strategies.network, description: "strategy used for the app network" }).overrideLogicalId("network_strategy");

    const ordered = [...spec.components].sort((a, b) => REALIZE_ORDER.indexOf(a.kind) - REALIZE_ORDER.indexOf(b.kind));
    for (const component of ordered) {
      const ctx = { ...base, foundation, network, strategy: strategies[component.name], component: (name: string) => this.component(name) };
      const realize = realizer.kinds[component.kind] as (scope: Construct, props: ResolvedComponent, c: typeof ctx) => RealizedComponent;
      const result = realize(new Construct(this, component.name), component, ctx);
      this.realized.set(component.name, result);
      this.output(component.name, result);
    }
  }

  /** Points the stack at the tenancy of its landing zone, when it has one; refuses a unit that does not fit. */
  private placeInZone(props: PortableAppProps, spec: ResolvedAppSpec, stack: TargetStack): AppPlacement | undefined {
    const ref: LandingZoneRef | undefined = props.landingZone ? { zone: props.landingZone.zone.spec.name, unit: props.landingZone.unit, tenancy: props.landingZone.tenancy } : spec.landingZone;
    if (!ref) return undefined;
    const zone = props.landingZone?.zone ?? LandingZone.find(this, ref.zone, stack.target.name);
    if (!zone) throw new PolderError(`app '${spec.name}': landing zone '${ref.zone}' is not in this synth on target '${stack.target.name}': synthesize the zone with the app (new LandingZone in its own TargetStack of the same App)`);
    return placeInLandingZone(new Construct(this, "landing-zone"), { app: { name: spec.name, owner: spec.owner, classification: spec.classification, kinds: spec.components.map((c) => c.kind), cidr: spec.network.cidr }, stack, zone, ref });
  }

  /**
   * Whether kubernetes and vm-group run on confidential machine types: the prop, else the unit's
   * `confidential` tier. The target must have them (for a confidential unit the zone checked that).
   */
  private confidentialCompute(props: PortableAppProps, spec: ResolvedAppSpec, stack: TargetStack, zone: AppPlacement | undefined): boolean {
    if (props.confidentialCompute === false && zone?.confidential)
      throw new PolderError(`app '${spec.name}': confidentialCompute is false, but unit '${zone.unit.name}' has the confidential tier: its kubernetes and vm-group always run on confidential machine types`);
    const wanted = props.confidentialCompute ?? zone?.confidential ?? false;
    const compute = [...new Set(spec.components.map((c) => c.kind).filter((k) => COMPUTE_KINDS.includes(k)))];
    // A confidential unit was checked by the zone's placement already; anything else is checked here.
    if (wanted && !zone?.confidential && compute.length) {
      const support = confidentialSupport(stack.realizer, stack.target);
      if (!support.supported) throw new PlacementError("confidential-compute", spec.classification, stack.target.name, `confidentialCompute is set, and ${compute.join(" and ")} cannot get confidential machine types here: ${support.reason}`);
    }
    return wanted;
  }

  /** What was realized for a component: its connection, strategy and target handle. */
  component(name: string): RealizedComponent {
    const c = this.realized.get(name);
    if (!c) throw new Error(`component '${name}' of app '${this.spec.name}' is not realized (yet)`);
    return c;
  }

  private output(name: string, result: RealizedComponent): void {
    const c = result.connection;
    new TerraformOutput(this, `${name}-connection`, {
      description: `connection of ${result.kind} '${name}' (strategy: ${result.strategy})`,
      value: { kind: result.kind, strategy: result.strategy, host: c.host, port: c.port, name: c.name, secret_ref: c.secretRef, url: c.url },
    }).overrideLogicalId(`${name}_connection`);
  }
}
