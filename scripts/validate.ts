// `npm run validate`: `tofu init -backend=false` and `tofu validate` with the real OpenStack
// provider on every synthesized stack that uses it (apps, landing zones, whatever the synth wrote).
// Stacks are chosen by the providers they require, never by name.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { type Engines, ensureEngines } from "./engines";

/** The provider source the OpenStack stacks require, without a registry host. */
export const OPENSTACK_SOURCE = "terraform-provider-openstack/openstack";

/** A provider source as `namespace/type`, lower case, whatever registry host it names. */
export function providerSource(source: string): string {
  const parts = source.toLowerCase().split("/");
  return parts.length === 3 ? parts.slice(1).join("/") : parts.length === 1 ? `hashicorp/${parts[0]}` : parts.join("/");
}

/** Whether a synthesized stack requires the OpenStack provider. */
export function usesOpenStack(stack: { terraform?: { required_providers?: Record<string, { source?: string } | string> } }): boolean {
  const required = stack.terraform?.required_providers ?? {};
  return Object.entries(required).some(([name, p]) => providerSource(typeof p === "string" || !p.source ? name : p.source) === OPENSTACK_SOURCE);
}

/** Every stack in `outdir/stacks` that requires the OpenStack provider, by stack name. */
export function openStackStacks(outdir: string): { readonly name: string; readonly file: string }[] {
  const dir = join(outdir, "stacks");
  if (!existsSync(dir)) throw new Error(`no stacks in ${dir}: run 'npm run synth' first`);
  return readdirSync(dir)
    .sort()
    .map((name) => ({ name, file: join(dir, name, "cdk.tf.json") }))
    .filter((s) => existsSync(s.file) && usesOpenStack(JSON.parse(readFileSync(s.file, "utf8"))));
}

export interface StackVerdict {
  readonly stack: string;
  readonly valid: boolean;
  /** The engine's messages, one per diagnostic, each naming where it is. */
  readonly messages: readonly string[];
}

interface Diagnostic {
  severity: string;
  summary: string;
  detail?: string;
  address?: string;
  range?: { filename: string; start: { line: number } };
  snippet?: { context?: string | null };
}

/** Runs `tofu init -backend=false` and `tofu validate` on one stack's JSON in a scratch folder. */
export function validateStack(engines: Engines, stack: string, json: string): StackVerdict {
  const dir = mkdtempSync(join(tmpdir(), `polder-validate-${stack}-`));
  try {
    writeFileSync(join(dir, "cdk.tf.json"), json);
    const env: NodeJS.ProcessEnv = { ...withoutTfVariables(process.env), TF_CLI_CONFIG_FILE: engines.cliConfig, TF_IN_AUTOMATION: "1", TF_INPUT: "0", CHECKPOINT_DISABLE: "1" };
    const tofu = (...args: string[]) => spawnSync(engines.tofu, [`-chdir=${dir}`, ...args], { env, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
    const init = tofu("init", "-backend=false", "-input=false", "-no-color");
    if (init.status !== 0) return { stack, valid: false, messages: [`tofu init failed: ${(init.stderr || init.stdout || String(init.error)).trim()}`] };
    const run = tofu("validate", "-json", "-no-color");
    let report: { valid: boolean; diagnostics?: Diagnostic[] };
    try {
      report = JSON.parse(run.stdout);
    } catch {
      return { stack, valid: false, messages: [`tofu validate failed: ${(run.stderr || run.stdout || String(run.error)).trim()}`] };
    }
    const messages = (report.diagnostics ?? []).map(describe);
    return { stack, valid: report.valid && run.status === 0, messages };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function describe(d: Diagnostic): string {
  const where = [d.address, d.snippet?.context, d.range ? `${d.range.filename} line ${d.range.start.line}` : undefined].filter(Boolean).join(", ");
  return `${d.severity}: ${d.summary}${d.detail ? `: ${d.detail.replace(/\s+/g, " ").trim()}` : ""}${where ? ` (${where})` : ""}`;
}

function withoutTfVariables(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([k]) => !k.startsWith("TF_")));
}

function main(argv: readonly string[]): number {
  const outdir = resolve(argv[0] ?? process.env.CDKTF_OUTDIR ?? "cdktf.out");
  const stacks = openStackStacks(outdir);
  const engines = ensureEngines();
  if (stacks.length === 0) {
    console.log(`no stack in ${outdir}/stacks uses the OpenStack provider: nothing to validate`);
    return 0;
  }
  console.log(`tofu ${engines.versions.opentofu} validate with terraform-provider-openstack ${engines.versions.openstack}: ${stacks.length} stack(s)`);
  let failed = 0;
  for (const s of stacks) {
    const v = validateStack(engines, s.name, readFileSync(s.file, "utf8"));
    if (v.valid) console.log(`  ${s.name}: valid${v.messages.length ? ` (${v.messages.join("; ")})` : ""}`);
    else {
      failed++;
      console.error(`  ${s.name}: INVALID\n${v.messages.map((m) => `    ${m}`).join("\n")}`);
    }
  }
  if (failed) console.error(`error: ${failed} of ${stacks.length} OpenStack stack(s) do not validate`);
  return failed ? 1 : 0;
}

if (require.main === module) {
  try {
    process.exitCode = main(process.argv.slice(2));
  } catch (err) {
    console.error(`error: ${(err as Error).message}`);
    process.exitCode = 1;
  }
}
