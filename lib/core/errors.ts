// Moved to lib/shared/errors.ts (a leaf every layer may import); this path keeps working.
export { type Issue, type MissingCapability, PolderError, SpecValidationError, PlacementError, CapabilityError } from "../shared/errors";
