// Writes the sovereignty reports of a synth into its staging directory, before the output is
// moved into place: `stacks/<stack>/sovereignty.{md,json}` beside each `cdk.tf.json`, and the
// fleet summary `sovereignty.{md,json}` at the root.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { ResolvedAppSpec } from "../app/spec";
import type { Target } from "../core/target";
import { evaluatePlacement } from "../policy/placement";
import { renderFleetSummary, renderSovereigntyReport } from "./markdown";
import { buildFleetSummary, buildSovereigntyReport, type FleetSummary, type LandingZoneControls, type SovereigntyReport } from "./sovereignty-report";
import type { StackJson } from "./stack-json";

/** What a synth planned: the stacks it built and the pairs placement left out. */
export interface ReportPlan {
  readonly build: readonly {
    readonly spec: ResolvedAppSpec;
    readonly target: Target;
    readonly stackId: string;
    /** The controls of the landing zone the app is placed in. @default none: the report's section is empty */
    readonly landingZone?: LandingZoneControls;
  }[];
  readonly leftOut?: FleetSummary["leftOut"];
}

/** Reads a synthesized stack's JSON from an output directory. */
export function readStackJson(outdir: string, stackId: string): StackJson {
  const file = join(outdir, "stacks", stackId, "cdk.tf.json");
  if (!existsSync(file)) throw new Error(`no synthesized stack ${stackId} in ${outdir} (expected ${file})`);
  return JSON.parse(readFileSync(file, "utf8")) as StackJson;
}

/** Builds the report of every planned stack from the JSON in `outdir`. */
export function sovereigntyReports(outdir: string, plan: ReportPlan): SovereigntyReport[] {
  return plan.build.map((e) => buildSovereigntyReport({ stackId: e.stackId, spec: e.spec, target: e.target, verdict: evaluatePlacement(e.spec, e.target), json: readStackJson(outdir, e.stackId), landingZone: e.landingZone }));
}

/** Writes every stack's report and the fleet summary into `outdir` (a synth's staging directory). */
export function writeSovereigntyReports(outdir: string, plan: ReportPlan): void {
  const reports = sovereigntyReports(outdir, plan);
  for (const r of reports) {
    const dir = join(outdir, "stacks", r.stack);
    writeFileSync(join(dir, "sovereignty.json"), `${JSON.stringify(r, null, 2)}\n`);
    writeFileSync(join(dir, "sovereignty.md"), renderSovereigntyReport(r));
  }
  const fleet = buildFleetSummary(reports, plan.leftOut);
  writeFileSync(join(outdir, "sovereignty.json"), `${JSON.stringify(fleet, null, 2)}\n`);
  writeFileSync(join(outdir, "sovereignty.md"), renderFleetSummary(fleet));
}
