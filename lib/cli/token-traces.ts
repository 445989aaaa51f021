// cdktf records a full stack trace (Error.stackTraceLimit = MAX_SAFE_INTEGER, then formatted and
// split) for every token it creates: every attribute reference (`vpc.id`, `key.arn`), every Lazy
// and every complex list item. The traces are used only in the message of a token that fails to
// resolve. For a fleet synth they were about 30% of the CPU time (cpu profile of 100 stacks:
// defaultPrepareStackTrace + captureStackTrace + `get stack`), so the synth command turns them
// off. The output is unaffected; set POLDER_TOKEN_TRACES=1 to keep them when debugging a token.

interface StackTraceModule {
  captureStackTrace: (below?: unknown) => string[];
}

/** Turns off cdktf's token creation traces in this process, unless POLDER_TOKEN_TRACES=1. */
export function disableTokenTraces(): void {
  if (process.env.POLDER_TOKEN_TRACES === "1") return;
  // The callers look the function up on this module object at each call
  // (`(0, stack_trace_1.captureStackTrace)()`), so replacing the property reaches all of them.
  const mod = require("cdktf/lib/tokens/private/stack-trace") as StackTraceModule;
  mod.captureStackTrace = () => [];
}
