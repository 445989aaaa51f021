// The sovereignty report of one stack: pure functions from the spec, the target, the placement
// verdict and the stack's synthesized JSON. Everything it states about the stack is read from
// that JSON (strategies from the connection outputs, fallbacks from the strategy notes, keys from
// the references between resources, skips from the `//` comments), so it cannot drift from it.
import type { ResolvedAppSpec } from "../app/spec";
import type { Target } from "../core/target";
import type { PlacementVerdict } from "../policy/placement";
import { factsFor, lookup } from "./provider-facts";
import { connectionOf, dataSourceSkips, fallbackOf, providerLocation, referencedAddresses, type StackJson, stackResources, type StackResource } from "./stack-json";

/** Version of the report's JSON schema; bumped on any incompatible change. */
export const SOVEREIGNTY_REPORT_VERSION = 1;

/** A key that protects a component's data, and who holds it. */
export interface KeyCustodyEntry {
  /** What the key is, e.g. `aws_kms_key.logistics_foundation_aws_key_C5BDBADF` or `SSE-S3 of the object store`. */
  readonly key: string;
  /** Terraform address of the key when the stack manages it; null for keys of the platform. */
  readonly address: string | null;
  /** `customer-managed` (the app's own key), `provider-managed` or `none`. */
  readonly custody: "customer-managed" | "provider-managed" | "none";
  readonly holder: string;
}

export interface ComponentReport {
  readonly name: string;
  readonly kind: string;
  /** Strategy as the stack's `<name>_connection` output states it. */
  readonly strategy: string;
  /** Why the best strategy was not taken (from the strategy note), or null. */
  readonly fallback: string | null;
  /** Polder's strategy note on the component's main resource, or null. */
  readonly note: string | null;
  /** Where the component's data lives: target, cloud, region. */
  readonly dataLocation: string;
  readonly keys: readonly KeyCustodyEntry[];
  /** Number of Terraform resources of the component. */
  readonly resources: number;
}

/** Something that ties the app to this provider. */
export interface PinEntry {
  readonly type: "override" | "pinned-strategy" | "provider-feature";
  /** Components concerned (empty for app-wide features). */
  readonly components: readonly string[];
  readonly detail: string;
}

export interface CheckovSkipEntry {
  readonly address: string;
  readonly component: string;
  readonly id: string;
  readonly comment: string;
}

/** Controls of the landing zone the app runs in (filled by the landing zone; empty otherwise). */
export interface LandingZoneControls {
  /** The zone's name; null when the app is in no zone. */
  readonly zone: string | null;
  /** The unit the app is placed in, and the zone's stack. @default null */
  readonly unit?: string | null;
  readonly stack?: string | null;
  readonly enforced: readonly { control: string; detail: string }[];
  readonly notEnforceable: readonly { control: string; reason: string }[];
}

/** The sovereignty report of one stack (JSON schema version 1; see README "Sovereignty report"). */
export interface SovereigntyReport {
  readonly version: typeof SOVEREIGNTY_REPORT_VERSION;
  readonly stack: string;
  readonly app: { readonly name: string; readonly owner: string; readonly classification: string; readonly decision: string | null };
  readonly placement: { readonly allowed: boolean; readonly rule: string; readonly reason: string; readonly decision: string | null };
  readonly target: {
    readonly name: string;
    readonly kind: string;
    readonly description: string;
    readonly region: string;
    readonly providers: readonly { provider: string; region?: string; cloud?: string }[];
    readonly sovereignty: {
      readonly operatorJurisdiction: string;
      readonly publicCloud: boolean;
      readonly euResident: boolean;
      readonly partition: string | null;
      readonly keyCustody: readonly string[];
      readonly accreditedUpTo: string | null;
      readonly seal: Readonly<Record<string, number>>;
    };
  };
  readonly components: readonly ComponentReport[];
  readonly pins: readonly PinEntry[];
  readonly checkovSkips: readonly CheckovSkipEntry[];
  readonly landingZone: LandingZoneControls;
}

export interface SovereigntyReportInput {
  readonly stackId: string;
  readonly spec: ResolvedAppSpec;
  readonly target: Target;
  readonly verdict: PlacementVerdict;
  readonly json: StackJson;
  /** @default no landing zone: empty controls */
  readonly landingZone?: LandingZoneControls;
}

const NO_ZONE: LandingZoneControls = { zone: null, enforced: [], notEnforceable: [] };

/** Where a stack's data lives, from its provider blocks. */
export function dataLocationOf(target: Target, json: StackJson): string {
  const where = providerLocation(json)
    .map((p) => [p.cloud && `cloud '${p.cloud}'`, p.region && `region ${p.region}`].filter(Boolean).join(", "))
    .filter(Boolean);
  const partition = target.sovereignty.partition ? `, partition ${target.sovereignty.partition}` : "";
  return `${target.name} (${target.id}${partition}): ${where.join("; ") || target.region}${target.sovereignty.euResident ? ", EU" : ", outside the EU"}`;
}

