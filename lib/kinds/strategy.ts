import { CapabilityError, type Issue, type MissingCapability, SpecValidationError } from "../shared/errors";
// Only what a target is, not its realizer: kinds do not import lib/core.
import type { TargetFacts as Target } from "../shared/names";
import type { KindName } from "./kind-names";

/**
 * Picks the strategy for a kind: the pinned one if the target offers it, else the target's best.
 * @param path field path of the pin, for the error message
 */
export function chooseStrategy(kind: KindName, target: Target, pinned?: string, path: string = kind): string {
  const offered = target.capabilities[kind] ?? [];
  if (offered.length === 0)
    throw new CapabilityError(kind, target.id, target.missing?.[kind] ?? `${target.description} offers no strategy for it`);
  if (pinned === undefined) return offered[0];
  if (!offered.includes(pinned))
    throw new SpecValidationError(`app for ${target.description}`, [
      { path, message: `strategy ${JSON.stringify(pinned)} is not offered for ${kind} by ${target.description}: offered are ${offered.join(", ")}` },
    ]);
  return pinned;
}

/** One thing to choose a strategy for: the app's network or a component. */
export interface StrategyRequest {
  /** Field path of the component, e.g. `components.portal`; `network` for the app's network. */
  readonly path: string;
  readonly kind: KindName;
  /** The spec's pinned strategy, if any. */
  readonly pinned?: string;
}

/**
 * Chooses every strategy at once, before anything is created: every request the target cannot
 * serve is reported together, each with its path, in one CapabilityError (with a pinned strategy
 * the target does not offer among them), or a SpecValidationError when only pins are wrong.
 * @returns the strategy per path
 */
export function chooseStrategies(target: Target, requests: readonly StrategyRequest[], app?: string): Record<string, string> {
  const chosen: Record<string, string> = {};
  const missing: MissingCapability[] = [];
  const pins: Issue[] = [];
  for (const r of requests) {
    const offered = target.capabilities[r.kind] ?? [];
    if (offered.length === 0) missing.push({ path: r.path, kind: r.kind, missing: target.missing?.[r.kind] ?? `${target.description} offers no strategy for it` });
    else if (r.pinned !== undefined && !offered.includes(r.pinned))
      pins.push({ path: `${r.path}.strategy`, message: `strategy ${JSON.stringify(r.pinned)} is not offered for ${r.kind} by ${target.description}: offered are ${offered.join(", ")}` });
    else chosen[r.path] = r.pinned ?? offered[0];
  }
  if (missing.length) throw new CapabilityError([...missing, ...pins.map((p) => ({ path: p.path, kind: requests.find((r) => p.path === `${r.path}.strategy`)!.kind, missing: p.message }))], target.name, app);
  if (pins.length) throw new SpecValidationError(`app${app ? ` '${app}'` : ""} for ${target.description}`, pins);
  return chosen;
}
