import { Lazy, Token } from "../../core/cdktf";
import type { TargetStack } from "../../core/target-stack";

/**
 * Neutron, Octavia and Nova tags are plain strings: `polder:<key>=<value>`. Resolved at synth
 * time, so tags a PortableApp adds after a resource exists still apply.
 */
export function osTags(stack: TargetStack): string[] {
  return Token.asList(Lazy.listValue({ produce: () => Object.entries(stack.tags).map(([k, v]) => `polder:${k}=${v}`) }));
}

/** The same as a metadata map (Cinder volumes, Nova metadata, Swift containers). */
export function osMetadata(stack: TargetStack): Record<string, string> {
  return Token.asStringMap(Lazy.anyValue({ produce: () => Object.fromEntries(Object.entries(stack.tags).map(([k, v]) => [`polder_${k}`, v])) }));
}
