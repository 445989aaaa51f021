import { Testing } from "cdktf";
import { PortableApp } from "../../lib/app/portable-app";
import type { AppSpec, ResolvedAppSpec } from "../../lib/app/spec";
import type { Target } from "../../lib/core/target";
import { TargetStack, type TargetStackProps } from "../../lib/core/target-stack";

export interface TfJson {
  resource?: Record<string, Record<string, any>>;
  data?: Record<string, Record<string, any>>;
  output?: Record<string, any>;
  provider?: Record<string, any[]>;
  terraform?: Record<string, any>;
}

/** Synthesizes one app on one target; returns the stack's JSON as text (for cdktf matchers) and parsed. */
export function synthApp(spec: AppSpec | ResolvedAppSpec, target: Target, stackProps: Partial<TargetStackProps> = {}): { text: string; json: TfJson; stack: TargetStack; app: PortableApp } {
  const cdkApp = Testing.app();
  const stack = new TargetStack(cdkApp, spec.name, { target, ...stackProps });
  const app = new PortableApp(stack, spec.name, { spec });
  const text = Testing.synth(stack);
  return { text, json: JSON.parse(text), stack, app };
}

/** Every resource of a type, as [logical id, config] pairs. */
export function resourcesOf(json: TfJson, type: string): [string, any][] {
  return Object.entries(json.resource?.[type] ?? {});
}

/** The only resource of a type; fails when there is not exactly one. */
export function onlyResource(json: TfJson, type: string): any {
  const all = resourcesOf(json, type);
  if (all.length !== 1) throw new Error(`expected one ${type}, found ${all.length}`);
  return all[0][1];
}

/** A minimal valid spec with the given components. */
export function specWith(components: AppSpec["components"], extra: Partial<AppSpec> = {}): AppSpec {
  return { name: "demo", owner: "team-demo", classification: "intern", components, ...extra };
}
