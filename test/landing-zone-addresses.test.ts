// Resource addresses of the example landing zones and the apps placed in them are a contract, as
// for apps: a changed construct id would make Terraform destroy a live OU, account, project or
// audit archive. A deliberate change updates this snapshot (`-u`) and says so in its commit.
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { loadAppSpec } from "../lib/app/load";
import { loadLandingZoneSpec } from "../lib/landing-zone/load";
import { zoneRefusal } from "../lib/landing-zone/synth";
import { evaluatePlacement } from "../lib/policy/placement";
import { LANDING_ZONE_TARGET_IDS } from "../lib/targets/landing-zones";
import { projectTargets } from "../stacks/targets";
import { synthZoneWithApps } from "./support/landing-zone";

// Defaults, not this machine's POLDER_* variables.
const TARGETS = projectTargets({}).filter((t) => LANDING_ZONE_TARGET_IDS.includes(t.id));
const DIR = join(__dirname, "..", "examples", "landing-zones");
const zones = readdirSync(DIR).filter((f) => /\.ya?ml$/.test(f)).sort();
const apps = readdirSync(join(DIR, "apps")).filter((f) => /\.ya?ml$/.test(f)).sort().map((f) => loadAppSpec(join(DIR, "apps", f)));

function addresses(json: any): string[] {
  const out: string[] = [];
  for (const [type, byId] of Object.entries<any>(json.resource ?? {})) for (const id of Object.keys(byId)) out.push(`${type}.${id}`);
  for (const [type, byId] of Object.entries<any>(json.data ?? {})) for (const id of Object.keys(byId)) out.push(`data.${type}.${id}`);
  for (const id of Object.keys(json.output ?? {})) out.push(`output.${id}`);
  return out.sort();
}

describe.each(zones)("landing zone %s", (file) => {
  const spec = loadLandingZoneSpec(join(DIR, file));
  test.each(TARGETS.map((t) => [t.name, t] as const))("addresses on %s, with the apps placed in it", (_name, target) => {
    // As the synth does: apps the placement rules allow on the target (dossier needs HSM keys, which S3NS lacks), and not refused by the zone's unit (e.g. confidential machine types it lacks).
    const mine = apps.filter((a) => a.landingZone?.zone === spec.name && evaluatePlacement(a, target).allowed && !zoneRefusal(a, target, [{ spec, target, stackId: spec.name }]));
    const { stacks } = synthZoneWithApps(spec, mine, target);
    expect(Object.fromEntries(Object.entries(stacks).map(([id, json]) => [id, addresses(json)]))).toMatchSnapshot();
  });
});
