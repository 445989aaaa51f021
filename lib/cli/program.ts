// How a synth program starts. Either plainly (`node dist/bundle/main.js ARGS`) or from a V8
// startup snapshot of the same bundle (`node --snapshot-blob dist/bundle/main.blob -- ARGS`, as
// bin/snapshot.sh starts it when the snapshot fits this Node and its NODE_OPTIONS): the
// snapshot holds the heap after every module was loaded and initialized, so a synth skips parsing
// and initializing ~3 MB of cdktf and provider bindings (~0.1 s of every process, workers too).
// `npm run synth` builds the snapshot from the bundle with the same Node binary that runs it.
//
// Module initialization runs when the snapshot is built, not when it runs: anything read from the
// environment must be read inside `main`, never at module load.
import * as v8 from "node:v8";
import { rememberSnapshotCode } from "./build-fingerprint";

let fromSnapshot = false;

/** Node arguments that start another copy of this program, e.g. a synth worker. */
export function programArgs(): string[] {
  return fromSnapshot ? [...process.execArgv, "--"] : [...process.execArgv, process.argv[1]];
}

export interface ProgramOptions {
  /**
   * Runs once while a startup snapshot is being built, before it is taken: a synth of sample
   * input, so the snapshot holds the compiled functions a synth needs (~50 ms less per start).
   * It must leave nothing a later synth could see; the snapshot tests compare bytes to be sure.
   * @default nothing
   */
  readonly warmUp?: () => void;
}

/**
 * Runs `main` with the program's arguments and sets the exit code from its result: at once, or,
 * while a startup snapshot of the program is being built (`node --build-snapshot`), each time a
 * process starts from that snapshot.
 */
export function runProgram(main: (argv: string[]) => number | Promise<number>, options: ProgramOptions = {}): void {
  const start = (argv: string[]) =>
    void Promise.resolve()
      .then(() => main(argv))
      .then((code) => {
        process.exitCode = code;
      });
  if (v8.startupSnapshot?.isBuildingSnapshot()) {
    options.warmUp?.();
    rememberSnapshotCode();
    // Node removes Error.stackTraceLimit before it takes the snapshot (and puts it back after) with
    // a line on stderr, which pipelines such as cdktf's show as an [ERROR] on every build. Doing the
    // same here, after the warm-up, leaves Node nothing to remove and nothing to print; the limit
    // is back before the program runs, so errors keep their stack traces.
    const stackTraceLimit = Object.getOwnPropertyDescriptor(Error, "stackTraceLimit");
    delete (Error as { stackTraceLimit?: number }).stackTraceLimit;
    v8.startupSnapshot.setDeserializeMainFunction(() => {
      if (stackTraceLimit) Object.defineProperty(Error, "stackTraceLimit", stackTraceLimit);
      fromSnapshot = true;
      // graceful-fs (bundled, via cdktf) caches process.cwd() at build time, so relative paths
      // would resolve against the build machine's folder; its patched chdir drops that cache.
      process.chdir(".");
      // Read again what was read from the build machine's environment at module load.
      // cdktf reads TERRAFORM_BINARY_NAME once, when its util module loads (a plain require, so
      // this writes cdktf's own exports object, not a copy).
      (require("cdktf/lib/util") as { terraformBinaryName: string }).terraformBinaryName = process.env.TERRAFORM_BINARY_NAME || "terraform";
      // No script path in argv: [node, ...args] (after `--`).
      start(process.argv.slice(1));
    });
  } else {
    start(process.argv.slice(2));
  }
}
