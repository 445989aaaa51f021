// The runbook for people: one section per phase, each step with why, its dependencies and its
// commands in a shell block.
import { table } from "../report/markdown";
import { PHASES, type Runbook } from "./runbook";

const PHASE_TITLES: Record<(typeof PHASES)[number], string> = {
  "pre-checks": "1. Pre-checks",
  build: "2. Build the destination",
  data: "3. Move the data, per component",
  "cut-over": "4. Cut over",
  verify: "5. Verify",
  "roll-back": "6. Roll back (only if verification fails)",
  decommission: "7. Decommission the source",
};

export function renderRunbook(r: Runbook): string {
  const lines = [
    `# Migration runbook: ${r.app.name} from ${r.from.target} to ${r.to.target}`,
    "",
    `Runbook format version ${r.version}. Built by \`polder plan-migration\` from the synthesized stacks \`${r.from.stack}\` (source, \`${r.from.dir}\`) and \`${r.to.stack}\` (destination, \`${r.to.dir}\`); no cloud API was asked. Every \`terraform -chdir=… output\` in the commands reads an output those stacks have.`,
    "",
    `- Classification: ${r.app.classification}${r.app.decision ? ` (decision ${r.app.decision})` : ""}`,
    `- Destination placement: allowed by rule \`${r.placement.rule}\`: ${r.placement.reason}`,
    `- Connection contract: ${r.connectionContract.same ? "no differences" : `${r.connectionContract.differences.length} difference(s)`}`,
    `- Postgres method: ${r.postgresMethod === "logical" ? "logical replication" : "dump and restore"}; verification window: ${r.verificationDays} days`,
    "",
    "Before you start: synthesize both stacks (`npx polder synth --spec <spec>`), and run the commands from a host with terraform, jq, the providers' CLIs, psql/pg_dump and rclone, that reaches both networks.",
    "",
    "## Strategies per component",
    "",
    ...table(
      ["component", "kind", `strategy at ${r.from.target}`, `strategy at ${r.to.target}`, "changes"],
      r.strategies.map((s) => [s.component, s.kind, `${s.from.strategy}${s.from.fallback ? ` (fallback: ${s.from.fallback})` : ""}`, `${s.to.strategy}${s.to.fallback ? ` (fallback: ${s.to.fallback})` : ""}`, s.changed ? "yes" : "no"]),
    ),
    "",
  ];
  for (const phase of PHASES) {
    const steps = r.steps.filter((s) => s.phase === phase);
    if (!steps.length) continue;
    lines.push(`## ${PHASE_TITLES[phase]}`, "");
    for (const s of steps) {
      lines.push(`### Step ${s.order}: ${s.title}`, "");
      lines.push(`\`${s.id}\`${s.dependsOn.length ? ` — after: ${s.dependsOn.map((d) => `\`${d}\``).join(", ")}` : ""}`, "");
      for (const n of s.notes) lines.push(n, "");
      if (s.commands.length) lines.push("```sh", ...s.commands, "```", "");
    }
  }
  return lines.join("\n");
}
