import type { Realizer } from "./realizer";
import type { TargetFacts } from "../shared/names";
import type { AppNames, UniqueName } from "./unique-names";

// The names a target is described with live in lib/shared/names.ts, a leaf that kinds and policy
// import without reaching up into core; this path keeps exporting them.
export {
  type TargetId,
  KEY_CUSTODY_LEVELS,
  type KeyCustody,
  type SovereigntyObjective,
  type SovereigntyProfile,
  type Capabilities,
  type TargetFacts,
  TARGET_NAME,
  TARGET_NAME_TEXT,
} from "../shared/names";

/** A deployment target: a value object made by the factories in `targets`. */
export interface Target extends TargetFacts {
  /** Loads this target's realizer; called only when a stack uses the target. */
  realizer(): Realizer;
  /**
   * The names an app's resources will get on this target that must be unique beyond the app (in
   * the account, region or world). Pure: loads no provider code. The synth checks them across all
   * stacks of a run, so two apps never claim one name.
   * @default none (the target has no such names, or does not list them yet)
   */
  uniqueNames?(app: AppNames): readonly UniqueName[];
}

