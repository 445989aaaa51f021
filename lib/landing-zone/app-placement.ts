// Placing an app in a unit of a landing zone: reading the spec's `landingZone` field, checking the
// unit (pure, tested alone) and pointing the app's stack at the tenancy the zone vended.
import type { Construct } from "constructs";
import { type ConfidentialSupport, confidentialSupport } from "../core/confidential";
import { PlacementError, PolderError } from "../core/errors";
import type { TargetStack } from "../core/target-stack";
import { type FieldReader, show } from "../core/validate";
import { overlaps, parseCidr } from "../kinds/cidr";
import type { ComponentKind } from "../kinds/kind-names";
import { type Classification, isAtLeast } from "../policy/classification";
import type { PlacementVerdict } from "../policy/placement";
import type { LandingZone } from "./landing-zone";
import type { ResolvedTenancy } from "./spec";
import type { ResolvedUnit } from "./units";

/** Where an app runs inside a landing zone. */
export interface LandingZoneRef {
  /** Name of the landing zone (its spec's `name`) on the app's target. */
  readonly zone: string;
  /** Unit the app is placed in: a workload or sandbox unit. */
  readonly unit: string;
  /**
   * Tenancy of the unit the app runs in.
   * @default the tenancy named like the app, else the unit's only tenancy
   */
  readonly tenancy?: string;
}

const NAME = /^[a-z](?!.*--)[a-z0-9-]{0,18}[a-z0-9]$/;
const NAME_TEXT = "2 to 20 lower-case letters, digits and single hyphens";

/** Reads the app spec's `landingZone` field; undefined when absent or bad (issues recorded). */
export function readLandingZoneRef(r: FieldReader): LandingZoneRef | undefined {
  const z = r.object("landingZone");
  if (!z) return undefined;
  const zone = z.string("zone", { required: true, pattern: NAME, patternText: `a landing zone name: ${NAME_TEXT}` });
  const unit = z.string("unit", { required: true, pattern: NAME, patternText: `a unit name: ${NAME_TEXT}` });
  const tenancy = z.string("tenancy", { pattern: NAME, patternText: `a tenancy name: ${NAME_TEXT}` });
  z.rejectUnknown();
  return zone && unit ? { zone, unit, tenancy } : undefined;
}

/** Kinds that run machines: in a confidential unit they need confidential machine types. */
export const COMPUTE_KINDS: readonly ComponentKind[] = ["kubernetes", "vm-group"];

export interface ZonePlacementRequest {
  readonly classification: Classification;
  readonly kinds: readonly ComponentKind[];
  /** The app network's CIDR; it must not overlap the zone's hub. @default not checked */
  readonly cidr?: string;
}

/**
 * Whether an app may run in a unit: only workload and sandbox units take apps; the app's
 * classification must not exceed the unit's; `departementaal-vertrouwelijk` and above need the
 * data-protection tier; in a confidential unit, compute kinds need confidential machine types.
 */
export function evaluateZonePlacement(app: ZonePlacementRequest, unit: ResolvedUnit, confidential: ConfidentialSupport, hubCidr?: string): PlacementVerdict {
  if (unit.kind !== "workload" && unit.kind !== "sandbox")
    return { allowed: false, rule: "zone-unit-kind", reason: `unit '${unit.name}' is a ${unit.kind} unit: apps go in workload or sandbox units` };
  if (!unit.classification || !isAtLeast(unit.classification, app.classification))
    return { allowed: false, rule: "zone-unit-classification", reason: `unit '${unit.name}' holds at most '${unit.classification ?? "nothing"}', not '${app.classification}'` };
  if (isAtLeast(app.classification, "departementaal-vertrouwelijk") && !unit.tiers.includes("data-protection"))
    return { allowed: false, rule: "zone-unit-data-protection", reason: `'${app.classification}' needs a unit with the data-protection tier; unit '${unit.name}' has ${unit.tiers.length ? unit.tiers.join(", ") : "no tiers"}` };
  if (app.cidr && hubCidr) {
    const a = parseCidr(app.cidr);
    const h = parseCidr(hubCidr);
    if (typeof a !== "string" && typeof h !== "string" && overlaps(a, h))
      return { allowed: false, rule: "zone-hub-overlap", reason: `the app network ${app.cidr} overlaps the zone's hub ${hubCidr}: traffic through the hub could not be routed; choose network.cidr outside it` };
  }
  const compute = app.kinds.filter((k) => COMPUTE_KINDS.includes(k));
  if (unit.tiers.includes("confidential") && compute.length && !confidential.supported)
    return { allowed: false, rule: "zone-unit-confidential", reason: `unit '${unit.name}' allows confidential computing only, and ${[...new Set(compute)].join(" and ")} cannot get confidential machine types here: ${confidential.reason}` };
  return { allowed: true, rule: "zone-unit", reason: `unit '${unit.name}' holds up to '${unit.classification}'${unit.tiers.length ? ` with ${unit.tiers.join(", ")}` : ""}` };
}

