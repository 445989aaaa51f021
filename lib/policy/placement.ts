// Only what a target is, not its realizer: policy does not import lib/core.
import type { KeyCustody, TargetFacts as Target } from "../shared/names";
import { type Classification, isAtLeast } from "./classification";
import { type ExposedComponent, evaluateExposure } from "./exposure";

export interface PlacementRequest {
  readonly classification: Classification;
  /** Decision reference that allows what the defaults refuse. */
  readonly decision?: string;
  /** The app's components, for the exposure rule (lib/policy/exposure.ts). @default none */
  readonly components?: readonly ExposedComponent[];
}

export interface PlacementVerdict {
  readonly allowed: boolean;
  /** Rule that decided, e.g. `stg-sovereign-only`. */
  readonly rule: string;
  readonly reason: string;
}

type TargetFacts = Pick<Target, "id" | "region" | "description" | "sovereignty">;

/** Key custody that keeps keys in an HSM under the customer's control, or outside the cloud. */
const HSM_OR_STRONGER: readonly KeyCustody[] = ["hsm", "external"];

/**
 * Placement rules per classification (defaults from the Rijksbreed cloudbeleid 2022):
 * - every level: EU region and partition/universe only;
 * - `stg-confidentieel` and above: never a public cloud; a sovereign target only when
 *   accredited for the level;
 * - `departementaal-vertrouwelijk` on a public cloud: only with a recorded decision, and only
 *   where the target keeps customer-managed keys in an HSM (or outside the cloud, `external`);
 * - `openbaar`, `intern`: any EU target.
 * Before them, the exposure rule (the same on every target): from `stg-confidentieel` up public
 * endpoints only for named networks, `departementaal-vertrouwelijk` on the internet only with a decision.
 */
export function evaluatePlacement(request: PlacementRequest, target: TargetFacts): PlacementVerdict {
  const { classification: level } = request;
  const exposure = evaluateExposure(request);
  if (exposure) return refuse(exposure.rule, exposure.reason);
  const s = target.sovereignty;
  if (!s.euResident)
    return refuse("eu-residency", `${target.description} is outside the EU (region '${target.region}'${s.partition ? `, partition/universe '${s.partition}'` : ""}); every level must stay in the EU`);
  if (isAtLeast(level, "stg-confidentieel")) {
    if (s.publicCloud) return refuse("stg-sovereign-only", `'${level}' and everything from 'stg-confidentieel' up may only run on the sovereign target, never on a public cloud`);
    if (!s.accreditedUpTo || !isAtLeast(s.accreditedUpTo, level))
      return refuse("accreditation", `${target.description} is accredited up to '${s.accreditedUpTo ?? "departementaal-vertrouwelijk"}', not '${level}': declare accreditedUpTo when the cloud has that accreditation`);
    return allow("accreditation", `${target.description} is accredited up to '${s.accreditedUpTo}'`);
  }
  if (level === "departementaal-vertrouwelijk" && s.publicCloud) {
    if (!request.decision)
      return refuse("dv-decision", `'${level}' on a public cloud needs a recorded decision: set 'decision' in the spec to its reference`);
    if (!s.keyCustody.some((c) => HSM_OR_STRONGER.includes(c)))
      return refuse("dv-hsm-keys", `'${level}' on a public cloud needs customer-managed keys in an HSM; ${target.description} offers key custody ${s.keyCustody.length ? s.keyCustody.join(", ") : "none"}, not ${HSM_OR_STRONGER.join(" or ")}`);
    return allow("dv-decision", `allowed by decision '${request.decision}'`);
  }
  return allow("eu-default", `'${level}' may run on any EU target`);
}

function refuse(rule: string, reason: string): PlacementVerdict {
  return { allowed: false, rule, reason };
}
function allow(rule: string, reason: string): PlacementVerdict {
  return { allowed: true, rule, reason };
}
