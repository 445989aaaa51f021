// Parallel synthesis: the (app, target) pairs of one synth are split into shares. This process
// synthesizes the first share itself while worker processes running the same program synthesize
// the others, each into its own folder inside the staging directory; then this process moves the
// stack folders together and writes the one manifest.json, which is byte-identical to what a
// single process writes. Any failing share fails the whole synth.
import type { ChildProcess } from "node:child_process";
import { mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
// The merged manifest is written exactly as cdktf writes it (lib/cli/stable-json.ts).
import { Manifest } from "../core/cdktf";
import { loadAppSpec } from "../app/load";
import type { ResolvedAppSpec } from "../app/spec";
import { App } from "../core/cdktf";
import { PolderError } from "../core/errors";
import type { Target } from "../core/target";
import { programArgs } from "./program";
import { writeManifestFile } from "./stable-json";
import { markTokens } from "./token-registry";

/** Set in a worker's environment: the path of its job file. */
export const WORKER_ENV = "POLDER_SYNTH_WORKER";

/**
 * Fewest pairs a worker is started for: starting one costs a Node start and reading the specs
 * again, and every process's GC and compiler threads compete for the same cores.
 */
export const MIN_PAIRS_PER_WORKER = 8;

/** One (app, target) pair as a worker receives it: the spec file and the index of the target. */
export interface WorkerPair {
  readonly spec: string;
  readonly target: number;
}

interface WorkerJob {
  readonly outdir: string;
  readonly result: string;
  readonly pairs: readonly WorkerPair[];
}

type WorkerResult = { ok: true } | { ok: false; polder: boolean; message: string; stack?: string };

/** A worker's intended failure (bad spec, policy, capability), shown like one from the parent. */
export class WorkerFailure extends PolderError {}

/**
 * How many processes share `pairs` pairs with at most `jobs` jobs, this one included (it takes the
 * first share); 1 means this process synthesizes everything.
 */
export function workerCount(pairs: number, jobs: number): number {
  return Math.max(1, Math.min(jobs, Math.floor(pairs / MIN_PAIRS_PER_WORKER)));
}

/** Round-robin split of the pairs, so every worker gets a similar mix of apps and targets. */
export function splitPairs<T>(pairs: readonly T[], workers: number): T[][] {
  const shares: T[][] = Array.from({ length: workers }, () => []);
  pairs.forEach((p, i) => shares[i % workers].push(p));
  return shares;
}

/**
 * Splits `pairs` into `shares` shares: `synthesizeHere` synthesizes the first in this process while
 * one worker process per other share (same Node flags, same script or snapshot, `WORKER_ENV` set)
 * synthesizes the rest, each into `staging/.share-<i>`; then assembles `staging` as one synth would
 * have. Rejects with the first failure, after stopping the workers.
 */
export async function synthesizeInShares(
  staging: string,
  pairs: readonly WorkerPair[],
  shares: number,
  synthesizeHere: (outdir: string, indexes: readonly number[]) => void,
): Promise<void> {
  mkdirSync(staging, { recursive: true });
  const split = splitPairs(
    pairs.map((_, i) => i),
    shares,
  );
  const jobs = split.map((indexes, i): WorkerJob => ({ outdir: join(staging, `.share-${i}`), result: join(staging, `.share-${i}.result.json`), pairs: indexes.map((j) => pairs[j]) }));
  const jobFile = (i: number) => join(staging, `.share-${i}.job.json`);
  // Loaded here, not at module load: Node does not vouch for child_process in a startup snapshot.
  const { spawn } = require("node:child_process") as typeof import("node:child_process");
  const children = jobs.slice(1).map((job, k) => {
    writeFileSync(jobFile(k + 1), JSON.stringify(job));
    return spawn(process.execPath, programArgs(), {
      env: { ...process.env, [WORKER_ENV]: jobFile(k + 1) },
      stdio: ["ignore", "inherit", "pipe"],
    });
  });
  const done = children.map((child, k) => waitForWorker(child, jobs[k + 1], k + 1));
  try {
    // The workers start meanwhile; their output is read when this share is done.
    synthesizeHere(jobs[0].outdir, split[0]);
    await Promise.all(done);
  } catch (e) {
    // Stop the others and wait for them, so nothing writes into staging while it is removed.
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill();
    await Promise.allSettled(done);
    throw e;
  }

  // Assemble: every stack folder into staging/stacks, one manifest of all stacks.
  mergeSynthOutputs(
    staging,
    jobs.map((job) => job.outdir),
  );
  jobs.forEach((job, i) => {
    rmSync(job.result, { force: true });
    rmSync(jobFile(i), { force: true });
  });
}

/**
 * Moves the stack folders of several cdktf outputs (`parts`, then removed) into `outdir` and writes
 * one manifest of all their stacks: the bytes one App would have written.
 */
export function mergeSynthOutputs(outdir: string, parts: readonly string[]): void {
  let version: string | undefined;
  const stacks: Record<string, unknown> = {};
  for (const part of parts) {
    const manifest = JSON.parse(readFileSync(join(part, Manifest.fileName), "utf8")) as { version: string; stacks: Record<string, unknown> };
    version ??= manifest.version;
    Object.assign(stacks, manifest.stacks);
  }
  mkdirSync(join(outdir, Manifest.stacksFolder), { recursive: true });
  for (const part of parts) {
    const from = join(part, Manifest.stacksFolder);
    for (const stack of readdirSync(from)) renameSync(join(from, stack), join(outdir, Manifest.stacksFolder, stack));
  }
  writeManifestFile(outdir, { version: version!, stacks });
  for (const part of parts) rmSync(part, { recursive: true, force: true });
}

/**
 * Most stacks one cdktf App holds. An App keeps every construct of every stack until it is
 * synthesized (and cdktf's token registry keeps them after): one App for a share of a
 * thousand-app fleet took over 1 GB and grew slower per stack. A larger share is synthesized as
 * several Apps in turn, each one's tokens forgotten once it is written; the stacks are
 * independent, so the bytes are the same.
 */
export const STACKS_PER_APP = 40;

/**
 * Synthesizes one share into `outdir`: as one cdktf App (no stack traces, as synthesizeSafely), or
 * for more than `perApp` entries as one App per `perApp` entries, merged into one output.
 */
export function synthesizeShare<E>(outdir: string, entries: readonly E[], build: (app: App, entries: readonly E[]) => void, perApp = STACKS_PER_APP): void {
  if (entries.length <= perApp) {
    const app = new App({ outdir, stackTraces: false });
    build(app, entries);
    app.synth();
    return;
  }
  mkdirSync(outdir, { recursive: true });
  const parts: string[] = [];
  for (let i = 0; i < entries.length; i += perApp) {
    const part = join(outdir, `.app-${parts.length}`);
    parts.push(part);
    const forgetTokens = markTokens();
    const app = new App({ outdir: part, stackTraces: false });
    build(app, entries.slice(i, i + perApp));
    app.synth();
    forgetTokens();
  }
  mergeSynthOutputs(outdir, parts);
}

function waitForWorker(child: ChildProcess, job: WorkerJob, index: number): Promise<void> {
  let stderr = "";
  child.stderr!.on("data", (chunk: Buffer) => {
    process.stderr.write(chunk);
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  return new Promise((resolve, reject) => {
    child.on("error", (e) => reject(new Error(`synth worker ${index} could not start: ${e.message}`)));
    child.on("close", (code, signal) => {
      let result: WorkerResult | undefined;
      try {
        result = JSON.parse(readFileSync(job.result, "utf8")) as WorkerResult;
      } catch {
        result = undefined;
      }
      if (code === 0 && result?.ok) return resolve();
      if (result && !result.ok) {
        if (result.polder) return reject(new WorkerFailure(result.message));
        const e = new Error(result.message);
        e.stack = result.stack ?? result.message;
        return reject(e);
      }
      reject(new Error(`synth worker ${index} ended with ${signal ? `signal ${signal}` : `exit code ${code}`} before finishing${stderr ? `:\n${stderr.trimEnd()}` : ""}`));
    });
  });
}

/**
 * The worker side, run when `WORKER_ENV` is set: synthesizes the job's pairs into the job's
 * folder and records the outcome in the job's result file. Returns the exit code.
 */
export function runWorker(
  jobFile: string,
  targets: readonly Target[],
  build: (app: App, entries: readonly { spec: ResolvedAppSpec; target: Target }[]) => void,
): number {
  const job = JSON.parse(readFileSync(jobFile, "utf8")) as WorkerJob;
  let result: WorkerResult;
  try {
    const specs = new Map<string, ResolvedAppSpec>();
    const entries = job.pairs.map((p) => {
      let spec = specs.get(p.spec);
      if (!spec) specs.set(p.spec, (spec = loadAppSpec(p.spec)));
      return { spec, target: targets[p.target] };
    });
    synthesizeShare(job.outdir, entries, build);
    result = { ok: true };
  } catch (e) {
    const err = e instanceof Error ? e : new Error(String(e));
    result = { ok: false, polder: err instanceof PolderError, message: err.message, stack: err.stack };
  }
  writeFileSync(job.result, JSON.stringify(result));
  return result.ok ? 0 : 1;
}
