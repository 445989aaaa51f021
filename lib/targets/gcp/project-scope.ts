import type { TargetStack } from "../../core/target-stack";
import type { GcpTarget } from "./target";

/** The project an app stack builds in: the target's, or the tenancy project its landing zone vended. */
export interface GcpProjectScope {
  /** The project id as written in resource names (a plain string, known at synth). */
  readonly id: string;
  /** The project id as resources and the provider reference it: a cross-stack reference inside a zone. */
  readonly ref: string;
}

const scopes = new WeakMap<TargetStack, GcpProjectScope>();

/** Called by the landing zone when it places the app in a tenancy, before the app's foundation exists. */
export function setGcpProject(stack: TargetStack, scope: GcpProjectScope): void {
  scopes.set(stack, scope);
}

/** The project of an app stack. */
export function gcpProjectOf(stack: TargetStack): GcpProjectScope {
  const target = stack.target as GcpTarget;
  return scopes.get(stack) ?? { id: target.project, ref: target.project };
}
