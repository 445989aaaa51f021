export * from "./runbook";
export { renderRunbook } from "./runbook-markdown";
export { planMigration, type PlanMigrationOptions } from "./plan-migration";
export * from "./exit-manifest";
export { synthesizeStacks, type SynthesizedStack } from "./synthesize";
export { outputReads, type StackRef } from "./commands";
