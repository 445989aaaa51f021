import type { TargetId } from "./target";
import type { Realizer } from "./realizer";

const registered = new Map<TargetId, Realizer>();

/** Called by each target's realizer module when it is loaded. */
export function registerRealizer(id: TargetId, realizer: Realizer): void {
  registered.set(id, realizer);
}

/**
 * Returns the realizer of a target, loading its module on first use. Loading is lazy because a
 * target's module pulls in its provider bindings, which cost time and memory on every synth.
 */
export function loadRealizer(id: TargetId, load: () => unknown): Realizer {
  let realizer = registered.get(id);
  if (!realizer) {
    load();
    realizer = registered.get(id);
  }
  if (!realizer) throw new Error(`target '${id}': its realizer module did not register itself`);
  return realizer;
}
