import { PlacementError, SpecValidationError } from "../shared/errors";
import type { AppInfo, Realizer } from "./realizer";
import type { Target } from "./target";

/**
 * Whether a target gives kubernetes and vm-group confidential machine types (memory encrypted by
 * the CPU with a key the host cannot read, e.g. AMD SEV-SNP), and how; or why not.
 */
export type ConfidentialSupport = { readonly supported: true; readonly how: string } | { readonly supported: false; readonly reason: string };

/** The realizer's answer for `target`; a realizer that does not answer has no confidential machine types. */
export function confidentialSupport(realizer: Realizer, target: Target): ConfidentialSupport {
  return realizer.confidentialCompute?.(target) ?? { supported: false, reason: `Polder's ${target.id} kubernetes and vm-group have no confidential machine types` };
}

/** A component setting that cannot be honoured on confidential machine types: its path under the component, and why. */
export interface ConfidentialProblem {
  readonly path: string;
  readonly message: string;
}

export function isConfidentialProblem(x: unknown): x is ConfidentialProblem {
  return typeof x === "object" && x !== null && !Array.isArray(x) && "message" in x && "path" in x;
}

/**
 * For a kind realizer: throws when the app wants confidential machine types and the target has
 * none (a backstop; `PortableApp` checks before anything is made), or when `chosen` is a problem.
 */
export function confidentialOrThrow<T>(ctx: { readonly app: AppInfo; readonly target: Target }, support: ConfidentialSupport, component: string, chosen: T | ConfidentialProblem): T {
  if (!support.supported) throw new PlacementError("confidential-compute", ctx.app.classification, ctx.target.name, `component '${component}' needs a confidential machine type: ${support.reason}`);
  if (isConfidentialProblem(chosen)) throw new SpecValidationError(`app ${ctx.app.name} on ${ctx.target.description}`, [{ path: `components.${component}.${chosen.path}`, message: chosen.message }]);
  return chosen;
}
