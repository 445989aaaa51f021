import { CapabilityError, SpecValidationError } from "../shared/errors";
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
