// Every example on every project target its classification allows, synthesized once per worker.
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { loadAppSpec } from "../../lib/app/load";
import { parseAppSpec } from "../../lib/app/spec";
import { planZoneStacks, readZoneFolder, zoneMissing, zoneRefusal } from "../../lib/landing-zone/synth";
import { evaluatePlacement } from "../../lib/policy/placement";
import { projectTargets } from "../../stacks/targets";
import { ledger } from "../../examples/typescript/ledger";
import { synthZoneWithApps } from "../support/landing-zone";
import { synthApp } from "../support/synth";
import type { DeployabilityAdapter, StackUnderTest } from "./adapter";
import { awsAdapter } from "./targets/aws";
import { azureAdapter } from "./targets/azure";
import { gcpAdapter } from "./targets/gcp";
import { sovereignAdapter } from "./targets/sovereign";

/** One adapter per target id; a target without one fails the checks' coverage test. */
export const ADAPTERS: Readonly<Record<string, DeployabilityAdapter>> = { aws: awsAdapter, azure: azureAdapter, gcp: gcpAdapter, sovereign: sovereignAdapter };

const dir = join(__dirname, "..", "..", "examples");

let cache: StackUnderTest[] | undefined;
export function exampleStacks(): StackUnderTest[] {
  if (cache) return cache;
  const specs = [
    ...readdirSync(dir)
      .filter((f) => /\.(ya?ml|json)$/.test(f))
      .sort()
      .map((f) => loadAppSpec(join(dir, f))),
    parseAppSpec(ledger),
  ];
  cache = [];
  for (const spec of specs)
    for (const target of projectTargets({})) {
      if (!evaluatePlacement(spec, target).allowed) continue;
      cache.push({ label: `${spec.name} on ${target.name}`, spec, target, json: synthApp(spec, target).json });
    }
  // The apps placed in the example landing zones, synthesized with their zone as the synth does.
  const folder = readZoneFolder(join(dir, "landing-zones"));
  const zoneApps = folder.appFiles.map((f) => loadAppSpec(f));
  const { build: zones } = planZoneStacks(folder.zones, projectTargets({}));
  for (const zone of zones) {
    const apps = zoneApps.filter((a) => a.landingZone?.zone === zone.spec.name && evaluatePlacement(a, zone.target).allowed && !zoneMissing(a, zone.target, zones) && !zoneRefusal(a, zone.target, zones));
    if (!apps.length) continue;
    const { stacks } = synthZoneWithApps(zone.spec, apps, zone.target);
    for (const spec of apps) cache.push({ label: `${spec.name} in zone ${zone.spec.name} on ${zone.target.name}`, spec, target: zone.target, json: stacks[`${spec.name}-${zone.target.name}`] });
  }
  return cache;
}
