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


import { Testing } from "cdktf";
import type { Target } from "../../lib/core/target";
import { TargetStack } from "../../lib/core/target-stack";
import { LandingZone } from "../../lib/landing-zone/landing-zone";
import type { ResolvedLandingZoneSpec } from "../../lib/landing-zone/spec";

/** Synthesizes one landing zone on one target; `json` keeps cdktf's `//` comments. */
export function synthZone(spec: LandingZoneSpec | ResolvedLandingZoneSpec, target: Target): { json: any; stack: TargetStack; zone: LandingZone } {
  const app = Testing.app();
  const stack = new TargetStack(app, spec.name, { target });
  const zone = new LandingZone(stack, spec.name, { spec });
  return { json: JSON.parse(JSON.stringify(stack.toTerraform())), stack, zone };
}
