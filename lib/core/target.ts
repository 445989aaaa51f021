import type { Classification } from "../policy/classification";
import type { KindName } from "../kinds/kind-names";
import type { Realizer } from "./realizer";
import type { AppNames, UniqueName } from "./unique-names";

export type TargetId = "sovereign" | "aws" | "azure" | "gcp";

/** Who holds the keys, weakest first. */
export const KEY_CUSTODY_LEVELS = ["provider-managed", "customer-managed", "hsm", "external"] as const;
export type KeyCustody = (typeof KEY_CUSTODY_LEVELS)[number];

/** EU Cloud Sovereignty Framework objectives. */
export type SovereigntyObjective = "SOV-1" | "SOV-2" | "SOV-3" | "SOV-4" | "SOV-5" | "SOV-6" | "SOV-7" | "SOV-8";

/** What a target means for sovereignty; read by placement rules and reports. */
export interface SovereigntyProfile {
  /** Legal jurisdiction of the operator, e.g. `NL`, `EU`, `US`. */
  readonly operatorJurisdiction: string;
  /** True for US-owned public clouds, whatever the region. */
  readonly publicCloud: boolean;
  /** True when the region (and partition/universe) lies in the EU. */
  readonly euResident: boolean;
  /** Partition (AWS) or universe (Google), when the provider has the concept. */
  readonly partition?: string;
  /** Key custody options the target offers. */
  readonly keyCustody: readonly KeyCustody[];
  /** Highest classification the target is accredited for; undefined = none beyond the defaults. */
  readonly accreditedUpTo?: Classification;
  /** SEAL level per objective, where known. */
  readonly seal?: Readonly<Partial<Record<SovereigntyObjective, number>>>;
}

/** Strategies a target offers per kind, best first. */
export type Capabilities = Readonly<Record<KindName, readonly string[]>>;

/** A deployment target: a value object made by the factories in `targets`. */
export interface Target {
  readonly id: TargetId;
  /**
   * Names this target among the project's targets; stack ids are `<app>-<name>`, so one app can
   * sit on two targets of the same kind (two Azure subscriptions, `aws` and `aws-eusc`).
   * Defaults to the id, which keeps the stack ids of a project with one target per kind.
   */
  readonly name: string;
  readonly region: string;
  /** Human-readable, e.g. `aws (aws-eusc/eusc-de-east-1)`. */
  readonly description: string;
  readonly sovereignty: SovereigntyProfile;
  readonly capabilities: Capabilities;
  /** Why a kind has no strategy here, e.g. `no Barbican (keyManager) and no external key manager named`. */
  readonly missing?: Readonly<Partial<Record<KindName, string>>>;
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

/** Target names: what stack ids are made of, so lower-case letters, digits and hyphens. */
export const TARGET_NAME = /^[a-z][a-z0-9-]{0,29}$/;
export const TARGET_NAME_TEXT = "1 to 30 lower-case letters, digits or hyphens, starting with a letter";