/** The tenancy of `unit` an app runs in. */
export function chooseTenancy(appName: string, ref: LandingZoneRef, tenancies: readonly ResolvedTenancy[]): ResolvedTenancy {
  const inUnit = tenancies.filter((t) => t.unit === ref.unit);
  const listed = inUnit.length ? inUnit.map((t) => t.name).join(", ") : "none";
  if (ref.tenancy) {
    const t = tenancies.find((x) => x.name === ref.tenancy);
    if (!t || t.unit !== ref.unit) throw new PolderError(`landingZone.tenancy: ${show(ref.tenancy)} is not a tenancy of unit '${ref.unit}' in zone '${ref.zone}': its tenancies are ${listed}`);
    return t;
  }
  const named = inUnit.find((t) => t.name === appName);
  if (named) return named;
  if (inUnit.length === 1) return inUnit[0];
  throw new PolderError(`landingZone: unit '${ref.unit}' of zone '${ref.zone}' has ${inUnit.length} tenancies (${listed}) and none named '${appName}': set landingZone.tenancy`);
}

/**
 * Places an app's stack in a zone: checks the unit and points the stack at the tenancy (through
 * the zone's values, by cross-stack reference). Throws a PlacementError when the unit refuses.
 */
export function placeInLandingZone(
  scope: Construct,
  args: { app: { name: string; owner: string; classification: Classification; kinds: readonly ComponentKind[]; cidr?: string }; stack: TargetStack; zone: LandingZone; ref: LandingZoneRef },
): AppPlacement {
  const { app, stack, zone, ref } = args;
  if (zone.stack.target.name !== stack.target.name)
    throw new PolderError(`landing zone '${zone.spec.name}' is on target '${zone.stack.target.name}', the app '${app.name}' on '${stack.target.name}': place the app in the zone's stack on its own target`);
  const unit = zone.spec.units.find((u) => u.name === ref.unit);
  if (!unit) throw new PolderError(`landingZone.unit: ${show(ref.unit)} is not a unit of zone '${ref.zone}': units are ${zone.spec.units.map((u) => u.name).join(", ")}`);
  // Confidential machine types are the app realizer's to give (its kubernetes and vm-group), not the zone's.
  const verdict = evaluateZonePlacement(app, unit, confidentialSupport(stack.realizer, stack.target), zone.spec.hubNetwork.cidr);
  if (!verdict.allowed) throw new PlacementError(verdict.rule, app.classification, stack.target.name, verdict.reason);
  const tenancy = chooseTenancy(app.name, ref, zone.spec.tenancies);
  stack.addTags({ "landing-zone": zone.spec.name, tenancy: tenancy.name, ...tenancy.tags });
  const ctx = { app, stack, zone: zone.realized, unit, tenancy };
  zone.realizer.placeApp(scope, ctx);
  return { unit, tenancy, verdict, confidential: unit.tiers.includes("confidential"), attachNetwork: (network) => zone.realizer.attachNetwork?.(scope, { ...ctx, network }) };
}

/** Where an app was placed, and the step that connects its network once it exists. */
export interface AppPlacement {
  readonly unit: ResolvedUnit;
  readonly tenancy: ResolvedTenancy;
  readonly verdict: PlacementVerdict;
  /** The unit has the `confidential` tier: kubernetes and vm-group run on confidential machine types. */
  readonly confidential: boolean;
  attachNetwork(network: unknown): void;
}
