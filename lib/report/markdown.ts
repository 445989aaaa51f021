// Markdown for people who sign off: plain sentences and tables, nothing a reader must decode.
import type { FleetSummary, SovereigntyReport } from "./sovereignty-report";

/** A table cell: no line breaks, no unescaped pipes. */
export function cell(value: unknown): string {
  const text = value === null || value === undefined || value === "" ? "–" : String(value);
  return text.replace(/\|/g, "\\|").replace(/\r?\n/g, " ");
}

export function table(header: readonly string[], rows: readonly (readonly unknown[])[]): string[] {
  return [`| ${header.join(" | ")} |`, `|${header.map(() => "---").join("|")}|`, ...rows.map((r) => `| ${r.map(cell).join(" | ")} |`)];
}

/** Each key once, with the components it protects. */
function uniqueKeys(r: SovereigntyReport): { key: string; custody: string; holder: string; components: string[] }[] {
  const byKey = new Map<string, { key: string; custody: string; holder: string; components: string[] }>();
  for (const c of r.components)
    for (const k of c.keys) {
      const id = `${k.key}\u0000${k.holder}`;
      if (!byKey.has(id)) byKey.set(id, { key: k.key, custody: k.custody, holder: k.holder, components: [] });
      byKey.get(id)!.components.push(c.name);
    }
  return [...byKey.values()];
}

export function renderSovereigntyReport(r: SovereigntyReport): string {
  const s = r.target.sovereignty;
  const lines: string[] = [
    `# Sovereignty report: ${r.stack}`,
    "",
    `Report format version ${r.version}. Built from the synthesized stack \`${r.stack}\` (cdk.tf.json); every statement below is read from it.`,
    "",
    "## Application and placement",
    "",
    `- Application: **${r.app.name}** (owner ${r.app.owner})`,
    `- Classification: **${r.app.classification}**`,
    `- Placement: ${r.placement.allowed ? "allowed" : "REFUSED"} by rule \`${r.placement.rule}\`: ${r.placement.reason}`,
    `- Decision reference: ${r.placement.decision ?? (r.app.decision ? `${r.app.decision} (in the spec; not needed for this placement)` : "none needed")}`,
    "",
    "## Target and sovereignty profile",
    "",
    `- Target: **${r.target.name}** (${r.target.description}), kind \`${r.target.kind}\``,
    `- Operator jurisdiction: ${s.operatorJurisdiction}; public cloud: ${s.publicCloud ? "yes" : "no"}`,
    `- EU residency: ${s.euResident ? "yes" : "NO"}${s.partition ? `; partition/universe: ${s.partition}` : ""}`,
    `- Key custody offered: ${s.keyCustody.join(", ") || "none"}`,
    `- Accredited up to: ${s.accreditedUpTo ?? "not declared (defaults apply)"}`,
    `- SEAL levels: ${Object.keys(s.seal).length ? Object.entries(s.seal).map(([k, v]) => `${k} ${v}`).join(", ") : "not known"}`,
    `- Provider configuration: ${r.target.providers.map((p) => `${p.provider}${p.cloud ? ` cloud '${p.cloud}'` : ""}${p.region ? ` region ${p.region}` : ""}`).join("; ") || "–"}`,
    "",
    "## Components",
    "",
    ...(new Set(r.components.map((c) => c.dataLocation)).size === 1 ? [`All data of this stack lives in ${r.components[0].dataLocation}.`, ""] : []),
    ...table(
      ["component", "kind", "strategy", "fallback (why not the best strategy)", ...(new Set(r.components.map((c) => c.dataLocation)).size === 1 ? [] : ["data lives in"]), "protected by key"],
      r.components.map((c) => [c.name, c.kind, c.strategy, c.fallback ?? "none", ...(new Set(r.components.map((x) => x.dataLocation)).size === 1 ? [] : [c.dataLocation]), c.keys.map((k) => k.key).join(", ")]),
    ),
    "",
    "## Keys and who holds them",
    "",
    ...table(
      ["key", "custody", "held by", "protects"],
      uniqueKeys(r).map((k) => [k.key, k.custody, k.holder, k.components.join(", ")]),
    ),
    "",
    "## What ties this app to the provider",
    "",
    ...(r.pins.length ? table(["type", "components", "what"], r.pins.map((p) => [p.type, p.components.join(", "), p.detail])) : ["Nothing: no overrides, no pinned strategies, no provider-only features."]),
    "",
    "## Security-scan (Checkov) checks skipped in this stack",
    "",
    ...(r.checkovSkips.length ? table(["check", "resource", "component", "reason"], r.checkovSkips.map((k) => [k.id, k.address, k.component, k.comment])) : ["None."]),
    "",
    "## Landing-zone controls",
    "",
    ...(r.landingZone.zone
      ? [
          `Zone: ${r.landingZone.zone}${r.landingZone.unit ? `, unit ${r.landingZone.unit}` : ""}${r.landingZone.stack ? ` (stack ${r.landingZone.stack}, its landing-zone-controls.json)` : ""}: the baseline and the unit's tiers`,
          "",
          ...table(["enforced control", "how"], r.landingZone.enforced.map((c) => [c.control, c.detail])),
          "",
          ...table(["control not enforceable here", "why"], r.landingZone.notEnforceable.map((c) => [c.control, c.reason])),
        ]
      : ["The app is not placed in a landing zone: no zone controls apply."]),
    "",
  ];
  return lines.join("\n");
}

export function renderFleetSummary(f: FleetSummary): string {
  return [
    "# Sovereignty summary of the fleet",
    "",
    `Report format version ${f.version}. Per stack: \`stacks/<stack>/sovereignty.md\`.`,
    "",
    ...table(
      ["stack", "app", "owner", "target", "classification", "placement rule", "decision", "fallbacks", "provider ties", "Checkov skips"],
      f.stacks.map((s) => [s.stack, s.app, s.owner, `${s.target} (${s.targetKind})`, s.classification, s.rule, s.decision ?? "–", s.fallbacks, s.pins, s.checkovSkips]),
    ),
    "",
    "## Left out by the placement rules",
    "",
    ...(f.leftOut.length ? table(["app", "target", "rule", "reason"], f.leftOut.map((l) => [l.app, l.target, l.rule, l.reason])) : ["Nothing."]),
    "",
  ].join("\n");
}
