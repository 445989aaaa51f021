// Ids of existing Azure objects a landing zone on Azure needs and its neutral spec cannot say:
// the subscriptions its tenancies are (referenced, not created) and the Entra ID object ids of the
// groups and break-glass accounts it names. They come from the Azure target (`landingZones` prop),
// are checked there for shape and here, against the spec, for completeness. Pure: no bindings.
import type { Issue } from "../../../core/errors";
import { PolderError } from "../../../core/errors";
import type { ResolvedLandingZoneSpec } from "../../../landing-zone/spec";

/** What one zone on an Azure target refers to. */
export interface AzureLandingZoneIds {
  /**
   * The existing subscription of every tenancy of the zone, by tenancy name (a GUID each). The
   * zone moves each into its unit's management group; it never creates or cancels a subscription.
   */
  readonly subscriptions: Readonly<Record<string, string>>;
  /**
   * Entra ID object id of every admin group (`identity.adminGroups` values) and break-glass
   * identity (`identity.breakGlass[].name`) of the zone, by that name (a GUID each).
   */
  readonly principals: Readonly<Record<string, string>>;
  /**
   * Entra ID object id of the identity that deploys apps into a tenancy, by tenancy name. The zone
   * lets it peer the app's VNet with the hub (a custom role on the hub VNet: peerings only) and
   * send the app's logs to the zone's workspace (Log Analytics Contributor there).
   * @default {} (grant those rights out of band, or apps placed in the zone cannot attach)
   */
  readonly appDeployers?: Readonly<Record<string, string>>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ZONE = /^[a-z](?!.*--)[a-z0-9-]{0,18}[a-z0-9]$/;
const show = (v: unknown) => JSON.stringify(v) ?? String(v);

/** Reads the Azure target's `landingZones` prop; problems go to `issues`, paths from `landingZones`. */
export function readAzureLandingZoneIds(raw: unknown, issues: Issue[]): Readonly<Record<string, AzureLandingZoneIds>> | undefined {
  if (raw === undefined) return undefined;
  const path = "landingZones";
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    issues.push({ path, message: `expected { <zone>: { subscriptions: { <tenancy>: <subscription id> }, principals: { <group or break-glass name>: <object id> } } }, got ${show(raw)}` });
    return undefined;
  }
  const before = issues.length;
  const out: Record<string, AzureLandingZoneIds> = {};
  for (const [zone, value] of Object.entries(raw)) {
    const at = `${path}.${zone}`;
    if (!ZONE.test(zone)) issues.push({ path: at, message: `${show(zone)} is not a landing zone name (2 to 20 lower-case letters, digits and single hyphens)` });
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      issues.push({ path: at, message: `expected { subscriptions, principals }, got ${show(value)}` });
      continue;
    }
    const v = value as Record<string, unknown>;
    for (const k of Object.keys(v)) if (!["subscriptions", "principals", "appDeployers"].includes(k)) issues.push({ path: `${at}.${k}`, message: "is not a known field: subscriptions, principals, appDeployers" });
    const map = (field: "subscriptions" | "principals" | "appDeployers", what: string): Record<string, string> => {
      const m = v[field] ?? {};
      if (typeof m !== "object" || m === null || Array.isArray(m)) {
        issues.push({ path: `${at}.${field}`, message: `expected { <name>: <${what}> }, got ${show(m)}` });
        return {};
      }
      const ok: Record<string, string> = {};
      for (const [name, id] of Object.entries(m)) {
        if (typeof id !== "string" || !UUID.test(id)) issues.push({ path: `${at}.${field}.${name}`, message: `${show(id)} is not ${what} (a GUID such as 00000000-0000-0000-0000-000000000000)` });
        else ok[name] = id.toLowerCase();
      }
      return ok;
    };
    out[zone] = { subscriptions: map("subscriptions", "a subscription id"), principals: map("principals", "an Entra ID object id"), appDeployers: map("appDeployers", "an Entra ID object id") };
  }
  return issues.length > before ? undefined : out;
}

/**
 * The ids a zone needs, checked against its spec: a subscription for every tenancy, an object id
 * for every admin group and break-glass identity. Throws one error listing everything missing.
 */
export function zoneIdsFor(spec: ResolvedLandingZoneSpec, targetName: string, all: Readonly<Record<string, AzureLandingZoneIds>> | undefined): AzureLandingZoneIds {
  const ids = all?.[spec.name] ?? { subscriptions: {}, principals: {} };
  const missing: string[] = [];
  for (const t of spec.tenancies) if (!ids.subscriptions[t.name]) missing.push(`landingZones.${spec.name}.subscriptions.${t.name} (the existing subscription of tenancy '${t.name}')`);
  const names = [...new Set([...Object.values(spec.identity.adminGroups), ...spec.identity.breakGlass.map((b) => b.name)])];
  for (const n of names) if (!ids.principals[n]) missing.push(`landingZones.${spec.name}.principals.${JSON.stringify(n)} (its Entra ID object id)`);
  for (const t of Object.keys(ids.appDeployers ?? {}))
    if (!spec.tenancies.some((x) => x.name === t)) missing.push(`landingZones.${spec.name}.appDeployers.${t}: names no tenancy (tenancies are ${spec.tenancies.map((x) => x.name).join(", ") || "none"})`);
  const used = new Set(Object.values(ids.subscriptions));
  if (used.size !== Object.keys(ids.subscriptions).length) missing.push(`landingZones.${spec.name}.subscriptions: two tenancies name the same subscription; each tenancy is its own subscription`);
  if (missing.length)
    throw new PolderError(
      `landing zone '${spec.name}' on Azure target '${targetName}' needs ids the spec cannot hold, or has ids that fit none of its names; set on the target (targets.azure({ landingZones })): ${missing.join("; ")}. Polder never guesses them: subscriptions are referenced, not created (no billing scope), and the azurerm provider cannot look up Entra ID groups by name.`,
    );
  return ids;
}
