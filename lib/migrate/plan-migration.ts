// From a spec and two targets to a runbook: the destination's placement is checked first (a
// refusal stops here with the rule), then both stacks are synthesized and compared.
import { join } from "node:path";
import type { ResolvedAppSpec } from "../app/spec";
import { PlacementError } from "../core/errors";
import type { Target } from "../core/target";
import { evaluatePlacement } from "../policy/placement";
import { buildRunbook, type Runbook } from "./runbook";
import { synthesizeStacks } from "./synthesize";

export interface PlanMigrationOptions {
  /** Where the synthesized stacks are (commands run `terraform -chdir=<stacksDir>/<stack>`). @default "cdktf.out/stacks" */
  readonly stacksDir?: string;
  /** @default "dump" */
  readonly postgresMethod?: "dump" | "logical";
  /** @default 14 */
  readonly verificationDays?: number;
}

/** The runbook for moving `spec` from one target to another; throws PlacementError for a refused source or destination. */
export function planMigration(spec: ResolvedAppSpec, from: Target, to: Target, options: PlanMigrationOptions = {}): Runbook {
  const atSource = evaluatePlacement(spec, from);
  if (!atSource.allowed) throw new PlacementError(atSource.rule, spec.classification, from.name, `${atSource.reason} (the app cannot be running on the source)`);
  const placement = evaluatePlacement(spec, to);
  if (!placement.allowed) throw new PlacementError(placement.rule, spec.classification, to.name, placement.reason);
  const [a, b] = synthesizeStacks(spec, [from, to]);
  const stacksDir = options.stacksDir ?? join("cdktf.out", "stacks");
  return buildRunbook({
    spec,
    from: { target: from, json: a.json, stack: { stackId: a.stackId, dir: join(stacksDir, a.stackId) } },
    to: { target: to, json: b.json, stack: { stackId: b.stackId, dir: join(stacksDir, b.stackId) } },
    placement,
    postgresMethod: options.postgresMethod,
    verificationDays: options.verificationDays,
  });
}
