import { PolderError } from "../core/errors";
import type { Target } from "../core/target";
import { type LandingZoneRealizer, loadLandingZoneRealizer } from "../landing-zone/realizer";

/** Target ids that have a landing-zone realizer (every target kind). */
export const LANDING_ZONE_TARGET_IDS: readonly string[] = ["aws", "sovereign", "azure", "gcp"];

/**
 * The landing-zone realizer of a target, loaded lazily like app realizers: a target's
 * landing-zone code (and its provider bindings) loads only when a landing-zone stack uses it.
 */
export function landingZoneRealizerOf(target: Target): LandingZoneRealizer {
  switch (target.id) {
    case "aws":
      return loadLandingZoneRealizer("aws", () => require("./aws/landing-zone/realizer"));
    case "azure":
      return loadLandingZoneRealizer("azure", () => require("./azure/landing-zone/realizer"));
    case "sovereign":
      return loadLandingZoneRealizer("sovereign", () => require("./openstack/landing-zone/realizer"));
    case "gcp":
      return loadLandingZoneRealizer("gcp", () => require("./gcp/landing-zone/realizer"));
    default:
      throw new PolderError(`landing zones on target '${target.name}' (${target.id}) are planned, not built yet: ${LANDING_ZONE_TARGET_IDS.join(", ")} have them`);
  }
}
