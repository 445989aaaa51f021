// Moved to lib/shared/names.ts (a leaf every layer may import); this path keeps working.
export { COMPONENT_KINDS, type ComponentKind, type KindName, KIND_NAMES, SIZES, type Size } from "../shared/names";
