// What a landing zone enforces, neutrally: the catalogue of controls every target's realizer must
// answer for, and the report each landing-zone stack writes beside itself. A control a target
// cannot enforce is reported with the reason, never left out.
import type { Tier } from "./units";

/** `baseline` controls apply to the whole zone; the others to the units that enforce that tier. */
export type ControlScope = "baseline" | Tier;

export interface ControlDefinition {
  readonly id: string;
  readonly scope: ControlScope;
  /** What the control guarantees, in one line, target-blind. */
  readonly title: string;
}

/** Every control of a landing zone. Ids are a contract: reports and the README table use them. */
export const CONTROLS = [
  { id: "hierarchy", scope: "baseline", title: "units form a hierarchy that policies and roles attach to" },
  { id: "tenancy-vending", scope: "baseline", title: "each tenancy is its own account/subscription/project in its unit" },
  { id: "eu-regions", scope: "baseline", title: "resources can only be created in EU regions (global services exempt)" },
  { id: "deny-leave-organization", scope: "baseline", title: "a tenancy cannot leave the organization" },
  { id: "audit-trail", scope: "baseline", title: "one audit trail of every tenancy's control-plane actions" },
  { id: "audit-immutable", scope: "baseline", title: "audit records cannot be changed or deleted during retention" },
  { id: "audit-encrypted", scope: "baseline", title: "audit records are encrypted with a customer-managed key" },
  { id: "protect-security-services", scope: "baseline", title: "tenancies cannot switch off the audit trail or security services" },
  { id: "deny-root-use", scope: "baseline", title: "the all-powerful root identity of a tenancy cannot be used" },
  { id: "threat-detection", scope: "baseline", title: "threat detection on every tenancy" },
  { id: "security-posture", scope: "baseline", title: "configuration recording and security-posture findings for every tenancy" },
  { id: "access-analysis", scope: "baseline", title: "access granted outside the organization is found" },
  { id: "default-encryption", scope: "baseline", title: "block storage is encrypted by default in vended tenancies" },
  { id: "public-access-block", scope: "baseline", title: "object storage cannot be made public in vended tenancies" },
  { id: "hub-network", scope: "baseline", title: "a hub network every tenancy connects to" },
  { id: "central-egress", scope: "baseline", title: "internet egress only through the hub (firewall or NAT)" },
  { id: "admin-groups", scope: "baseline", title: "an admin group per unit, roles inherited down the tree" },
  { id: "break-glass", scope: "baseline", title: "two break-glass identities outside single sign-on" },
  { id: "break-glass-mfa", scope: "baseline", title: "break-glass access requires multi-factor authentication" },
  { id: "budgets", scope: "baseline", title: "a monthly budget per tenancy that notifies its contacts" },
  { id: "quotas", scope: "baseline", title: "resource quotas per tenancy" },
  { id: "required-tags", scope: "baseline", title: "the zone's required tags are enforced" },
  { id: "residency-home-region", scope: "residency", title: "units with residency keep resources in the zone's home region" },
  { id: "customer-managed-keys", scope: "data-protection", title: "data stores must be encrypted with customer-managed keys" },
  { id: "tls-only", scope: "data-protection", title: "data is only reached over TLS" },
  { id: "confidential-compute", scope: "confidential", title: "workloads run only on confidential-computing machines" },
] as const satisfies readonly ControlDefinition[];

export type ControlId = (typeof CONTROLS)[number]["id"];

/**
 * - `enforced`: a resource or policy of this stack enforces it.
 * - `structural`: true by the target's nature, nothing to enforce (e.g. residency on an in-house cloud).
 * - `partial`: enforced in part; `reason` says what is missing.
 * - `not-enforced`: this target cannot enforce it; `reason` says why.
 */
export type ControlStatus = "enforced" | "structural" | "partial" | "not-enforced";

/** A realizer's answer for one control. */
export interface ControlResult {
  readonly id: ControlId;
  readonly status: ControlStatus;
  /** How it is enforced, or what the target does instead. */
  readonly how: string;
  /** Provider resource types that enforce it (empty when nothing does). */
  readonly resources: readonly string[];
  /** Required unless `enforced`: why not, or why nothing is needed. */
  readonly reason?: string;
}

export interface TierControls {
  readonly enforced: readonly ControlId[];
  readonly notEnforced: readonly { readonly id: ControlId; readonly status: ControlStatus; readonly reason: string }[];
  /** Units enforcing the tier (every unit for `baseline`). */
  readonly units: readonly string[];
}

/** The JSON each landing-zone stack writes beside itself (`landing-zone-controls.json`). */
export interface LandingZoneControlsReport {
  readonly zone: string;
  readonly stack: string;
  readonly target: { readonly id: string; readonly name: string; readonly description: string };
  readonly tiers: Readonly<Record<ControlScope, TierControls>>;
  readonly controls: readonly (ControlResult & { readonly scope: ControlScope; readonly title: string })[];
}

export const CONTROLS_FILE = "landing-zone-controls.json";

/**
 * Checks a realizer's answers: every control answered exactly once, a reason wherever a control
 * is not simply enforced. Throws on a realizer bug, so a control can never go missing silently.
 */
export function checkControlResults(target: string, results: readonly ControlResult[]): void {
  const problems: string[] = [];
  for (const c of CONTROLS) {
    const n = results.filter((r) => r.id === c.id).length;
    if (n !== 1) problems.push(`control '${c.id}' answered ${n} times`);
  }
  for (const r of results) {
    if (!CONTROLS.some((c) => c.id === r.id)) problems.push(`unknown control '${r.id}'`);
    if (r.status !== "enforced" && !r.reason?.trim()) problems.push(`control '${r.id}' is ${r.status} without a reason`);
  }
  if (problems.length) throw new Error(`landing-zone realizer of target '${target}': ${problems.join("; ")}`);
}

/** Builds the report from a realizer's answers; pure. */
export function buildControlsReport(args: {
  zone: string;
  stack: string;
  target: { id: string; name: string; description: string };
  units: readonly { name: string; tiers: readonly Tier[] }[];
  results: readonly ControlResult[];
}): LandingZoneControlsReport {
  const byId = new Map(args.results.map((r) => [r.id, r]));
  const controls = CONTROLS.map((c) => ({ ...byId.get(c.id)!, scope: c.scope as ControlScope, title: c.title }));
  const scopes: ControlScope[] = ["baseline", "residency", "data-protection", "confidential"];
  const tiers = Object.fromEntries(
    scopes.map((scope) => {
      const mine = controls.filter((c) => c.scope === scope);
      return [
        scope,
        {
          enforced: mine.filter((c) => c.status === "enforced").map((c) => c.id),
          notEnforced: mine.filter((c) => c.status !== "enforced").map((c) => ({ id: c.id, status: c.status, reason: c.reason! })),
          units: args.units.filter((u) => scope === "baseline" || u.tiers.includes(scope)).map((u) => u.name),
        },
      ];
    }),
  ) as unknown as Record<ControlScope, TierControls>;
  return { zone: args.zone, stack: args.stack, target: args.target, tiers, controls };
}
