// Moved to lib/shared/validate.ts (a leaf every layer may import); this path keeps working.
export { show, typeName, isPlainObject, FieldReader } from "../shared/validate";
