// Incremental synth, the I/O half: reads the previous output, and assembles the new one in the
// staging directory (built stacks, the kept folders of unchanged stacks, one manifest.json, the
// change list and the inputs record) before it replaces the previous output in one rename
// (lib/cli/safe-synth.ts). Until that rename the previous output, change list included, is as it
// was: the kept folders are moved back if anything fails after they were moved.
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
// cdktf's own manifest writer, so the manifest is written exactly as cdktf writes it.
import { Manifest } from "../core/cdktf";
import type { CachedSpec } from "./spec-cache";
import { CHANGES_FILE, type ChangeList, changeList, INPUTS_FILE, type InputsRecord, OUTPUT_FORMAT, type OutputPlan, type PlannedStack, type PreviousOutput, type Selection, type StackRecord } from "./incremental";

/** A stack's entry in cdktf's manifest.json (only what Polder reads is typed). */
interface ManifestEntry {
  readonly synthesizedStackPath: string;
  readonly [key: string]: unknown;
}
interface ManifestFile {
  readonly version: string;
  readonly stacks: Record<string, ManifestEntry>;
}

export interface PreviousOutputFiles extends PreviousOutput {
  readonly dir: string;
  readonly manifest: ManifestFile | undefined;
}

function readJson<T>(file: string): T | undefined {
  try {
    return JSON.parse(readFileSync(file, "utf8")) as T;
  } catch {
    return undefined;
  }
}

const sha256 = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");

/** The output a run finds in its output folder (nothing, when there is none or no manifest). */
export function readPreviousOutput(outdir: string): PreviousOutputFiles {
  const manifest = readJson<ManifestFile>(join(outdir, Manifest.fileName));
  const stacks = manifest && typeof manifest.stacks === "object" && manifest.stacks ? manifest.stacks : {};
  const inputs = readJson<InputsRecord>(join(outdir, INPUTS_FILE));
  const valid = inputs?.format === OUTPUT_FORMAT && inputs.stacks && typeof inputs.stacks === "object";
  const records = valid ? inputs.stacks : {};
  return {
    dir: outdir,
    manifest,
    build: valid && typeof inputs.build === "string" ? inputs.build : undefined,
    specs: valid && inputs.specs && typeof inputs.specs === "object" ? inputs.specs : undefined,
    stacks: new Set(Object.keys(stacks)),
    records,
    sizeOf(stackId) {
      const entry = stacks[stackId];
      if (typeof entry?.synthesizedStackPath !== "string") return undefined;
      try {
        const s = statSync(join(outdir, entry.synthesizedStackPath));
        return s.isFile() ? s.size : undefined;
      } catch {
        return undefined;
      }
    },
  };
}

/**
 * True when cdktf's CLI started this synth. It lists the stack folders before it starts the app
 * and, afterwards, deletes each one the new manifest no longer names — failing with ENOENT when
 * one is already gone. So under the CLI the folders of removed stacks are left for it to delete.
 * (The CLI sets this variable for every app it synthesizes; cdktf's App reads it.)
 */
export function startedByCdktfCli(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS !== undefined;
}

export interface AssembleInput {
  readonly staging: string;
  readonly previous: PreviousOutputFiles;
  readonly planned: readonly PlannedStack[];
  readonly plan: OutputPlan;
  readonly selection: Selection;
  /** Leave the previous folders of stacks no longer in the manifest in place (cdktf CLI). */
  readonly keepOrphanFolders: boolean;
  /** Recorded for the next run: the build fingerprint and the specs validated by it. */
  readonly build: string | undefined;
  readonly specs: Readonly<Record<string, CachedSpec>>;
}

export interface Assembled {
  readonly changes: ChangeList;
  /** Moves the kept folders back into the previous output; for a failure before the commit. */
  undo(): void;
  /** Removes the replaced folders; after the commit. */
  cleanUp(): void;
}

/**
 * Completes the staging directory, whose manifest.json cdktf wrote for the stacks built in this
 * run: moves in the folders of the reused and outside-selection stacks (whole, every file in
 * them), writes the one manifest of all stacks, the inputs record and the change list. The
 * folders it replaces go to `<staging>-trash`, removed by `cleanUp()` after the commit.
 */
