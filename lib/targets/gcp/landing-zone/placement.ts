import type { ResolvedLandingZoneSpec } from "../../../landing-zone/spec";

/** Where a platform project goes: the platform unit named for its purpose, else the first platform unit, else the zone's folder. */
export interface PlatformHomes {
  /** Unit of the audit project (`management`, `security` or another platform unit); undefined: the zone folder. */
  readonly audit?: string;
  /** Unit of the hub's host project (`connectivity` or another platform unit); undefined: the zone folder. */
  readonly hub?: string;
}

/** Pure: the platform unit each platform project lives in. */
export function platformHomes(spec: ResolvedLandingZoneSpec): PlatformHomes {
  const platform = spec.units.filter((u) => u.kind === "platform");
  const named = (...names: string[]) => names.map((n) => platform.find((u) => u.name === n)).find((u) => u !== undefined)?.name;
  const fallback = platform.find((u) => u.children.length === 0)?.name ?? platform[0]?.name;
  return { audit: named("management", "security") ?? fallback, hub: named("connectivity") ?? fallback };
}