/** The keys protecting a component's data: the customer-managed keys its resources use (or are), else the platform's encryption. */
export function keysOf(target: Target, kind: string, strategy: string, resources: readonly StackResource[]): KeyCustodyEntry[] {
  const facts = factsFor(target);
  const addresses = new Set<string>();
  for (const r of resources) {
    // A key is its own protection; what it references (e.g. another key's policy) is not.
    if (facts.keyTypes.includes(r.type)) {
      addresses.add(r.address);
      continue;
    }
    for (const a of referencedAddresses(r.config)) if (facts.keyTypes.includes(a.split(".")[0])) addresses.add(a);
  }
  if (addresses.size > 0) return [...addresses].sort().map((address) => ({ key: address, address, custody: "customer-managed", holder: facts.keyHolder(target) }));
  const implicit = lookup(facts.implicitKeys, kind, strategy);
  if (!implicit) return [{ key: "not described for this target kind", address: null, custody: "none", holder: "unknown: check the stack" }];
  const volumeTypes = new Set<string>();
  const findVolumeTypes = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(findVolumeTypes);
    else if (v && typeof v === "object") for (const [k, x] of Object.entries(v)) k === "volume_type" && typeof x === "string" ? volumeTypes.add(x) : findVolumeTypes(x);
  };
  resources.forEach((r) => findVolumeTypes(r.config));
  const key = volumeTypes.size ? `${implicit.key}: volume type ${[...volumeTypes].map((v) => `'${v}'`).join(", ")}` : implicit.key;
  return [{ key, address: null, custody: implicit.custody ?? (implicit.key.startsWith("none") ? "none" : "provider-managed"), holder: implicit.holder }];
}

/** Builds the report of one stack. */
export function buildSovereigntyReport(input: SovereigntyReportInput): SovereigntyReport {
  const { spec, target, verdict, json } = input;
  const facts = factsFor(target);
  const resources = stackResources(json);
  const byComponent = (name: string) => resources.filter((r) => r.component === name);
  const location = dataLocationOf(target, json);

  const componentReport = (name: string, kind: string, strategy: string): ComponentReport => {
    const own = byComponent(name);
    const note = own.find((r) => r.note)?.note;
    return {
      name,
      kind,
      strategy,
      fallback: fallbackOf(note) ?? null,
      note: note ?? null,
      dataLocation: location,
      keys: keysOf(target, kind, strategy, own),
      resources: own.length,
    };
  };
  const networkStrategy = typeof json.output?.network_strategy?.value === "string" ? (json.output.network_strategy.value as string) : "unknown";
  const components = [
    componentReport("network", "network", networkStrategy),
    ...spec.components.map((c) => componentReport(c.name, c.kind, connectionOf(json, c.name)?.strategy ?? "unknown")),
  ];

  const pins: PinEntry[] = [];
  for (const c of spec.components) {
    const o = c.overrides[target.id];
    if (o && Object.keys(o).length) pins.push({ type: "override", components: [c.name], detail: `overrides.${target.id}: ${Object.entries(o).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(", ")}` });
    if (c.strategy) pins.push({ type: "pinned-strategy", components: [c.name], detail: `strategy pinned to '${c.strategy}'` });
  }
  for (const [type, feature] of Object.entries(facts.providerFeatures)) {
    const users = [...new Set(resources.filter((r) => r.type === type).map((r) => r.component))].sort();
    if (users.length) pins.push({ type: "provider-feature", components: users, detail: `${feature} (${type})` });
  }

  const checkovSkips: CheckovSkipEntry[] = [
    ...resources.flatMap((r) => r.checkovSkips.map((s) => ({ address: r.address, component: r.component, id: s.id, comment: s.comment }))),
    ...dataSourceSkips(json),
  ];

  const s = target.sovereignty;
  return {
    version: SOVEREIGNTY_REPORT_VERSION,
    stack: input.stackId,
    app: { name: spec.name, owner: spec.owner, classification: spec.classification, decision: spec.decision ?? null },
    placement: { allowed: verdict.allowed, rule: verdict.rule, reason: verdict.reason, decision: verdict.rule === "dv-decision" ? (spec.decision ?? null) : null },
    target: {
      name: target.name,
      kind: target.id,
      description: target.description,
      region: target.region,
      providers: providerLocation(json),
      sovereignty: {
        operatorJurisdiction: s.operatorJurisdiction,
        publicCloud: s.publicCloud,
        euResident: s.euResident,
        partition: s.partition ?? null,
        keyCustody: [...s.keyCustody],
        accreditedUpTo: s.accreditedUpTo ?? null,
        seal: { ...(s.seal ?? {}) },
      },
    },
    components,
    pins,
    checkovSkips,
    landingZone: input.landingZone ?? NO_ZONE,
  };
}

/** One line per stack in the fleet summary. */
export interface FleetEntry {
  readonly stack: string;
  readonly app: string;
  readonly owner: string;
  readonly target: string;
  readonly targetKind: string;
  readonly classification: string;
  readonly rule: string;
  readonly decision: string | null;
  readonly fallbacks: number;
  readonly pins: number;
  readonly checkovSkips: number;
}

/** The fleet summary (`sovereignty.json` at the root of the output; JSON schema version 1). */
export interface FleetSummary {
  readonly version: typeof SOVEREIGNTY_REPORT_VERSION;
  readonly stacks: readonly FleetEntry[];
  /** (app, target) pairs the placement rules refused, with the rule. */
  readonly leftOut: readonly { app: string; target: string; rule: string; reason: string }[];
}

export function buildFleetSummary(reports: readonly SovereigntyReport[], leftOut: FleetSummary["leftOut"] = []): FleetSummary {
  return {
    version: SOVEREIGNTY_REPORT_VERSION,
    stacks: reports.map((r) => ({
      stack: r.stack,
      app: r.app.name,
      owner: r.app.owner,
      target: r.target.name,
      targetKind: r.target.kind,
      classification: r.app.classification,
      rule: r.placement.rule,
      decision: r.placement.decision,
      fallbacks: r.components.filter((c) => c.fallback).length,
      pins: r.pins.length,
      checkovSkips: r.checkovSkips.length,
    })),
    leftOut: leftOut.map((l) => ({ app: l.app, target: l.target, rule: l.rule, reason: l.reason })),
  };
}
