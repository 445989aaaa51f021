// Writes the sovereignty reports of a synth into its staging directory, before the output is
// moved into place: `stacks/<stack>/sovereignty.{md,json}` beside each `cdk.tf.json`, and the
// fleet summary `sovereignty.{md,json}` at the root.
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { ResolvedAppSpec } from "../app/spec";
import type { Target } from "../core/target";
import { evaluatePlacement } from "../policy/placement";
import { renderFleetSummary, renderSovereigntyReport } from "./markdown";
import { buildFleetSummary, buildSovereigntyReport, type FleetSummary, type LandingZoneControls, SOVEREIGNTY_REPORT_VERSION, type SovereigntyReport } from "./sovereignty-report";
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

/** A stack's report, beside its `cdk.tf.json`: the JSON and its Markdown rendering. */
export const SOVEREIGNTY_REPORT_FILE = "sovereignty.json";
export const SOVEREIGNTY_REPORT_MARKDOWN = "sovereignty.md";
/** The fleet summary's files beside the stacks. */
export const FLEET_SUMMARY_FILE = "sovereignty.json";
export const FLEET_SUMMARY_MARKDOWN = "sovereignty.md";
/** The text of each fleet summary file written, by file name. */
export type FleetSummaryFiles = Readonly<Record<string, string>>;

/** Reads a synthesized stack's JSON from an output directory. */
export function readStackJson(outdir: string, stackId: string): StackJson {
  const file = join(outdir, "stacks", stackId, "cdk.tf.json");
  if (!existsSync(file)) throw new Error(`no synthesized stack ${stackId} in ${outdir} (expected ${file})`);
  return JSON.parse(readFileSync(file, "utf8")) as StackJson;
}

/** Builds the report of one planned stack from its JSON in `outdir`. */
function sovereigntyReport(outdir: string, e: ReportPlan["build"][number]): SovereigntyReport {
  return buildSovereigntyReport({ stackId: e.stackId, spec: e.spec, target: e.target, verdict: evaluatePlacement(e.spec, e.target), json: readStackJson(outdir, e.stackId), landingZone: e.landingZone });
}

/** Builds the report of every planned stack from the JSON in `outdir`. */
export function sovereigntyReports(outdir: string, plan: ReportPlan): SovereigntyReport[] {
  return plan.build.map((e) => sovereigntyReport(outdir, e));
}

/** One stack's row in the fleet summary. */
export type FleetSummaryRow = FleetSummary["stacks"][number];

/**
 * Writes every planned stack's report into `outdir` (a synth's staging directory), then the fleet
 * summary over every stack folder there: a run that kept stacks (incremental, or a selection that
 * leaves the rest of the output as it was) sums up the kept ones from their own reports, so the
 * summary is the same bytes as a full synth's. `keptLeftOut`: refused pairs of an earlier run
 * outside this run's selection; `stackIds`, the stacks of the output (default: every folder);
 * `keptRows`: the previous summary's rows (previousFleetSummary), when the same build wrote it: the
 * row of a stack whose report this run did not write (its folder kept whole, report included, so
 * the same row; that summary was made from that very report), instead of looking for the report
 * and reading it again (~15 kB of JSON a stack, 5,000 stacks for 1,000 apps on five targets).
 */
export function writeSovereigntyReports(outdir: string, plan: ReportPlan, keptLeftOut: FleetSummary["leftOut"] = [], stackIds?: readonly string[], keptRows: ReadonlyMap<string, FleetSummaryRow> = new Map()): FleetSummaryFiles {
  // One report at a time, and the summary from one row per report: a fleet's reports never all
  // in memory at once.
  const written = new Map<string, FleetSummaryRow>();
  for (const e of plan.build) {
    const r = sovereigntyReport(outdir, e);
    const dir = join(outdir, "stacks", r.stack);
    writeFileSync(join(dir, SOVEREIGNTY_REPORT_FILE), `${JSON.stringify(r, null, 2)}\n`);
    writeFileSync(join(dir, SOVEREIGNTY_REPORT_MARKDOWN), renderSovereigntyReport(r));
    written.set(r.stack, rowOf(r));
  }
  const stacksDir = join(outdir, "stacks");
  // `stackIds`: the stacks of the output (folders cdktf's CLI will delete are not among them).
  const rows: FleetSummaryRow[] = [];
  if (existsSync(stacksDir))
    for (const id of (stackIds ? [...stackIds] : readdirSync(stacksDir)).sort()) {
      const file = join(stacksDir, id, SOVEREIGNTY_REPORT_FILE);
      const row = written.get(id) ?? keptRows.get(id) ?? (existsSync(file) ? rowOf(JSON.parse(readFileSync(file, "utf8")) as SovereigntyReport) : undefined);
      if (row) rows.push(row);
    }
  const key = (l: { app: string; target: string }) => `${l.app}\u0000${l.target}`;
  const leftOut = [...keptLeftOut, ...(plan.leftOut ?? [])].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  const fleet: FleetSummary = { ...buildFleetSummary([], leftOut), stacks: rows };
  const files = { [FLEET_SUMMARY_FILE]: `${JSON.stringify(fleet, null, 2)}\n`, [FLEET_SUMMARY_MARKDOWN]: renderFleetSummary(fleet) };
  for (const [name, text] of Object.entries(files)) writeFileSync(join(outdir, name), text);
  return files;
}


const rowOf = (r: SovereigntyReport): FleetSummaryRow => buildFleetSummary([r]).stacks[0];

/** What a run reuses of the fleet summary already in its output folder. */
export interface PreviousFleetSummary {
  /**
   * Its rows by stack: none when it has no summary, an unreadable one or one of another report
   * version (then every kept report is read again).
   */
  readonly rows: Map<string, FleetSummaryRow>;
  /** Its refused pairs (none when there is none). */
  readonly leftOut: FleetSummary["leftOut"];
}

/** The fleet summary of an output folder, read once. */
export function previousFleetSummary(outdir: string): PreviousFleetSummary {
  let fleet: Partial<FleetSummary>;
  try {
    fleet = JSON.parse(readFileSync(join(outdir, FLEET_SUMMARY_FILE), "utf8")) as Partial<FleetSummary>;
  } catch {
    return { rows: new Map(), leftOut: [] };
  }
  const leftOut = Array.isArray(fleet?.leftOut) ? fleet.leftOut : [];
  if (fleet?.version !== SOVEREIGNTY_REPORT_VERSION || !Array.isArray(fleet.stacks)) return { rows: new Map(), leftOut };
  return { rows: new Map(fleet.stacks.map((row) => [row.stack, row])), leftOut };
}
