export * from "./sovereignty-report";
export { renderFleetSummary, renderSovereigntyReport } from "./markdown";
export { readStackJson, sovereigntyReports, writeSovereigntyReports, type ReportPlan } from "./write";
export type { StackJson } from "./stack-json";
