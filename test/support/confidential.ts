import { Testing } from "cdktf";
import { PortableApp } from "../../lib/app/portable-app";
import type { AppSpec } from "../../lib/app/spec";
import type { Target } from "../../lib/core/target";
import { TargetStack } from "../../lib/core/target-stack";
import type { TfJson } from "./synth";

/** Synthesizes an app with confidential machine types (`confidentialCompute: true`) on a target. */
export function synthConfidential(spec: AppSpec, target: Target, confidentialCompute = true): TfJson & Record<string, any> {
  const app = Testing.app();
  const stack = new TargetStack(app, spec.name, { target });
  new PortableApp(stack, spec.name, { spec, confidentialCompute });
  return JSON.parse(Testing.synth(stack));
}

/** A vm-group and a kubernetes cluster, the two kinds that run machines. */
export const MACHINES: AppSpec["components"] = { web: { kind: "vm-group", size: "medium" }, apps: { kind: "kubernetes" } };
