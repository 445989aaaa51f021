import type { LandingZoneSpec } from "../../lib/landing-zone/spec";

/** A minimal valid zone; `extra` replaces top-level fields. */
export function zoneWith(extra: Partial<Record<keyof LandingZoneSpec, unknown>> = {}): LandingZoneSpec {
  return {
    name: "zone",
    owner: "platform",
    units: { apps: { kind: "workload", classification: "intern" }, quarantine: { kind: "quarantine" } },
    identity: { adminGroups: { apps: "GG-Apps" }, breakGlass: [{ name: "bg-one", contact: "a@example.nl" }, { name: "bg-two", contact: "b@example.nl" }] },
    budgets: { monthly: 100, contacts: ["finance@example.nl"] },
    ...extra,
  } as LandingZoneSpec;
}

