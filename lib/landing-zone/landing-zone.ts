import { Construct } from "constructs";
import { PolderError } from "../core/errors";
import { TargetStack } from "../core/target-stack";
import { landingZoneRealizerOf } from "../targets/landing-zones";
import { buildControlsReport, checkControlResults, type LandingZoneControlsReport } from "./controls";
import { writeControlsBesideStack } from "./controls-writer";
import type { LandingZoneRealizer, RealizedLandingZone } from "./realizer";
import { type LandingZoneSpec, parseLandingZoneSpec, type ResolvedLandingZoneSpec } from "./spec";

export interface LandingZoneProps {
  /** The zone: a validated spec from `loadLandingZoneSpec`/`parseLandingZoneSpec`, or plain data (validated here). */
  readonly spec: LandingZoneSpec | ResolvedLandingZoneSpec;
  /**
   * The provider-specific half, for a target Polder does not know.
   * @default the target's own landing-zone realizer (`lib/targets/<id>/landing-zone/`)
   */
  readonly realizer?: LandingZoneRealizer;
}

const ZONE_SYMBOL = Symbol.for("polder.LandingZone");

function isResolved(spec: LandingZoneSpec | ResolvedLandingZoneSpec): spec is ResolvedLandingZoneSpec {
  return Array.isArray((spec as ResolvedLandingZoneSpec).units);
}

/**
 * The platform baseline of one target: the unit hierarchy, guardrails, audit trail, hub network,
 * identity, budgets. It lives in its own TargetStack, named after the zone (stack id
 * `<zone>-<target name>`), so its state is apart from every app's. Apps placed in it read its
 * values by cross-stack reference.
 */
export class LandingZone extends Construct {
  static isLandingZone(x: unknown): x is LandingZone {
    return typeof x === "object" && x !== null && ZONE_SYMBOL in x;
  }

  /** The LandingZone of a stack, if it holds one. */
  static of(stack: TargetStack): LandingZone | undefined {
    return stack.node.children.find((c): c is LandingZone => LandingZone.isLandingZone(c));
  }

  /** The zone called `name` on the target called `targetName` in the same cdktf App, if any. */
  static find(scope: Construct, name: string, targetName: string): LandingZone | undefined {
    for (const child of scope.node.root.node.children) {
      if (!TargetStack.isTargetStack(child) || child.target.name !== targetName) continue;
      const zone = LandingZone.of(child);
      if (zone?.spec.name === name) return zone;
    }
    return undefined;
  }

  readonly spec: ResolvedLandingZoneSpec;
  readonly stack: TargetStack;
  readonly realizer: LandingZoneRealizer;
  readonly realized: RealizedLandingZone;

  constructor(scope: Construct, id: string, props: LandingZoneProps) {
    super(scope, id);
    Object.defineProperty(this, ZONE_SYMBOL, { value: true });
    const spec = isResolved(props.spec) ? props.spec : parseLandingZoneSpec(props.spec);
    this.spec = spec;
    const stack = TargetStack.of(this);
    if (stack.baseName !== spec.name || scope !== stack)
      throw new PolderError(`landing zone '${spec.name}' must sit directly in its own TargetStack named after it: new TargetStack(app, "${spec.name}", { target }), got ${this.node.path}`);
    if (stack.node.children.some((c) => c !== this && LandingZone.isLandingZone(c))) throw new PolderError(`stack ${stack.node.id} holds two landing zones: give each its own TargetStack`);
    this.stack = stack;
    stack.addTags({ "landing-zone": spec.name, owner: spec.owner });
    this.realizer = props.realizer ?? landingZoneRealizerOf(stack.target);
    this.realized = this.realizer.realize(this, { spec, stack, target: stack.target });
    checkControlResults(stack.target.name, this.realized.controls);
    writeControlsBesideStack(this, () => this.controls());
  }

  /** Which controls this stack enforces, per tier, and which the target cannot (with the reason). */
  controls(): LandingZoneControlsReport {
    const t = this.stack.target;
    return buildControlsReport({
      zone: this.spec.name,
      stack: this.stack.node.id,
      target: { id: t.id, name: t.name, description: t.description },
      units: this.spec.units,
      results: this.realized.controls,
    });
  }
}

/** The controls report of a landing-zone stack; undefined for a stack without a zone. Pure. */
export function landingZoneControls(stack: TargetStack): LandingZoneControlsReport | undefined {
  return LandingZone.of(stack)?.controls();
}
