import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { App } from "../core/cdktf";

export interface SafeSynthOptions {
  /** @default $CDKTF_OUTDIR, else "cdktf.out" */
  readonly outdir?: string;
  /**
   * Runs on the complete staging directory before it is moved into place (e.g. writing reports
   * beside the stacks); a throw leaves the previous output untouched, like a failed synth.
   * @default nothing
   */
  readonly beforeCommit?: (staging: string) => void;
}

/** The output directory, absolute. */
export function outputDir(options: SafeSynthOptions = {}): string {
  return resolve(options.outdir ?? process.env.CDKTF_OUTDIR ?? "cdktf.out");
}

/** The output directory and a fresh staging directory beside it (same file system, so rename works). */
export function prepareStaging(options: SafeSynthOptions = {}): { outdir: string; staging: string } {
  const outdir = outputDir(options);
  const parent = dirname(outdir);
  mkdirSync(parent, { recursive: true });
  recoverInterrupted(outdir);
  const staging = join(parent, `.polder-out-${basename(outdir)}-${process.pid}`);
  rmSync(staging, { recursive: true, force: true });
  return { outdir, staging };
}

/**
 * Cleans up after synths into `outdir` that were killed (a cancelled pipeline job, kill -9): their
 * staging folders, which at fleet scale hold gigabytes, are removed; a previous output that a
 * killed commit had moved aside, between its two renames, is put back, so the folder again holds
 * the output of the last synth that finished. Folders of a process still running (a concurrent
 * synth) are left alone.
 */
export function recoverInterrupted(outdir: string): void {
  const parent = dirname(outdir);
  const prefix = `.polder-out-${basename(outdir)}-`;
  if (!existsSync(parent)) return;
  const left = readdirSync(parent).flatMap((name) => {
    const m = name.startsWith(prefix) ? /^(\d+)(-previous|-trash)?$/.exec(name.slice(prefix.length)) : null;
    return m && !isRunning(Number(m[1])) ? [{ path: join(parent, name), previous: m[2] === "-previous" }] : [];
  });
  for (const l of left) if (l.previous && !existsSync(outdir)) renameSync(l.path, outdir);
  for (const l of left) rmSync(l.path, { recursive: true, force: true });
}

/** Whether a process with this id exists (one we may not signal exists too). */
function isRunning(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Moves a complete staging directory into place, replacing the previous output. If the second
 * rename fails, the previous output is put back, so the folder is never left without an output.
 */
export function commitStaging(staging: string, outdir: string): void {
  const previous = `${staging}-previous`;
  const hadOutput = existsSync(outdir);
  if (hadOutput) renameSync(outdir, previous);
  try {
    renameSync(staging, outdir);
  } catch (e) {
    if (hadOutput) renameSync(previous, outdir);
    throw e;
  }
  rmSync(previous, { recursive: true, force: true });
}

/**
 * Builds and synthesizes a cdktf App into a temporary directory beside the output directory and
 * moves it into place only when every stack succeeded. A failing synth (bad spec, refused
 * placement, policy error) leaves the previous output untouched and writes nothing.
 */
export function synthesizeSafely<T>(build: (app: App) => T, options: SafeSynthOptions = {}): { outdir: string; result: T } {
  const { outdir, staging } = prepareStaging(options);
  try {
    // No stack traces in manifest annotations: they name this machine's paths and this process's call
    // stack, so the same synth would differ between runs, machines and --jobs settings.
    const app = new App({ outdir: staging, stackTraces: false });
    const result = build(app);
    app.synth();
    options.beforeCommit?.(staging);
    commitStaging(staging, outdir);
    return { outdir, result };
  } catch (e) {
    rmSync(staging, { recursive: true, force: true });
    throw e;
  }
}

/**
 * The same guarantee for output that several processes write: `fill` writes the complete output
 * into the staging directory; it is moved into place only when `fill` resolves.
 */
export async function synthesizeSafelyAsync(fill: (staging: string) => Promise<void>, options: SafeSynthOptions = {}): Promise<{ outdir: string }> {
  const { outdir, staging } = prepareStaging(options);
  try {
    await fill(staging);
    options.beforeCommit?.(staging);
    commitStaging(staging, outdir);
    return { outdir };
  } catch (e) {
    rmSync(staging, { recursive: true, force: true });
    throw e;
  }
}
