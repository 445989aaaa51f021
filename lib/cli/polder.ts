// The `polder` command: one program, four subcommands, on the synth's bundled and
// snapshot-started path (stacks/main.ts dispatches here). No subcommand is `synth`, so
// `npm run synth` and cdktf.json keep working with the synth's own arguments.
//
// Exit codes: 0 success; 1 a refused or invalid request (the field or rule is named); 2 bad usage.
import { readdirSync } from "node:fs";
import { join, relative } from "node:path";
import { parseArgs, type ParseArgsConfig } from "node:util";
import { loadAppSpec } from "../app/load";
import type { ResolvedAppSpec } from "../app/spec";
import { PolderError } from "../core/errors";
import type { Target } from "../core/target";
import { buildExitManifest, renderExitManifest } from "../migrate/exit-manifest";
import { planMigration } from "../migrate/plan-migration";
import { renderRunbook } from "../migrate/runbook-markdown";
import { synthesizeStacks } from "../migrate/synthesize";
import { evaluatePlacement } from "../policy/placement";
import { renderFleetSummary, renderSovereigntyReport } from "../report/markdown";
import { buildFleetSummary, buildSovereigntyReport } from "../report/sovereignty-report";
import { type MainOptions, planSynth, runSynth } from "./main";
import { writeFolderAtomically } from "./polder-output";

type Out = Pick<Console, "log" | "error">;

/** A usage error: exit 2 with the subcommand's usage. */
class UsageError extends Error {}

const COMMANDS = ["synth", "report", "plan-migration", "exit-manifest"] as const;
type Command = (typeof COMMANDS)[number];

const USAGE = `usage: polder <command> [options]   (no command: synth)
commands:
  synth            synthesize stacks (and their sovereignty reports) into cdktf.out
  report           sovereignty reports for the specs and targets given
  plan-migration   a migration runbook for one app from one target to another
  exit-manifest    what leaving a target takes for one app
Run 'polder <command> --help' for its options. Exit status: 0 done, 1 refused or invalid (field or rule named), 2 bad usage.`;

const HELP: Record<Command, string> = {
  synth: `usage: polder synth [--spec FILE ...] [--targets FILE] [--target NAME ...] [--outdir DIR] [--jobs N] [--full]
  Synthesizes every spec on every target its classification allows (what npm run synth does),
  writes cdktf.out/stacks/<stack>/cdk.tf.json with sovereignty.{md,json} beside each stack and the
  fleet summary cdktf.out/sovereignty.{md,json}; the output is replaced atomically.
  --spec FILE    an app spec (YAML or JSON); repeatable. Default: every spec in examples/.
                 With --spec, a refused placement is an error.
  --target NAME  only this configured target; repeatable. Default: every configured target.
  --outdir DIR   default: $CDKTF_OUTDIR or cdktf.out
  --jobs N       synthesize in up to N processes (default: the number of cores)
  --targets FILE the targets file (default: $POLDER_TARGETS, else targets.yaml, else built-in)
  --full         build every stack again (default: only those whose inputs changed; see changes.json)`,
  report: `usage: polder report [--spec FILE ...] [--target NAME ...] [--out DIR] [--json]
  Sovereignty reports, built from stacks synthesized for the purpose (nothing is deployed or
  asked of a cloud). Prints the fleet summary (Markdown, or JSON with --json).
  --spec FILE    an app spec; repeatable. Default: every spec in examples/ (refused pairs are listed)
  --target NAME  only this configured target; repeatable
  --out DIR      also write DIR/sovereignty.{md,json} and DIR/stacks/<stack>/sovereignty.{md,json},
                 replacing DIR atomically
  --json         print JSON instead of Markdown`,
  "plan-migration": `usage: polder plan-migration --spec FILE --from NAME --to NAME [options]
  A runbook to move one app from one configured target to another, built from both synthesized
  stacks. A destination the placement rules refuse exits 1 naming the rule.
  --spec FILE               the app spec
  --from NAME, --to NAME    configured target names
  --stacks-dir DIR          where the synthesized stacks are when the commands run
                            (default: cdktf.out/stacks, as polder synth writes them)
  --postgres-method M       dump (default: dump and restore during a write freeze) or logical
                            (logical replication, short freeze)
  --verification-days N     days between cut-over and decommission (default 14)
  --out DIR                 also write DIR/runbook.md and DIR/runbook.json, replacing DIR atomically
  --json                    print JSON instead of Markdown`,
  "exit-manifest": `usage: polder exit-manifest --spec FILE --target NAME [--out DIR] [--json]
  What leaving a target takes for one app: its stateful resources and how they are exported, the
  provider-only features it uses, its keys and who holds them, and every other configured target
  it could move to today, with what blocks each.
  --spec FILE    the app spec
  --target NAME  the configured target it runs on
  --out DIR      also write DIR/exit-manifest.md and DIR/exit-manifest.json, replacing DIR atomically
  --json         print JSON instead of Markdown`,
};

