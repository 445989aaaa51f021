// Shared names: the vocabulary every layer speaks (kinds, classification levels, targets and their
// capabilities). A leaf: it imports nothing, so lib/kinds and lib/policy use these names without
// importing lib/core, and lib/core builds on all three. Old paths (lib/core/target,
// lib/kinds/kind-names, lib/policy/classification) re-export from here.

/** Every neutral kind. `network` is the app's own; the others are named components. */
export const COMPONENT_KINDS = [
  "key",
  "log-sink",
  "secret",
  "dns-zone",
  "bucket",
  "postgres",
  "kubernetes",
  "vm-group",
  "public-endpoint",
] as const;

export type ComponentKind = (typeof COMPONENT_KINDS)[number];
export type KindName = "network" | ComponentKind;
export const KIND_NAMES: readonly KindName[] = ["network", ...COMPONENT_KINDS];

/** `small | medium | large`, mapped per target to instance types, node counts and storage. */
export const SIZES = ["small", "medium", "large"] as const;
export type Size = (typeof SIZES)[number];

/**
 * Dutch VIR-BI classification levels, lowest first. The order is the contract placement rules
 * compare against.
 */
export const CLASSIFICATION_LEVELS = [
  "openbaar",
  "intern",
  "departementaal-vertrouwelijk",
  "stg-confidentieel",
  "stg-geheim",
  "stg-zeer-geheim",
] as const;

export type Classification = (typeof CLASSIFICATION_LEVELS)[number];

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

/**
 * What a target is, without its provider code: what placement rules, strategy choice and reports
 * read. `Target` (lib/core/target.ts) adds the realizer.
 */
export interface TargetFacts {
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
}

/** Target names: what stack ids are made of, so lower-case letters, digits and hyphens. */
export const TARGET_NAME = /^[a-z][a-z0-9-]{0,29}$/;
export const TARGET_NAME_TEXT = "1 to 30 lower-case letters, digits or hyphens, starting with a letter";
