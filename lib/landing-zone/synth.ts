// The landing zones of a synth run: which zone goes on which target, and building their stacks
// before the apps placed in them (an app reads its zone by cross-stack reference, so both must be
// in the same cdktf App). Called by the synth command (lib/cli/main.ts) through a small hook.
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import type { ResolvedAppSpec } from "../app/spec";
import type { App } from "../core/cdktf";
import type { StateBackend } from "../core/state-backend";
import type { Target } from "../core/target";
import { TargetStack } from "../core/target-stack";
import { LANDING_ZONE_TARGET_IDS } from "../targets/landing-zones";
import { type ConfidentialSupport, confidentialSupport } from "../core/confidential";
import { COMPUTE_KINDS, evaluateZonePlacement } from "./app-placement";
import { LandingZone } from "./landing-zone";
import { loadLandingZoneSpec } from "./load";
import type { ResolvedLandingZoneSpec } from "./spec";


export interface ZoneStackPlan {
  readonly spec: ResolvedLandingZoneSpec;
  readonly target: Target;
  readonly stackId: string;
}

export interface ZoneFolder {
  readonly zones: readonly ResolvedLandingZoneSpec[];
  /** App spec files placed in the zones (`<dir>/apps/*.yaml`). */
  readonly appFiles: readonly string[];
}

const SPEC_FILE = /\.(ya?ml|json)$/;

/** Zone specs in `dir` and the app specs in `dir/apps`; empty when `dir` does not exist. */
export function readZoneFolder(dir: string): ZoneFolder {
  if (!existsSync(dir)) return { zones: [], appFiles: [] };
  const files = (d: string) => (existsSync(d) ? readdirSync(d).filter((f) => SPEC_FILE.test(f)).sort().map((f) => join(d, f)) : []);
  return { zones: files(dir).map((f) => loadLandingZoneSpec(f)), appFiles: files(join(dir, "apps")) };
}

/** Every zone on every target that has landing zones; the others are left out with the reason. */
export function planZoneStacks(zones: readonly ResolvedLandingZoneSpec[], targets: readonly Target[]): { build: ZoneStackPlan[]; leftOut: { zone: string; target: string; reason: string }[] } {
  const build: ZoneStackPlan[] = [];
  const leftOut: { zone: string; target: string; reason: string }[] = [];
  for (const spec of zones)
    for (const target of targets) {
      if (LANDING_ZONE_TARGET_IDS.includes(target.id)) build.push({ spec, target, stackId: TargetStack.stackId(spec.name, target) });
      else leftOut.push({ zone: spec.name, target: target.name, reason: `landing zones on ${target.id} are planned, not built yet` });
    }
  return { build, leftOut };
}

/** Why an app cannot go on a target because its zone is not built there; undefined when it can. */
export function zoneMissing(spec: ResolvedAppSpec, target: Target, zones: readonly ZoneStackPlan[]): string | undefined {
  const ref = spec.landingZone;
  if (!ref || zones.some((z) => z.spec.name === ref.zone && z.target === target)) return undefined;
  return `its landing zone '${ref.zone}' is not synthesized on target '${target.name}'`;
}

/**
 * Why an app's zone refuses it on a target (the unit's kind, classification or tiers, e.g. a
 * confidential unit on a target without confidential machine types); undefined when it takes it
 * or cannot tell (an unknown unit fails later, with its own message). Loads the target's realizer
 * only for an app with machines in a confidential unit.
 */
export function zoneRefusal(spec: ResolvedAppSpec, target: Target, zones: readonly ZoneStackPlan[]): { rule: string; reason: string } | undefined {
  const ref = spec.landingZone;
  const zone = ref && zones.find((z) => z.spec.name === ref.zone && z.target === target);
  const unit = zone?.spec.units.find((u) => u.name === ref!.unit);
  if (!zone || !unit) return undefined;
  const kinds = spec.components.map((c) => c.kind);
  const needsMachines = unit.tiers.includes("confidential") && kinds.some((k) => COMPUTE_KINDS.includes(k));
  const support: ConfidentialSupport = needsMachines ? confidentialSupport(target.realizer(), target) : { supported: true, how: "-" };
  const verdict = evaluateZonePlacement({ classification: spec.classification, kinds, cidr: spec.network.cidr }, unit, support, zone.spec.hubNetwork.cidr);
  return verdict.allowed ? undefined : { rule: verdict.rule, reason: verdict.reason };
}

/** Adds a TargetStack with its LandingZone to `app` for every planned zone stack. */
export function buildZoneStacks(app: App, zones: readonly ZoneStackPlan[], backendFor?: (target: Target, stackId: string) => StateBackend | undefined): void {
  for (const z of zones) {
    const stack = new TargetStack(app, z.spec.name, { target: z.target, backend: backendFor?.(z.target, z.stackId) });
    new LandingZone(stack, z.spec.name, { spec: z.spec });
  }
}
