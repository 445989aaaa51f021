/** Every neutral kind. `network` is the app's own; the others are named components. */
export const COMPONENT_KINDS = [
  "key",
  "log-sink",
  "secret",
  "dns-zone",
  "bucket",
  "postgres",
  "kubernetes",
  "vm-group",
  "public-endpoint",
] as const;

export type ComponentKind = (typeof COMPONENT_KINDS)[number];
export type KindName = "network" | ComponentKind;
export const KIND_NAMES: readonly KindName[] = ["network", ...COMPONENT_KINDS];

/** `small | medium | large`, mapped per target to instance types, node counts and storage. */
export const SIZES = ["small", "medium", "large"] as const;
export type Size = (typeof SIZES)[number];
