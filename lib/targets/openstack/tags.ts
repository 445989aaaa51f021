import { Lazy, Token } from "../../core/cdktf";
import type { TargetStack } from "../../core/target-stack";

/**
 * Neutron, Octavia and Nova tags are plain strings: `polder:<key>=<value>`. Resolved at synth
 * time, so tags a PortableApp adds after a resource exists still apply. One list serves all three,
 * so it keeps the strictest rule, Nova's: at most 60 characters, no `,` or `/` (those become `-`);
 * a longer value (a decision reference) is cut there, and stays whole in the metadata below.
 */
export function osTags(stack: TargetStack): string[] {
  return Token.asList(Lazy.listValue({ produce: () => Object.entries(stack.tags).map(([k, v]) => osTag(k, v)) }));
}

export const OS_TAG_MAX = 60;

export function osTag(key: string, value: string): string {
  return `polder:${key}=${value.replace(/[,/]/g, "-")}`.slice(0, OS_TAG_MAX);
}

/** The same as a metadata map (Cinder volumes, Nova metadata, Swift containers): values up to 255 characters. */
export function osMetadata(stack: TargetStack): Record<string, string> {
  return Token.asStringMap(Lazy.anyValue({ produce: () => Object.fromEntries(Object.entries(stack.tags).map(([k, v]) => [`polder_${k}`, v.slice(0, 255)])) }));
}
