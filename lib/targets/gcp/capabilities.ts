import type { Capabilities } from "../../core/target";
import { KIND_NAMES, type KindName } from "../../kinds/kind-names";
import { type UniverseProfile, universeName } from "./universes";

interface StrategyRule {
  readonly strategy: string;
  /** What the strategy builds, for notes and errors. */
  readonly what: string;
  /** Why the universe does not offer it; undefined when it does. */
  readonly lacks?: (u: UniverseProfile) => string | undefined;
}

/**
 * Strategies per kind on Google Cloud, best first. `managed` is the Google service for the kind;
 * the others are what a sovereign universe offers instead: `autopilot` (GKE Autopilot),
 * `storage` (a secret as an object in its own CMEK bucket), `external` (records for a DNS
 * outside the universe, as outputs).
 */
export const GCP_STRATEGIES: Readonly<Record<KindName, readonly StrategyRule[]>> = {
  network: [{ strategy: "managed", what: "custom-mode VPC, regional subnet, Cloud Router and NAT" }],
  key: [{ strategy: "managed", what: "Cloud KMS key" }],
  secret: [
    { strategy: "managed", what: "Secret Manager secret with user-managed replication and CMEK", lacks: (u) => (u.secretManager ? undefined : "Secret Manager is not offered") },
    { strategy: "storage", what: "a private CMEK bucket holding the secret as one object, readable by the app's workloads" },
  ],
  "log-sink": [{ strategy: "managed", what: "Cloud Logging bucket with CMEK and a sink" }],
  "dns-zone": [
    { strategy: "managed", what: "Cloud DNS zone (public zones with DNSSEC, private zones bound to the app network)" },
    { strategy: "external", what: "the records to create in a DNS outside Google Cloud, as an output" },
  ],
  bucket: [{ strategy: "managed", what: "Cloud Storage bucket" }],
  postgres: [{ strategy: "managed", what: "Cloud SQL for PostgreSQL with a private IP" }],
  kubernetes: [
    { strategy: "managed", what: "private GKE Standard cluster", lacks: (u) => (u.gkeStandard ? undefined : "GKE Standard is not offered (Autopilot only)") },
    { strategy: "autopilot", what: "private GKE Autopilot cluster" },
  ],
  "vm-group": [{ strategy: "managed", what: "regional managed instance group" }],
  "public-endpoint": [{ strategy: "managed", what: "regional external Application Load Balancer" }],
};

/** Offered strategies per kind (best first) and why a better one is missing. */
export function gcpCapabilities(u: UniverseProfile): { capabilities: Capabilities; missing: Partial<Record<KindName, string>> } {
  const capabilities = {} as Record<KindName, string[]>;
  const missing: Partial<Record<KindName, string>> = {};
  for (const kind of KIND_NAMES) {
    const rules = GCP_STRATEGIES[kind];
    capabilities[kind] = rules.filter((r) => !r.lacks?.(u)).map((r) => r.strategy);
    if (capabilities[kind].length === 0) missing[kind] = rules.map((r) => `${r.strategy}: ${r.lacks?.(u)} in ${universeName(u)}`).join("; ");
  }
  return { capabilities, missing };
}

/** Why this strategy was used, written next to the resource it made (`"//": { "polder": … }`). */
export function explainGcpStrategy(kind: KindName, strategy: string, u: UniverseProfile, extra?: string): string {
  const rules = GCP_STRATEGIES[kind];
  const rule = rules.find((r) => r.strategy === strategy);
  if (!rule) return `${kind}: strategy '${strategy}'`;
  const skipped = rules.slice(0, rules.indexOf(rule)).map((r) => {
    const lack = r.lacks?.(u);
    return lack ? `${r.strategy}: ${lack} in ${universeName(u)}` : `${r.strategy} is offered but the spec pinned '${strategy}'`;
  });
  if (extra) skipped.push(extra);
  return `${kind} as ${strategy}: ${rule.what}${skipped.length ? ` (fallback: ${skipped.join("; ")})` : ""}`;
}
