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

import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App } from "cdktf";
import { PortableApp, type PortableAppProps } from "../../lib/app/portable-app";
import type { AppSpec, ResolvedAppSpec } from "../../lib/app/spec";

/**
 * Synthesizes a zone and apps on one target in one cdktf App into a temporary folder, as the
 * synth command does; returns each stack's JSON and the files beside it.
 */
export function synthZoneWithApps(
  zoneSpec: LandingZoneSpec | ResolvedLandingZoneSpec,
  apps: readonly (AppSpec | ResolvedAppSpec)[],
  target: Target,
  extra: (zone: LandingZone) => Partial<PortableAppProps> = () => ({}),
): { stacks: Record<string, any>; file: (stack: string, name: string) => string } {
  const outdir = mkdtempSync(join(tmpdir(), "polder-lz-"));
  try {
    const app = new App({ outdir, stackTraces: false });
    const zoneStack = new TargetStack(app, zoneSpec.name, { target });
    const zone = new LandingZone(zoneStack, zoneSpec.name, { spec: zoneSpec });
    for (const spec of apps) {
      const stack = new TargetStack(app, spec.name, { target });
      new PortableApp(stack, spec.name, { spec, ...extra(zone) });
    }
    app.synth();
    const stackIds = [zoneStack.node.id, ...apps.map((a) => TargetStack.stackId(a.name, target))];
    const files = new Map<string, string>();
    const file = (stack: string, name: string) => readFileSync(join(outdir, "stacks", stack, name), "utf8");
    for (const id of stackIds) files.set(id, file(id, "cdk.tf.json"));
    const controls = (() => {
      try {
        return file(zoneStack.node.id, "landing-zone-controls.json");
      } catch {
        return "";
      }
    })();
    return {
      stacks: Object.fromEntries([...files].map(([id, text]) => [id, JSON.parse(text)])),
      file: (stack, name) => (name === "landing-zone-controls.json" && stack === zoneStack.node.id ? controls : files.get(stack)!),
    };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}
