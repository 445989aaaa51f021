import { boundedName } from "../aws/naming";

/**
 * A Google resource name from parts: lower-case letters, digits and hyphens, starting with a
 * letter, at most `max` characters (63 for most Compute Engine resources, 30 for service account
 * ids); a cut name keeps a stable hash of the whole.
 */
export function gcpName(parts: readonly string[], max = 63): string {
  return boundedName(parts.map((p) => p.toLowerCase().replace(/[^a-z0-9-]/g, "-")), max).replace(/-+$/, "");
}
