// Moved to lib/shared/cidr.ts (pure address arithmetic policy and kinds both use); this path keeps working.
export * from "../shared/cidr";
