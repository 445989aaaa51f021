// Pure planning of a landing zone's unit tree: flattening, inheritance of kind, classification
// and tiers. No resources, no targets: tested on its own.
import type { Issue } from "../core/errors";
import { type Classification, isAtLeast } from "../policy/classification";

export const UNIT_KINDS = ["platform", "workload", "sandbox", "quarantine"] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];

/**
 * Sovereignty tiers after the Sovereign Landing Zone's control levels, made portable; each
 * includes the ones before it (L3 ⊃ L2 ⊃ L1).
 */
export const TIERS = ["residency", "data-protection", "confidential"] as const;
export type Tier = (typeof TIERS)[number];

/** A unit after inheritance. */
export interface ResolvedUnit {
  readonly name: string;
  /** Parent unit name; undefined for a top-level unit. */
  readonly parent?: string;
  /** Names from the top-level unit down to this one. */
  readonly lineage: readonly string[];
  readonly kind: UnitKind;
  /** Highest classification an app here may have; undefined where no app may be placed (platform, quarantine). */
  readonly classification?: Classification;
  /** Every tier the unit enforces, cumulative (confidential ⇒ data-protection ⇒ residency) and inherited. */
  readonly tiers: readonly Tier[];
  /** Names of direct children. */
  readonly children: readonly string[];
}

export interface UnitInput {
  readonly name: string;
  /** Field path of the unit, for errors. */
  readonly path: string;
  readonly parent?: string;
  readonly kind?: UnitKind;
  readonly classification?: Classification;
  readonly tiers: readonly Tier[];
}

/** Tiers implied by the given ones, in TIERS order. */
export function cumulativeTiers(tiers: readonly Tier[]): Tier[] {
  const highest = Math.max(-1, ...tiers.map((t) => TIERS.indexOf(t)));
  return TIERS.slice(0, highest + 1);
}

const DEFAULT_CLASSIFICATION: Partial<Record<UnitKind, Classification>> = { workload: "intern", sandbox: "openbaar" };

/**
 * Resolves units given parents first: a child inherits its parent's kind, classification and
 * tiers; it may lower the classification and add tiers, never the reverse.
 */
export function flattenUnits(input: readonly UnitInput[]): { units: ResolvedUnit[]; problems: Issue[] } {
  const problems: Issue[] = [];
  const byName = new Map<string, ResolvedUnit>();
  const units: ResolvedUnit[] = [];
  for (const u of input) {
    const parent = u.parent ? byName.get(u.parent) : undefined;
    const kind = u.kind ?? parent?.kind;
    if (!kind) {
      problems.push({ path: `${u.path}.kind`, message: "is required for a top-level unit" });
      continue;
    }
    if (parent && kind !== parent.kind) problems.push({ path: `${u.path}.kind`, message: `"${kind}" is not allowed inside ${parent.kind} unit '${parent.name}': a child unit has its parent's kind` });
    if (u.tiers.length && kind !== "workload") problems.push({ path: `${u.path}.tiers`, message: `only workload units enforce tiers; '${u.name}' is a ${kind} unit` });
    let classification: Classification | undefined;
    if (kind === "platform" || kind === "quarantine") {
      if (u.classification) problems.push({ path: `${u.path}.classification`, message: `a ${kind} unit holds no apps, so it has no classification` });
    } else {
      classification = u.classification ?? parent?.classification ?? DEFAULT_CLASSIFICATION[kind];
      if (parent?.classification && classification && !isAtLeast(parent.classification, classification))
        problems.push({ path: `${u.path}.classification`, message: `"${classification}" is above its parent '${parent.name}' ("${parent.classification}"): a child unit may only lower it` });
      if (kind === "sandbox" && classification && isAtLeast(classification, "departementaal-vertrouwelijk"))
        problems.push({ path: `${u.path}.classification`, message: `"${classification}" is not allowed in a sandbox: at most intern` });
    }
    const tiers = cumulativeTiers([...(parent?.tiers ?? []), ...u.tiers]);
    if (kind === "workload" && classification && isAtLeast(classification, "departementaal-vertrouwelijk") && !tiers.includes("data-protection"))
      problems.push({ path: `${u.path}.tiers`, message: `unit '${u.name}' may hold "${classification}", which needs the data-protection tier (customer-managed keys, TLS only): add tiers: [data-protection]` });
    const lineage = [...(parent?.lineage ?? []), u.name];
    const resolved: ResolvedUnit = { name: u.name, parent: u.parent, lineage, kind, classification, tiers, children: [] };
    byName.set(u.name, resolved);
    units.push(resolved);
  }
  // Children lists, in input order.
  const withChildren = units.map((u) => ({ ...u, children: units.filter((c) => c.parent === u.name).map((c) => c.name) }));
  const top = withChildren.filter((u) => !u.parent);
  const quarantine = top.filter((u) => u.kind === "quarantine");
  if (quarantine.length !== 1 && problems.length === 0)
    problems.push({ path: "units", message: `has ${quarantine.length} top-level quarantine units: exactly one, where new tenancies wait until they are moved` });
  if (!withChildren.some((u) => u.kind === "workload") && problems.length === 0) problems.push({ path: "units", message: "has no workload unit: apps need one to be placed in" });
  return { units: withChildren, problems };
}

/** Units that have no children. */
export function leafUnits(units: readonly ResolvedUnit[]): ResolvedUnit[] {
  return units.filter((u) => u.children.length === 0);
}

/** Every tier enforced by at least one unit. */
export function tiersInUse(units: readonly ResolvedUnit[]): Tier[] {
  return TIERS.filter((t) => units.some((u) => u.tiers.includes(t)));
}
