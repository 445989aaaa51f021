// The landing-zone section of an app's sovereignty report: from the controls report its zone's
// stack wrote (landing-zone-controls.json), the controls that apply to the app's unit — the
// baseline and the unit's tiers — split into those the zone enforces and those it does not.
import type { LandingZoneControlsReport } from "../landing-zone/controls";
import type { LandingZoneControls } from "./sovereignty-report";

/** Pure: the section for an app placed in `unit` of the zone whose report is `zone`. */
export function zoneControlsForUnit(zone: LandingZoneControlsReport, unit: string): LandingZoneControls {
  const applies = zone.controls.filter((c) => c.scope === "baseline" || zone.tiers[c.scope].units.includes(unit));
  return {
    zone: zone.zone,
    unit,
    stack: zone.stack,
    enforced: applies.filter((c) => c.status === "enforced").map((c) => ({ control: c.id, detail: c.how })),
    notEnforceable: applies.filter((c) => c.status !== "enforced").map((c) => ({ control: c.id, reason: `${c.status}: ${c.reason}` })),
  };
}