export function assembleOutput(input: AssembleInput): Assembled {
  const { staging, previous, planned, plan } = input;
  const builtManifest = readJson<ManifestFile>(join(staging, Manifest.fileName));
  if (!builtManifest) throw new Error(`synth: cdktf wrote no ${Manifest.fileName} in ${staging}`);
  const previousEntries = previous.manifest?.stacks ?? {};
  const kept = [...plan.reuse, ...plan.outsideSelection];
  const entries: Record<string, ManifestEntry> = { ...builtManifest.stacks };
  for (const id of kept) entries[id] = previousEntries[id];

  // Hashes of the new files, read before any folder moves (a built stack is in staging already).
  const outputs = new Map<string, { output: string; bytes: number }>();
  for (const id of plan.build) {
    const bytes = readFileSync(join(staging, entries[id].synthesizedStackPath));
    outputs.set(id, { output: sha256(bytes), bytes: bytes.length });
  }
  const previousOutputOf = (id: string): string | undefined => {
    const record = previous.records[id];
    const size = previous.sizeOf(id);
    if (size === undefined) return undefined;
    if (record && record.bytes === size) return record.output;
    const entry = previousEntries[id];
    return sha256(readFileSync(join(previous.dir, entry.synthesizedStackPath)));
  };
  const changes = changeList(planned, plan, previous, (id) => outputs.get(id)?.output ?? previous.records[id].output, previousOutputOf, input.selection);

  const records: Record<string, StackRecord> = {};
  for (const p of planned) {
    const made = outputs.get(p.stackId);
    const old = previous.records[p.stackId];
    records[p.stackId] = made ? { app: p.app, target: p.target, ...(p.key ? { inputs: p.key } : {}), ...made } : old;
  }
  for (const id of plan.outsideSelection) if (previous.records[id]) records[id] = previous.records[id];

  // From here on the previous output loses folders: undo() puts them back. The previous stack
  // folder moves into staging whole (one rename, however large the fleet) and only the folders
  // that change are swapped in it, so a run that keeps most stacks renames little.
  const journal: [from: string, to: string][] = [];
  const move = (from: string, to: string) => {
    renameSync(from, to);
    journal.push([from, to]);
  };
  const undo = () => {
    for (const [from, to] of journal.splice(0).reverse()) renameSync(to, from);
  };
  const stacks = join(staging, Manifest.stacksFolder);
  const built = join(staging, ".built");
  try {
    move(stacks, built);
    const previousStacks = join(previous.dir, Manifest.stacksFolder);
    if (existsSync(previousStacks)) move(previousStacks, stacks);
    else mkdirSync(stacks);
    const keep = new Set(kept);
    const rebuilt = new Set(plan.build);
    const trash = `${staging}-trash`;
    for (const id of readdirSync(stacks)) {
      if (keep.has(id)) continue;
      // A folder the new manifest does not name: cdktf's CLI deletes it itself after the run.
      if (input.keepOrphanFolders && !rebuilt.has(id) && !(id in entries)) continue;
      mkdirSync(trash, { recursive: true });
      move(join(stacks, id), join(trash, id));
    }
    for (const id of plan.build) move(join(built, id), join(stacks, id));
    rmdirSync(built);

    const manifest = new Manifest(builtManifest.version, staging, false);
    Object.assign(manifest.stacks, entries);
    manifest.writeToFile();
    writeFileSync(join(staging, INPUTS_FILE), `${JSON.stringify({ format: OUTPUT_FORMAT, ...(input.build ? { build: input.build } : {}), stacks: sortedRecord(records), specs: input.build ? sortedRecord(input.specs) : {} } satisfies InputsRecord)}\n`);
    writeFileSync(join(staging, CHANGES_FILE), `${JSON.stringify(changes, null, 2)}\n`);
  } catch (e) {
    undo();
    throw e;
  }
  return { changes, undo, cleanUp: () => rmSync(`${staging}-trash`, { recursive: true, force: true }) };
}

function sortedRecord<T>(r: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.keys(r)
    .sort()
    .map((k) => [k, r[k]]));
}
