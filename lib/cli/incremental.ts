// Incremental synth, the planning half (no I/O): which stacks of a run are built, which are kept
// from the previous output in the same folder, which are removed, and the change list a pipeline
// reads (cdktf.out/changes.json). The I/O half is lib/cli/incremental-output.ts.

import type { CachedSpec } from "./spec-cache";

/** The change list, beside manifest.json. */
export const CHANGES_FILE = "changes.json";
/** Polder's record of each stack's inputs and output, beside manifest.json. */
export const INPUTS_FILE = "polder-inputs.json";
/** Format of both files; raise it when their shape changes. */
export const OUTPUT_FORMAT = 1;

export const REMOVED_NOTE =
  "The stacks under 'removed' are no longer in this output: their folders are gone. Polder never deletes state or resources: destroy each one deliberately (terraform destroy with its last configuration and state) or keep its resources on purpose.";

/** What Polder remembers of one stack in the output (INPUTS_FILE). */
export interface StackRecord {
  /** The app's name. */
  readonly app: string;
  /** The target's name. */
  readonly target: string;
  /** Key of the stack's inputs (lib/cli/stack-inputs.ts); absent when unknown, then never reused. */
  readonly inputs?: string;
  /** SHA-256 of the synthesized stack file (`cdk.tf.json`). */
  readonly output: string;
  /** Its size, checked before the stack is reused (a file edited by hand is built again). */
  readonly bytes: number;
  /**
   * Digest of the names it gives that must be unique beyond it (lib/core/unique-names.ts), when
   * it was built: a rebuilt stack whose names did not change needs no new collision check.
   */
  readonly names?: string;
}

export interface InputsRecord {
  readonly format: number;
  /** The build fingerprint the specs below were validated by; absent when unknown. */
  readonly build?: string;
  readonly stacks: Readonly<Record<string, StackRecord>>;
  /** Validated specs by absolute path (lib/cli/spec-cache.ts). */
  readonly specs?: Readonly<Record<string, CachedSpec>>;
  /** SHA-256 of the manifest.json written with this record (so the next run knows it is the one Polder wrote). */
  readonly manifest?: string;
  /** The fleet summary written with this record: the key of what it was made from, and the SHA-256 of each of its files. */
  readonly summary?: SummaryRecord;
}

/** What the inputs record says of the fleet summary (lib/cli/kept-summary.ts). */
export interface SummaryRecord {
  /** Key of the build, selection, stacks and refused pairs the summary was written from. */
  readonly inputs: string;
  /** SHA-256 of each summary file, by file name. */
  readonly files: Readonly<Record<string, string>>;
}

/** The previous output in the folder, as far as the plan needs it. */
export interface PreviousOutput {
  /** Stack ids in the previous manifest.json. */
  readonly stacks: ReadonlySet<string>;
  /** From the previous INPUTS_FILE; empty when it is missing, unreadable or of another format. */
  readonly records: Readonly<Record<string, StackRecord>>;
  /** The previous INPUTS_FILE's build, specs and fleet summary, if any. */
  readonly build?: string;
  readonly specs?: Readonly<Record<string, CachedSpec>>;
  readonly summary?: SummaryRecord;
  /** Size of the stack's synthesized file in the previous output, undefined when it is missing. */
  sizeOf(stackId: string): number | undefined;
}

/**
 * The part of the project a run looks at. `apps` undefined: every app (no `--spec`, so the
 * examples folder is the whole set); `targets` undefined: every configured target. A run without
 * either looks at everything, and then a stack of the previous output it does not plan is removed.
 */
export interface Selection {
  readonly apps?: ReadonlySet<string>;
  readonly targets?: ReadonlySet<string>;
}

export interface PlannedStack {
  readonly stackId: string;
  readonly app: string;
  readonly target: string;
  /** Key of its inputs; undefined: always built. */
  readonly key: string | undefined;
  /** Digest of its unique names (StackRecord.names), when this run builds it and knows them. */
  names?: string;
}

