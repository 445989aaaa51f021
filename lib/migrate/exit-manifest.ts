// The exit manifest of an app on a target: what leaving that target takes. Every stateful
// resource with its export path and format, the provider-only features the app depends on, the
// keys and who holds them, and every configured target the app could move to today (placement
// and capabilities checked), with what blocks each. Built from the synthesized stack.
import type { ResolvedAppSpec } from "../app/spec";
import type { Target } from "../core/target";
import { chooseStrategy } from "../kinds/strategy";
import { evaluatePlacement } from "../policy/placement";
import { table } from "../report/markdown";
import { factsFor, lookup } from "../report/provider-facts";
import { buildSovereigntyReport, type PinEntry } from "../report/sovereignty-report";
import { deletionProtections, type StackJson, stackResources } from "../report/stack-json";

/** Version of the exit manifest's JSON schema; bumped on any incompatible change. */
export const EXIT_MANIFEST_VERSION = 1;

const STATEFUL_KINDS = ["postgres", "bucket", "log-sink", "secret", "key", "dns-zone"];

export interface StatefulEntry {
  readonly component: string;
  readonly kind: string;
  readonly strategy: string;
  /** Terraform addresses holding the state (the protected ones, else all of the component's). */
  readonly addresses: readonly string[];
  /** How its content leaves the target, in which format. */
  readonly export: string;
}

export interface DestinationEntry {
  readonly target: string;
  readonly kind: string;
  readonly description: string;
  readonly placement: { readonly allowed: boolean; readonly rule: string; readonly reason: string };
  /** Strategy per component at that target, or the reason there is none. */
  readonly components: readonly { readonly component: string; readonly kind: string; readonly strategy: string | null; readonly problem: string | null }[];
  readonly movable: boolean;
  readonly blockers: readonly string[];
  /** What would change without blocking: strategies that differ from today's, overrides that do not apply there. */
  readonly changes: readonly string[];
}

/** The exit manifest (JSON schema version 1; see README "Exit manifest"). */
export interface ExitManifest {
  readonly version: typeof EXIT_MANIFEST_VERSION;
  readonly app: { readonly name: string; readonly owner: string; readonly classification: string; readonly decision: string | null };
  readonly target: { readonly name: string; readonly kind: string; readonly description: string; readonly stack: string };
  readonly stateful: readonly StatefulEntry[];
  readonly providerFeatures: readonly PinEntry[];
  readonly keys: readonly { readonly component: string; readonly key: string; readonly custody: string; readonly holder: string }[];
  readonly destinations: readonly DestinationEntry[];
}

/**
 * Can `spec` run on `target` today: its placement verdict and a strategy for every component.
 * @param current the target the app runs on now, to name what would change
 */
export function assessDestination(spec: ResolvedAppSpec, target: Target, current?: Target): DestinationEntry {
  const verdict = evaluatePlacement(spec, target);
  const components = [{ name: "network", kind: "network" as const, strategy: undefined as string | undefined }, ...spec.components].map((c) => {
    try {
      return { component: c.name, kind: c.kind, strategy: chooseStrategy(c.kind, target, c.strategy, `components.${c.name}.strategy`), problem: null };
    } catch (e) {
      return { component: c.name, kind: c.kind, strategy: null, problem: (e as Error).message.replace(/\s*\n\s*/g, " ") };
    }
  });
  const blockers = [...(verdict.allowed ? [] : [`placement refused by rule '${verdict.rule}': ${verdict.reason}`]), ...components.filter((c) => c.problem).map((c) => `${c.component}: ${c.problem}`)];
  const changes: string[] = [];
  if (current) {
    for (const c of components) {
      if (!c.strategy) continue;
      const spec_ = spec.components.find((x) => x.name === c.component);
      let now: string | undefined;
      try {
        now = chooseStrategy(c.kind, current, spec_?.strategy);
      } catch {
        now = undefined;
      }
      if (now && now !== c.strategy) changes.push(`${c.component}: strategy ${now} → ${c.strategy}`);
    }
    if (current.id !== target.id)
      for (const c of spec.components) if (c.overrides[current.id] && Object.keys(c.overrides[current.id]!).length) changes.push(`${c.name}: overrides.${current.id} do not apply on ${target.id}`);
  }
  return {
    target: target.name,
    kind: target.id,
    description: target.description,
    placement: { allowed: verdict.allowed, rule: verdict.rule, reason: verdict.reason },
    components,
    movable: blockers.length === 0,
    blockers,
    changes,
  };
}

