import { TerraformDataSource, type TerraformElement, TerraformStack } from "./cdktf";

/** A security-scanner check that does not apply to one resource, and why. */
export interface CheckSkip {
  /** Checkov check id, e.g. `CKV_AWS_18`. */
  readonly id: string;
  /** Why the check does not apply here: read by reviewers and printed by the scan. */
  readonly comment: string;
}

const CHECK_ID = /^CKV2?_[A-Z0-9]+_\d+$/;
const SKIPS = Symbol.for("polder.checkSkips");

/**
 * Records that a Checkov check does not apply to this one resource, with the reason. The skip
 * lives in the code that creates the resource and travels with it into the synthesized JSON as
 * `"//": { "checkov": { "skip": [{ "id", "comment" }] } }`; `scripts/checkov.sh` honours exactly
 * these and nothing global.
 */
export function skipCheck(resource: TerraformElement, id: string, reason: string): void {
  if (!CHECK_ID.test(id)) throw new Error(`skipCheck: ${JSON.stringify(id)} is not a Checkov check id such as CKV_AWS_18`);
  if (reason.trim().length < 20) throw new Error(`skipCheck ${id} on ${resource.node.path}: give the reason the check does not apply (at least 20 characters)`);
  const holder = resource as unknown as { [SKIPS]?: CheckSkip[] };
  const skips = (holder[SKIPS] ??= []);
  if (skips.some((s) => s.id === id)) throw new Error(`skipCheck: ${id} is already skipped on ${resource.node.path}`);
  skips.push({ id, comment: reason.trim() });
  const value = skips.map((s) => ({ id: s.id, comment: s.comment }));
  // Escape hatch: Terraform JSON comments ("//") have no binding field. Checkov 3.3's
  // terraform_json runner ignores inline skips, so the scan script reads them from here.
  if (TerraformDataSource.isTerraformDataSource(resource)) {
    // A data source rebuilds its "//" from construct metadata and drops its own overrides there;
    // the stack's overrides are merged into the whole JSON last, so they reach the block.
    TerraformStack.of(resource).addOverride(`data.${resource.terraformResourceType}.${resource.friendlyUniqueId}.//.checkov.skip`, value);
  } else {
    // cdktf merges this next to its own "//".metadata of the resource.
    resource.addOverride("//.checkov.skip", value);
  }
}

/** The checks skipped on a resource, in the order they were recorded. */
export function skippedChecks(resource: TerraformElement): readonly CheckSkip[] {
  return [...((resource as unknown as { [SKIPS]?: CheckSkip[] })[SKIPS] ?? [])];
}