export interface OutputPlan {
  /** Planned stacks to synthesize now. */
  readonly build: readonly string[];
  /** Planned stacks whose inputs did not change: their folders are kept whole. */
  readonly reuse: readonly string[];
  /** Stacks of the previous output outside this run's selection: kept whole, not looked at. */
  readonly outsideSelection: readonly string[];
  /** Stacks of the previous output in this run's selection that it does not plan (or whose files are gone). */
  readonly removed: readonly string[];
}

/** Whether a stack of the previous output falls in the selection (one without a record only in a run without a selection). */
export function inSelection(record: StackRecord | undefined, selection: Selection): boolean {
  if (!selection.apps && !selection.targets) return true;
  if (!record) return false;
  return (!selection.apps || selection.apps.has(record.app)) && (!selection.targets || selection.targets.has(record.target));
}

/**
 * Decides, for every planned stack and every stack of the previous output, what this run does
 * with it. A planned stack is reused only when `full` is off, its key is known and equal to the
 * recorded one, and its previous file is still there with the recorded size. When in doubt, build.
 */
export function planOutput(planned: readonly PlannedStack[], previous: PreviousOutput, selection: Selection, full: boolean): OutputPlan {
  const build: string[] = [];
  const reuse: string[] = [];
  const plannedIds = new Set(planned.map((p) => p.stackId));
  for (const p of planned) {
    const record = previous.records[p.stackId];
    const same =
      !full &&
      p.key !== undefined &&
      previous.stacks.has(p.stackId) &&
      record?.inputs === p.key &&
      record.app === p.app &&
      record.target === p.target &&
      previous.sizeOf(p.stackId) === record.bytes;
    (same ? reuse : build).push(p.stackId);
  }
  const outsideSelection: string[] = [];
  const removed: string[] = [];
  for (const id of previous.stacks) {
    if (plannedIds.has(id)) continue;
    const keep = !inSelection(previous.records[id], selection) && previous.sizeOf(id) !== undefined;
    (keep ? outsideSelection : removed).push(id);
  }
  return { build, reuse, outsideSelection: outsideSelection.sort(), removed: removed.sort() };
}

/** The change list of a run (CHANGES_FILE). */
export interface ChangeList {
  readonly format: number;
  /** What the run looked at: app names (`--spec`) and target names (`--target`); null for all. */
  readonly selection: { readonly apps: readonly string[] | null; readonly targets: readonly string[] | null };
  /** Stacks new in this output. */
  readonly added: readonly string[];
  /** Stacks whose synthesized JSON differs from the previous output's. */
  readonly changed: readonly string[];
  /** Stacks whose synthesized JSON is the same bytes as before. */
  readonly unchanged: readonly string[];
  /** Stacks gone from this output (see `removedNote`). */
  readonly removed: readonly string[];
  /** Stacks outside the selection, kept as they were and not looked at. */
  readonly outsideSelection: readonly string[];
  readonly removedNote: string;
}

/**
 * The change list: `outputOf` gives the SHA-256 of each planned stack's new file, `previousOutputOf`
 * that of the previous output's file (undefined when it had none). The same for a full synth and
 * an incremental one of the same inputs into the same previous output.
 */
export function changeList(
  planned: readonly PlannedStack[],
  plan: OutputPlan,
  previous: PreviousOutput,
  outputOf: (stackId: string) => string,
  previousOutputOf: (stackId: string) => string | undefined,
  selection: Selection,
): ChangeList {
  const added: string[] = [];
  const changed: string[] = [];
  const unchanged: string[] = [];
  const reused = new Set(plan.reuse);
  for (const { stackId } of planned) {
    if (!previous.stacks.has(stackId)) added.push(stackId);
    else if (reused.has(stackId) || previousOutputOf(stackId) === outputOf(stackId)) unchanged.push(stackId);
    else changed.push(stackId);
  }
  const sorted = (s: ReadonlySet<string> | undefined) => (s ? [...s].sort() : null);
  return {
    format: OUTPUT_FORMAT,
    selection: { apps: sorted(selection.apps), targets: sorted(selection.targets) },
    added: added.sort(),
    changed: changed.sort(),
    unchanged: unchanged.sort(),
    removed: [...plan.removed],
    outsideSelection: [...plan.outsideSelection],
    removedNote: REMOVED_NOTE,
  };
}
