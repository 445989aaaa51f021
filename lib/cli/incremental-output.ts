// Incremental synth, the I/O half: reads the previous output, and assembles the new one in the
// staging directory (built stacks, the kept folders of unchanged stacks, one manifest.json, the
// change list and the inputs record) before it replaces the previous output in one rename
// (lib/cli/safe-synth.ts). Until that rename the previous output, change list included, is as it
// was: the kept folders are moved back if anything fails after they were moved.
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmdirSync, rmSync, stat, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
// The manifest is written exactly as cdktf's own writer writes it (lib/cli/stable-json.ts).
import { Manifest } from "../core/cdktf";
import type { CachedSpec } from "./spec-cache";
import { stableJson, writeManifestFile } from "./stable-json";
import { CHANGES_FILE, type ChangeList, changeList, INPUTS_FILE, type InputsRecord, OUTPUT_FORMAT, type OutputPlan, type PlannedStack, type PreviousOutput, type Selection, type StackRecord, type SummaryRecord } from "./incremental";
import { sha256 } from "./sha256";

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
  /**
   * Settles when the sizes of the previous stack files, asked for in the background
   * (`readPreviousOutput(dir, true)`), are known; `sizeOf` asks the file system itself until then.
   */
  readonly sizesKnown: Promise<void>;
  /** The manifest's text, when it is the one the previous synth wrote (its hash is in the inputs record). */
  readonly manifestText?: { readonly text: string; readonly sha256: string };
}

function readText(file: string): string | undefined {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
}

function parseJson<T>(text: string | undefined): T | undefined {
  try {
    return text === undefined ? undefined : (JSON.parse(text) as T);
  } catch {
    return undefined;
  }
}

const readJson = <T>(file: string): T | undefined => parseJson<T>(readText(file));

/**
 * The output a run finds in its output folder (nothing, when there is none or no manifest). With
 * `prefetch`, the stack files' sizes are asked for at once, on libuv's threads, while the caller
 * goes on planning (5,000 stat calls one by one took ~50 ms of a run that changed nothing).
 */
export function readPreviousOutput(outdir: string, prefetch = false): PreviousOutputFiles {
  const manifestText = readText(join(outdir, Manifest.fileName));
  const manifest = parseJson<ManifestFile>(manifestText);
  const stacks = manifest && typeof manifest.stacks === "object" && manifest.stacks ? manifest.stacks : {};
  const inputs = readJson<InputsRecord>(join(outdir, INPUTS_FILE));
  const valid = inputs?.format === OUTPUT_FORMAT && inputs.stacks && typeof inputs.stacks === "object";
  const records = valid ? inputs.stacks : {};
  const sizes = new Map<string, number>();
  const manifestSha256 = valid && typeof inputs.manifest === "string" && manifestText !== undefined ? sha256(manifestText) : undefined;
  return {
    dir: outdir,
    manifest,
    manifestText: manifestSha256 !== undefined && manifestSha256 === inputs?.manifest ? { text: manifestText!, sha256: manifestSha256 } : undefined,
    build: valid && typeof inputs.build === "string" ? inputs.build : undefined,
    specs: valid && inputs.specs && typeof inputs.specs === "object" ? inputs.specs : undefined,
    summary: valid && inputs.summary && typeof inputs.summary === "object" ? inputs.summary : undefined,
    stacks: new Set(Object.keys(stacks)),
    records,
    sizesKnown: prefetch ? prefetchSizes(outdir, stacks, sizes) : Promise.resolve(),
    sizeOf(stackId) {
      const entry = stacks[stackId];
      if (typeof entry?.synthesizedStackPath !== "string") return undefined;
      const known = sizes.get(stackId);
      if (known !== undefined) return known === NO_FILE ? undefined : known;
      try {
        const s = statSync(join(outdir, entry.synthesizedStackPath));
        return s.isFile() ? s.size : undefined;
      } catch {
        return undefined;
      }
    },
  };
}

/** A prefetched size: no such file. */
const NO_FILE = -1;

/** Asks for the size of every stack file in `stacks` and records each in `sizes` as it comes. */
function prefetchSizes(outdir: string, stacks: Readonly<Record<string, ManifestEntry>>, sizes: Map<string, number>): Promise<void> {
  const ids = Object.keys(stacks).filter((id) => typeof stacks[id]?.synthesizedStackPath === "string");
  if (!ids.length) return Promise.resolve();
  return new Promise((done) => {
    let pending = ids.length;
    for (const id of ids)
      stat(join(outdir, stacks[id].synthesizedStackPath), (error, s) => {
        sizes.set(id, !error && s.isFile() ? s.size : NO_FILE);
        if (--pending === 0) done();
      });
  });
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
  /** Writes the inputs record, last: with what it says of the fleet summary written after the stacks. */
  writeRecord(summary: SummaryRecord | undefined): void;
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
    records[p.stackId] = made ? { app: p.app, target: p.target, ...(p.key ? { inputs: p.key } : {}), ...made, ...(p.names ? { names: p.names } : {}) } : old;
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
  let manifest: string | undefined;
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

    manifest = writeManifest(staging, { version: builtManifest.version, stacks: entries }, previous, plan.build);
    writeFileSync(join(staging, CHANGES_FILE), `${JSON.stringify(changes, null, 2)}\n`);
  } catch (e) {
    undo();
    throw e;
  }
  const writeRecord = (summary: SummaryRecord | undefined) => {
    const record: InputsRecord = { format: OUTPUT_FORMAT, ...(input.build ? { build: input.build } : {}), stacks: sortedRecord(records), specs: input.build ? sortedRecord(input.specs) : {}, ...(manifest ? { manifest } : {}), ...(summary ? { summary } : {}) };
    writeFileSync(join(staging, INPUTS_FILE), `${JSON.stringify(record)}\n`);
  };
  return { changes, writeRecord, undo, cleanUp: () => rmSync(`${staging}-trash`, { recursive: true, force: true }) };
}

/**
 * Writes the manifest of every stack into `staging` as cdktf writes it; returns its SHA-256 when
 * known. When its content is the previous manifest's (the same stacks, the rebuilt ones with the
 * same entries: the usual incremental run) and that file is the one Polder wrote, its text is
 * copied instead of written again (~35 ms for 5,000 stacks).
 */
function writeManifest(staging: string, manifest: ManifestFile, previous: PreviousOutputFiles, built: readonly string[]): string | undefined {
  const file = join(staging, Manifest.fileName);
  const before = previous.manifest;
  const same =
    previous.manifestText !== undefined &&
    before !== undefined &&
    before.version === manifest.version &&
    Object.keys(before.stacks).length === Object.keys(manifest.stacks).length &&
    Object.keys(manifest.stacks).every((id) => id in before.stacks) &&
    built.every((id) => {
      const entry = stableJson(manifest.stacks[id]);
      return entry !== undefined && entry === stableJson(before.stacks[id]);
    });
  if (same) {
    writeFileSync(file, previous.manifestText!.text);
    return previous.manifestText!.sha256;
  }
  const json = writeManifestFile(staging, manifest);
  return json === undefined ? undefined : sha256(json);
}

function sortedRecord<T>(r: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.keys(r)
    .sort()
    .map((k) => [k, r[k]]));
}
