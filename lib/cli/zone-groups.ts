// Landing zones in an incremental synth. A zone's stack and the apps placed in it on the same
// target form a group: the apps read the zone by cross-stack reference, which adds outputs to the
// zone's stack, so the group is built in one cdktf App and kept or rebuilt as a whole. The rest of
// the fleet is planned, kept and split into worker processes as before.
import type { StateBackend } from "../core/state-backend";
import type { Target } from "../core/target";
import type { ZoneStackPlan } from "../landing-zone/synth";
import type { OutputPlan } from "./incremental";
import { canonicalJson, type StackInputs } from "./stack-inputs";
import { sha256 } from "./sha256";

/** A zone on one target and the planned apps placed in it there. */
export interface ZoneGroup<E extends { readonly stackId: string }> {
  readonly zone: ZoneStackPlan;
  readonly apps: readonly E[];
}

/** Groups the planned apps by the zone they are placed in; apps outside zones are in no group. */
export function zoneGroups<E extends { readonly stackId: string; readonly target: Target; readonly spec: { readonly landingZone?: { readonly zone: string } } }>(
  zones: readonly ZoneStackPlan[],
  entries: readonly E[],
): ZoneGroup<E>[] {
  return zones.map((zone) => ({ zone, apps: entries.filter((e) => e.target === zone.target && e.spec.landingZone?.zone === zone.spec.name) }));
}

/**
 * What an app's key adds for its zone, and a zone's own key inputs: the zone's validated spec (its
 * defaults resolved), its stack id and backend (the app's terraform_remote_state names them), and
 * for the zone the keys of its apps. Undefined when any part cannot be named: then all are built.
 */
export function zoneKeyInputs(
  group: ZoneGroup<{ readonly stackId: string }>,
  backend: StateBackend | undefined,
): { appInputs: (app: Omit<StackInputs, "landingZone">) => StackInputs; zoneInputs: (appKeys: readonly (string | undefined)[]) => StackInputs | undefined } | undefined {
  let spec: string;
  try {
    spec = canonicalJson(group.zone.spec);
  } catch {
    return undefined;
  }
  const ref = { zone: spec, stackId: group.zone.stackId, backend: backend ?? null };
  return {
    appInputs: (app) => ({ ...app, landingZone: ref }),
    zoneInputs: (appKeys) =>
      appKeys.every((k) => k !== undefined)
        ? { stackId: group.zone.stackId, specSha256: sha256(spec), target: group.zone.target, backend, landingZone: { apps: group.apps.map((a, i) => [a.stackId, appKeys[i]]) } }
        : undefined,
  };
}

/** The plan with every group whose member is built built whole: a group is never half kept. */
export function closeGroups(plan: OutputPlan, groups: readonly (readonly string[])[]): OutputPlan {
  const build = new Set(plan.build);
  for (const g of groups) if (g.some((id) => build.has(id))) for (const id of g) build.add(id);
  if (build.size === plan.build.length) return plan;
  return { ...plan, build: [...plan.build, ...plan.reuse.filter((id) => build.has(id))], reuse: plan.reuse.filter((id) => !build.has(id)) };
}
