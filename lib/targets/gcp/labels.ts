/**
 * Google label rules: keys and values at most 63 characters of lower-case letters, digits, `_`
 * and `-` (values may be empty); keys start with a lower-case letter. Polder's tags become labels
 * `polder-<key>`; anything outside the rules is mapped, never dropped, and the mapping is stable.
 */
const MAX = 63;

/** A label value under Google's rules: lower-cased, other characters as `-`, cut to 63. */
export function labelValue(value: string): string {
  return value
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9_-]/g, "-")
    .slice(0, MAX);
}

/** A label key: as a value, and starting with a letter (`x` put in front otherwise). */
export function labelKey(key: string): string {
  const v = labelValue(key);
  return (/^[a-z]/.test(v) ? v : `x${v}`).slice(0, MAX);
}

/** Polder's stack tags as Google labels: `polder-app`, `polder-owner`, `polder-classification`, … */
export function gcpLabels(tags: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(tags).map(([k, v]) => [labelKey(`polder-${k}`), labelValue(v)]));
}
