import type { Capabilities } from "../../core/target";
import { KIND_NAMES, type KindName } from "../../kinds/kind-names";
import { type ResolvedServices, SERVICE_LABELS, type ServiceName } from "./services";

/** Target settings a strategy needs besides services. */
export type Setting = "s3Endpoint" | "externalKeyManager";

interface StrategyRule {
  readonly strategy: string;
  /** What the strategy builds, for notes and errors. */
  readonly what: string;
  readonly services: readonly ServiceName[];
  readonly settings?: readonly Setting[];
}

const SETTING_LABELS: Readonly<Record<Setting, string>> = {
  s3Endpoint: "the target prop s3Endpoint (URL of the cloud's S3 API)",
  externalKeyManager: "the target prop externalKeyManager ({ name, keyRef })",
};

const VM = ["compute", "images", "blockStorage"] as const;

/**
 * Strategies per kind, best first, with what each needs. `managed` is the cloud's own service for
 * the kind; `vm` runs it on Nova instances; `external` leaves it to a system outside this cloud.
 */
export const SOVEREIGN_STRATEGIES: Readonly<Record<KindName, readonly StrategyRule[]>> = {
  network: [{ strategy: "managed", what: "Neutron network, subnets and router", services: ["network"] }],
  key: [
    { strategy: "managed", what: "Barbican key", services: ["keyManager"] },
    { strategy: "external", what: "key in the external key manager", services: [], settings: ["externalKeyManager"] },
  ],
  secret: [
    { strategy: "managed", what: "Barbican secret", services: ["keyManager"] },
    { strategy: "external", what: "secret in the external key manager", services: [], settings: ["externalKeyManager"] },
  ],
  "log-sink": [
    { strategy: "s3", what: "versioned bucket on the S3-compatible object storage", services: ["s3", "identity"], settings: ["s3Endpoint"] },
    { strategy: "swift", what: "versioned Swift container", services: ["swift"] },
  ],
  "dns-zone": [
    { strategy: "managed", what: "Designate zone and records", services: ["dns"] },
    { strategy: "external", what: "records to create in an external DNS, as outputs", services: [] },
  ],
  bucket: [
    { strategy: "s3", what: "bucket on the S3-compatible object storage with EC2-style credentials", services: ["s3", "identity"], settings: ["s3Endpoint"] },
    { strategy: "swift", what: "versioned Swift container", services: ["swift"] },
  ],
  postgres: [
    { strategy: "managed", what: "Trove PostgreSQL instance", services: ["database"] },
    { strategy: "vm", what: "PostgreSQL on a Nova instance with an encrypted data volume", services: [...VM, "network"] },
  ],
  kubernetes: [
    { strategy: "managed", what: "Magnum cluster", services: ["kubernetes", "loadBalancer"] },
    { strategy: "vm", what: "k3s on Nova instances behind an Octavia load balancer", services: [...VM, "network", "loadBalancer"] },
  ],
  "vm-group": [{ strategy: "managed", what: "Nova instances booted from encrypted volumes", services: [...VM, "network"] }],
  "public-endpoint": [
    { strategy: "managed", what: "Octavia load balancer terminating TLS with a Barbican certificate", services: ["loadBalancer", "keyManager", "network"] },
    {
      strategy: "external",
      what: "Octavia load balancer passing TLS through to the backends, which serve the certificate kept in the external key manager",
      services: ["loadBalancer", "network"],
      settings: ["externalKeyManager"],
    },
  ],
};

export interface CapabilityInput {
  readonly services: ResolvedServices;
  readonly settings: Readonly<Record<Setting, boolean>>;
}

/** What one strategy lacks on this cloud; empty when it is offered. */
function lacking(rule: StrategyRule, input: CapabilityInput): string[] {
  return [
    ...rule.services.filter((s) => !input.services[s]).map((s) => SERVICE_LABELS[s]),
    ...(rule.settings ?? []).filter((s) => !input.settings[s]).map((s) => SETTING_LABELS[s]),
  ];
}

/** Offered strategies per kind (best first) and, for kinds without any, what is missing. */
export function sovereignCapabilities(input: CapabilityInput): { capabilities: Capabilities; missing: Partial<Record<KindName, string>> } {
  const capabilities = {} as Record<KindName, string[]>;
  const missing: Partial<Record<KindName, string>> = {};
  for (const kind of KIND_NAMES) {
    const rules = SOVEREIGN_STRATEGIES[kind];
    capabilities[kind] = rules.filter((r) => lacking(r, input).length === 0).map((r) => r.strategy);
    if (capabilities[kind].length === 0)
      missing[kind] = rules.map((r) => `${r.strategy} (${r.what}) needs ${lacking(r, input).join(" and ")}`).join("; ");
  }
  return { capabilities, missing };
}

/**
 * Why this strategy was used: shown in the synthesized JSON next to the resource it made, so a
 * reader of a plan sees a fallback without reading Polder's code.
 */
export function explainStrategy(kind: KindName, strategy: string, input: CapabilityInput): string {
  const rules = SOVEREIGN_STRATEGIES[kind];
  const rule = rules.find((r) => r.strategy === strategy);
  if (!rule) return `${kind}: strategy '${strategy}'`;
  const better = rules.slice(0, rules.indexOf(rule));
  const skipped = better.map((r) => {
    const lack = lacking(r, input);
    return lack.length ? `${r.strategy} needs ${lack.join(" and ")}` : `${r.strategy} is offered but the spec pinned '${strategy}'`;
  });
  return `${kind} as ${strategy}: ${rule.what}${skipped.length ? ` (fallback: ${skipped.join("; ")})` : ""}`;
}
