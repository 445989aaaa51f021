// Reads a Checkov JSON report of synthesized stacks and decides the scan: a failed check passes
// only when the resource it failed on carries a skip for that check id, with a reason, in its
// Terraform JSON comment ("//": { "checkov": { "skip": [...] } }, written by lib/core/checks.ts).
// Checkov 3.3's terraform_json runner does not read inline skips itself, so this does.
// A skip whose check did not fail is stale and fails the scan too, so the skip list stays true.
import { readFileSync } from "node:fs";

export interface CheckovRecord {
  readonly check_id: string;
  readonly check_name?: string;
  /** e.g. `aws_s3_bucket.app_docs_bucket_1A2B3C4D`, `resource.app_lb_…`, `data.app_key-policy_…` */
  readonly resource: string;
  readonly file_abs_path: string;
}
export interface CheckovReport {
  readonly check_type?: string;
  readonly results?: { readonly failed_checks?: readonly CheckovRecord[]; readonly passed_checks?: readonly CheckovRecord[] };
  readonly summary?: { readonly passed?: number; readonly failed?: number; readonly parsing_errors?: number };
}
export interface Finding {
  readonly checkId: string;
  readonly checkName: string;
  /** `<type>.<logical id>` */
  readonly address: string;
  readonly file: string;
  readonly reason?: string;
}
export interface Verdict {
  passed: number;
  readonly failed: Finding[];
  readonly skipped: Finding[];
  /** Skips recorded on a resource whose check did not fail there. */
  readonly stale: Finding[];
  parsingErrors: number;
}

interface Skip {
  id: string;
  comment: string;
}
interface Block {
  address: string;
  skips: Skip[];
}

/** Every resource and data block of a stack by logical id, with the skips its comment carries. */
export function blocksOf(json: any): Map<string, Block> {
  const blocks = new Map<string, Block>();
  for (const [kind, prefix] of [["resource", ""], ["data", "data."]] as const) {
    for (const [type, byId] of Object.entries<Record<string, any>>(json?.[kind] ?? {})) {
      for (const [id, config] of Object.entries<any>(byId)) {
        const skips = config?.["//"]?.checkov?.skip;
        blocks.set(id, { address: `${prefix}${type}.${id}`, skips: Array.isArray(skips) ? skips : [] });
      }
    }
  }
  return blocks;
}

/** Checkov names a block `<type>.<id>`, `resource.<id>` or `data.<id>`: the logical id is the last part. */
function logicalId(resource: string): string {
  return resource.slice(resource.lastIndexOf(".") + 1);
}

/**
 * @param stackFiles every scanned stack: each is read, so a stale skip in a stack without any
 *   failure is found too
 */
export function decide(reports: readonly CheckovReport[], stackFiles: readonly string[], readStack: (file: string) => unknown): Verdict {
  const stacks = new Map<string, Map<string, Block>>();
  const blocksIn = (file: string) => {
    let b = stacks.get(file);
    if (!b) stacks.set(file, (b = blocksOf(readStack(file))));
    return b;
  };
  for (const file of stackFiles) blocksIn(file);
  const verdict: Verdict = { passed: 0, failed: [], skipped: [], stale: [], parsingErrors: 0 };
  const used = new Set<string>();
  for (const report of reports) {
    verdict.parsingErrors += report.summary?.parsing_errors ?? 0;
    verdict.passed += report.results?.passed_checks?.length ?? report.summary?.passed ?? 0;
    for (const r of report.results?.failed_checks ?? []) {
      const block = blocksIn(r.file_abs_path).get(logicalId(r.resource));
      const finding = { checkId: r.check_id, checkName: r.check_name ?? "", address: block?.address ?? r.resource, file: r.file_abs_path };
      const skip = block?.skips.find((s) => s.id === r.check_id && typeof s.comment === "string" && s.comment.trim() !== "");
      if (skip) {
        used.add(`${r.file_abs_path}#${logicalId(r.resource)}#${skip.id}`);
        verdict.skipped.push({ ...finding, reason: skip.comment });
      } else verdict.failed.push(finding);
    }
  }
  for (const [file, blocks] of stacks) {
    for (const [id, block] of blocks) {
      for (const s of block.skips)
        if (!used.has(`${file}#${id}#${s.id}`)) verdict.stale.push({ checkId: s.id, checkName: "", address: block.address, file, reason: s.comment });
    }
  }
  return verdict;
}

function main(reportPath: string, stackFiles: string[]): number {
  const raw = JSON.parse(readFileSync(reportPath, "utf8"));
  const reports: CheckovReport[] = (Array.isArray(raw) ? raw : [raw]).filter((r) => r && typeof r === "object");
  const v = decide(reports, stackFiles, (file) => JSON.parse(readFileSync(file, "utf8")));
  const stale = v.stale;
  for (const s of v.skipped) console.log(`skipped ${s.checkId} on ${s.address}: ${s.reason}`);
  for (const s of stale) console.log(`STALE SKIP ${s.checkId} on ${s.address} (${s.file}): the check passes or does not apply there; remove the skip`);
  for (const f of v.failed) console.log(`FAILED ${f.checkId} ${f.checkName} on ${f.address} (${f.file})`);
  if (v.parsingErrors) console.log(`Checkov could not parse ${v.parsingErrors} file(s)`);
  console.log(`checkov: ${v.passed} passed, ${v.failed.length + stale.length} failed, ${v.skipped.length} skipped`);
  return v.failed.length || stale.length || v.parsingErrors || v.passed === 0 ? 1 : 0;
}

if (require.main === module) {
  const [report, ...stacks] = process.argv.slice(2);
  if (!report) {
    console.error("usage: tsx scripts/checkov-verdict.ts REPORT.json STACK.tf.json ...");
    process.exit(2);
  }
  process.exitCode = main(report, stacks);
}
