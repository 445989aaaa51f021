import type { Construct } from "constructs";
import type { AppInfo } from "../core/realizer";
import type { Target, TargetId } from "../core/target";
import type { TargetStack } from "../core/target-stack";
import type { ControlResult } from "./controls";
import type { ResolvedLandingZoneSpec, ResolvedTenancy } from "./spec";
import type { ResolvedUnit } from "./units";

export interface LandingZoneContext {
  readonly spec: ResolvedLandingZoneSpec;
  readonly stack: TargetStack;
  readonly target: Target;
}

/** What a realizer made; the tokens in it belong to the zone's stack. */
export interface RealizedLandingZone {
  /** Its answer for every control of the catalogue (`CONTROLS`). */
  readonly controls: readonly ControlResult[];
  /** Target-specific handle per tenancy name, for `placeApp`. */
  readonly tenancies: ReadonlyMap<string, unknown>;
  /** Where apps send flow and audit logs: the zone's central destination (a token). */
  readonly logDestination: string;
}

/** An app being placed in a tenancy of a zone on the same target. */
export interface AppInZoneContext {
  readonly app: AppInfo;
  /** The app's own stack. */
  readonly stack: TargetStack;
  readonly zone: RealizedLandingZone;
  readonly unit: ResolvedUnit;
  readonly tenancy: ResolvedTenancy;
}

/** Moved to lib/core/confidential.ts: the app realizer answers it now (`Realizer.confidentialCompute`). */
export type { ConfidentialSupport } from "../core/confidential";

/**
 * The provider-specific half of a landing zone: one per target, in
 * `lib/targets/<id>/landing-zone/`, loaded only when a landing-zone stack uses the target.
 */
export interface LandingZoneRealizer {
  realize(scope: Construct, ctx: LandingZoneContext): RealizedLandingZone;
  /**
   * Points an app's stack at its tenancy (provider role, project scope), reading the zone's
   * values by cross-stack reference (cdktf makes the outputs and remote state).
   */
  placeApp(scope: Construct, ctx: AppInZoneContext): void;
  /**
   * Connects an app's network to the zone once it exists, e.g. sends its flow logs to the zone's
   * central destination. Optional: a target without such a feature leaves it out.
   */
  attachNetwork?(scope: Construct, ctx: AppInZoneContext & { readonly network: unknown }): void;
}

const registered = new Map<TargetId, LandingZoneRealizer>();

/** Called by each target's landing-zone module when it is loaded. */
export function registerLandingZoneRealizer(id: TargetId, realizer: LandingZoneRealizer): void {
  registered.set(id, realizer);
}

/** The landing-zone realizer of a target, loading its module on first use. */
export function loadLandingZoneRealizer(id: TargetId, load: () => unknown): LandingZoneRealizer {
  let realizer = registered.get(id);
  if (!realizer) {
    load();
    realizer = registered.get(id);
  }
  if (!realizer) throw new Error(`target '${id}': its landing-zone module did not register itself`);
  return realizer;
}