const SYNTH_OPTIONS: ParseArgsConfig["options"] = {
  spec: { type: "string", multiple: true },
  target: { type: "string", multiple: true },
  outdir: { type: "string" },
  jobs: { type: "string" },
  full: { type: "boolean" },
  help: { type: "boolean" },
};

function parse<T extends ParseArgsConfig["options"]>(argv: readonly string[], options: T) {
  try {
    return parseArgs({ args: [...argv], options: { ...options, help: { type: "boolean" } }, strict: true, allowPositionals: false }).values as Record<string, string | string[] | boolean | undefined>;
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

function required(values: Record<string, unknown>, name: string): string {
  const v = values[name];
  if (typeof v !== "string" || v === "") throw new UsageError(`--${name} is required`);
  return v;
}

function targetByName(targets: readonly Target[], name: string, option: string): Target {
  const t = targets.find((x) => x.name === name);
  if (!t) throw new UsageError(`${option} ${JSON.stringify(name)}: not a configured target; configured are ${targets.map((x) => x.name).join(", ")}`);
  return t;
}

function examples(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => /\.(ya?ml|json)$/.test(f))
    .sort()
    .map((f) => join(dir, f));
}

function report(argv: readonly string[], options: MainOptions, out: Out): number {
  const values = parse(argv, { spec: { type: "string", multiple: true }, target: { type: "string", multiple: true }, out: { type: "string" }, json: { type: "boolean" } });
  if (values.help) return help("report", out);
  const names = (values.target as string[] | undefined) ?? [];
  const targets = names.length ? names.map((n) => targetByName(options.targets, n, "--target")) : options.targets;
  const explicit = values.spec !== undefined;
  const specs = (explicit ? (values.spec as string[]) : examples(options.examplesDir)).map((f) => loadAppSpec(f));
  const plan = planSynth(specs, targets, explicit);
  const reports = specs.flatMap((spec) => {
    const entries = plan.build.filter((e) => e.spec === spec);
    if (!entries.length) return [];
    const stacks = synthesizeStacks(
      spec,
      entries.map((e) => e.target),
    );
    return stacks.map((s) => buildSovereigntyReport({ stackId: s.stackId, spec, target: s.target, verdict: evaluatePlacement(spec, s.target), json: s.json }));
  });
  const fleet = buildFleetSummary(reports, plan.leftOut);
  if (values.out) {
    const files: Record<string, string> = { "sovereignty.json": `${JSON.stringify(fleet, null, 2)}\n`, "sovereignty.md": renderFleetSummary(fleet) };
    for (const r of reports) {
      files[`stacks/${r.stack}/sovereignty.json`] = `${JSON.stringify(r, null, 2)}\n`;
      files[`stacks/${r.stack}/sovereignty.md`] = renderSovereigntyReport(r);
    }
    const dir = writeFolderAtomically(values.out as string, files);
    out.error(`wrote ${reports.length} report(s) and the fleet summary into ${relative(process.cwd(), dir) || "."}`);
  }
  out.log(values.json ? JSON.stringify({ fleet, stacks: reports }, null, 2) : renderFleetSummary(fleet));
  return 0;
}

function planMigrationCommand(argv: readonly string[], options: MainOptions, out: Out): number {
  const values = parse(argv, {
    spec: { type: "string" },
    from: { type: "string" },
    to: { type: "string" },
    "stacks-dir": { type: "string" },
    "postgres-method": { type: "string" },
    "verification-days": { type: "string" },
    out: { type: "string" },
    json: { type: "boolean" },
  });
  if (values.help) return help("plan-migration", out);
  const file = required(values, "spec");
  const from = targetByName(options.targets, required(values, "from"), "--from");
  const to = targetByName(options.targets, required(values, "to"), "--to");
  if (from.name === to.name) throw new UsageError(`--from and --to are both ${JSON.stringify(from.name)}: name two different targets`);
  const method = (values["postgres-method"] as string | undefined) ?? "dump";
  if (method !== "dump" && method !== "logical") throw new UsageError(`--postgres-method ${JSON.stringify(method)}: allowed are dump, logical`);
  const daysText = (values["verification-days"] as string | undefined) ?? "14";
  if (!/^[1-9]\d{0,2}$/.test(daysText)) throw new UsageError(`--verification-days ${JSON.stringify(daysText)}: a whole number of days from 1 to 999`);
  const spec = loadAppSpec(file);
  const runbook = planMigration(spec, from, to, { stacksDir: values["stacks-dir"] as string | undefined, postgresMethod: method, verificationDays: Number(daysText) });
  const markdown = renderRunbook(runbook);
  if (values.out) {
    const dir = writeFolderAtomically(values.out as string, { "runbook.md": markdown, "runbook.json": `${JSON.stringify(runbook, null, 2)}\n` });
    out.error(`wrote runbook.md and runbook.json into ${relative(process.cwd(), dir) || "."}`);
  }
  out.log(values.json ? JSON.stringify(runbook, null, 2) : markdown);
  return 0;
}

function exitManifestCommand(argv: readonly string[], options: MainOptions, out: Out): number {
  const values = parse(argv, { spec: { type: "string" }, target: { type: "string" }, out: { type: "string" }, json: { type: "boolean" } });
  if (values.help) return help("exit-manifest", out);
  const file = required(values, "spec");
  const target = targetByName(options.targets, required(values, "target"), "--target");
  const spec: ResolvedAppSpec = loadAppSpec(file);
  // A refused placement throws the synth's own PlacementError: the app cannot be on that target.
  const [stack] = synthesizeStacks(spec, [target]);
  const manifest = buildExitManifest({ spec, target, stackId: stack.stackId, json: stack.json, targets: options.targets });
  const markdown = renderExitManifest(manifest);
  if (values.out) {
    const dir = writeFolderAtomically(values.out as string, { "exit-manifest.md": markdown, "exit-manifest.json": `${JSON.stringify(manifest, null, 2)}\n` });
    out.error(`wrote exit-manifest.md and exit-manifest.json into ${relative(process.cwd(), dir) || "."}`);
  }
  out.log(values.json ? JSON.stringify(manifest, null, 2) : markdown);
  return 0;
}

function help(command: Command | undefined, out: Out): number {
  out.log(command ? HELP[command] : USAGE);
  return 0;
}

/**
 * Runs `polder <command> ...` and returns the exit code. Arguments without a command (or starting
 * with an option) are the synth's, so `node main.js --spec x.yaml` still synthesizes.
 */
export async function runPolder(argv: readonly string[], options: MainOptions, out: Out = console): Promise<number> {
  const [first, ...rest] = argv;
  try {
    if (first === "--help" || first === "-h" || first === "help") return help(undefined, out);
    if (first === undefined || first.startsWith("-")) return await runSynth(argv, options, out);
    if (!(COMMANDS as readonly string[]).includes(first)) throw new UsageError(`unknown command ${JSON.stringify(first)}: one of ${COMMANDS.join(", ")}`);
    const command = first as Command;
    if (command === "synth") {
      // Usage errors are found here, so they exit 2 like every subcommand's; the synth itself
      // checks the values (exit 1).
      const values = parse(rest, SYNTH_OPTIONS);
      if (values.help) return help("synth", out);
      return await runSynth(rest, options, out);
    }
    if (command === "report") return report(rest, options, out);
    if (command === "plan-migration") return planMigrationCommand(rest, options, out);
    return exitManifestCommand(rest, options, out);
  } catch (e) {
    if (e instanceof UsageError) {
      out.error(`error: ${e.message}`);
      const command = (COMMANDS as readonly string[]).includes(first) ? (first as Command) : undefined;
      out.error(command ? HELP[command] : USAGE);
      return 2;
    }
    if (e instanceof PolderError) {
      out.error(`error: ${e.message}`);
      return 1;
    }
    out.error(e instanceof Error ? (e.stack ?? e.message) : String(e));
    return 1;
  }
}
