/**
 * A resource name from parts, cut to a service's length limit. A cut name keeps a short hash of
 * the full name, so two long names that share a prefix stay distinct and stable across synths.
 */
export function boundedName(parts: readonly string[], max: number): string {
  const full = parts.join("-");
  if (full.length <= max) return full;
  const hash = fnv1a(full).toString(36).padStart(7, "0").slice(0, 6);
  return `${full.slice(0, max - 7).replace(/-+$/, "")}-${hash}`;
}

function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/** An IAM statement id (alphanumeric only) from a purpose and a component name. */
export function sid(purpose: string, component: string): string {
  return purpose + component.replace(/(^|-)([a-z0-9])/g, (_m, _d, c: string) => c.toUpperCase());
}
