import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface Sample {
  /** Wall time of the whole child process, ms. */
  readonly wallMs: number;
  /** Peak resident set size, KiB: of the child, or of its largest descendant when it has workers. */
  readonly maxRssKb: number;
  /** Exit status (only non-zero when allowed). */
  readonly status?: number;
}

const TIME = "/usr/bin/time";
export const RSS_SOURCE = existsSync(TIME) ? "GNU time (%M)" : "process.resourceUsage().maxRSS of the child";

/** Child environment: no POLDER_* or CDKTF_OUTDIR settings leak into a measurement. */
export function cleanEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const k of Object.keys(env)) if (k.startsWith("POLDER_") || k === "CDKTF_OUTDIR") delete env[k];
  return env;
}

/**
 * Runs `command args` once in a fresh child process and measures it. With GNU time, the peak RSS
 * is what wait4 reports (the child, or its largest waited-for descendant); without it, a preload
 * in the Node child reports its own peak.
 */
export function measure(command: string, args: readonly string[], cwd: string, allowFailure = false): Sample {
  const dir = mkdtempSync(join(tmpdir(), "polder-bench-"));
  const rssFile = join(dir, "rss");
  let file = command;
  let argv = [...args];
  const env = cleanEnv();
  if (existsSync(TIME)) {
    file = TIME;
    argv = ["-f", "%M", "-o", rssFile, command, ...args];
  } else if (command === process.execPath) {
    argv = ["--require", join(__dirname, "rss-probe.js"), ...args];
    env.POLDER_BENCH_RSS_FILE = rssFile;
  }
  const start = process.hrtime.bigint();
  const r = spawnSync(file, argv, { cwd, env, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status !== 0 && !(allowFailure && r.status !== null)) throw new Error(`bench: ${command} ${args.join(" ")} failed (${r.status ?? r.signal}):\n${r.stderr}${r.stdout}`.slice(0, 4000));
  const text = existsSync(rssFile) ? readFileSync(rssFile, "utf8").trim().split("\n").pop()! : "0";
  rmSync(dir, { recursive: true, force: true });
  return { wallMs, maxRssKb: Number(text), status: r.status ?? undefined };
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}