export interface ExitManifestInput {
  readonly spec: ResolvedAppSpec;
  readonly target: Target;
  readonly stackId: string;
  readonly json: StackJson;
  /** Every configured target: the ones the app could move to are assessed. */
  readonly targets: readonly Target[];
}

export function buildExitManifest(input: ExitManifestInput): ExitManifest {
  const { spec, target, json } = input;
  const facts = factsFor(target);
  const report = buildSovereigntyReport({ stackId: input.stackId, spec, target, verdict: evaluatePlacement(spec, target), json });
  const resources = stackResources(json);
  const protectedAddresses = new Set(deletionProtections(json, facts.protectingAttributes).map((p) => p.address));
  const stateful: StatefulEntry[] = [];
  const foundation = resources.filter((r) => r.component === "foundation" && protectedAddresses.has(r.address));
  if (foundation.length)
    stateful.push({ component: "foundation", kind: "foundation", strategy: "–", addresses: foundation.map((r) => r.address), export: "the app's platform resources (app key, access logs): keys are not exported; access logs are copied like a bucket where their retention requires" });
  for (const c of report.components.filter((c) => STATEFUL_KINDS.includes(c.kind))) {
    const own = resources.filter((r) => r.component === c.name);
    const held = own.filter((r) => protectedAddresses.has(r.address));
    stateful.push({
      component: c.name,
      kind: c.kind,
      strategy: c.strategy,
      addresses: (held.length ? held : own).map((r) => r.address),
      export: lookup(facts.exportPaths, c.kind, c.strategy) ?? `not described for target kind '${target.id}'`,
    });
  }
  return {
    version: EXIT_MANIFEST_VERSION,
    app: report.app,
    target: { name: target.name, kind: target.id, description: target.description, stack: input.stackId },
    stateful,
    providerFeatures: report.pins,
    keys: report.components.flatMap((c) => c.keys.filter((k) => k.custody !== "none").map((k) => ({ component: c.name, key: k.key, custody: k.custody, holder: k.holder }))),
    destinations: input.targets.filter((t) => t.name !== target.name).map((t) => assessDestination(spec, t, target)),
  };
}

export function renderExitManifest(m: ExitManifest): string {
  return [
    `# Exit manifest: ${m.app.name} on ${m.target.name}`,
    "",
    `Exit manifest format version ${m.version}. Built from the synthesized stack \`${m.target.stack}\` (${m.target.description}); classification ${m.app.classification}${m.app.decision ? `, decision ${m.app.decision}` : ""}.`,
    "",
    "## Stateful resources and how their content leaves",
    "",
    ...table(["component", "kind", "strategy", "resources", "export path and format"], m.stateful.map((s) => [s.component, s.kind, s.strategy, s.addresses.join(", "), s.export])),
    "",
    "## Provider-specific features the app depends on",
    "",
    ...(m.providerFeatures.length ? table(["type", "components", "what"], m.providerFeatures.map((p) => [p.type, p.components.join(", "), p.detail])) : ["None."]),
    "",
    "## Keys and who holds them",
    "",
    ...table(["component", "key", "custody", "held by"], m.keys.map((k) => [k.component, k.key, k.custody, k.holder])),
    "",
    "## Where the app could move today",
    "",
    ...(m.destinations.length
      ? table(
          ["target", "placement", "movable", "what blocks it", "what would change"],
          m.destinations.map((d) => [`${d.target} (${d.description})`, `${d.placement.allowed ? "allowed" : "refused"} (${d.placement.rule})`, d.movable ? "yes" : "no", d.blockers.join("; ") || "nothing", d.changes.join("; ") || "nothing"]),
        )
      : ["No other target is configured."]),
    "",
    "Checked: the placement rules and a strategy for every component on each configured target. `polder plan-migration --from <this target> --to <target>` writes the runbook.",
    "",
  ].join("\n");
}
