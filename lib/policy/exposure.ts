// Exposure follows classification: what an app opens to the internet, whatever the target.
// Target-blind: it reads the spec only, so it gives the same verdict on every target.
import { type Cidr, isPrivate, parseCidr } from "../shared/cidr";
import { type Classification, isAtLeast } from "./classification";

/** What the exposure rule reads of a component: public endpoints carry `allowedCidrs`. */
export interface ExposedComponent {
  readonly name: string;
  readonly kind: string;
  readonly allowedCidrs?: readonly string[];
}

export interface ExposureRequest {
  readonly classification: Classification;
  readonly decision?: string;
  readonly components?: readonly ExposedComponent[];
}

/**
 * A client range counts as the internet when it is outside RFC 1918 and wider than a /16
 * (65 536 addresses): `0.0.0.0/0`, the default of a public endpoint, and any other range no
 * organisation names as its own network.
 */
export const WIDEST_NAMED_NETWORK = 16;

export function isInternet(c: Cidr): boolean {
  return !isPrivate(c) && c.prefix < WIDEST_NAMED_NETWORK;
}

/** Public endpoints whose client ranges include the internet, with those ranges. */
export function internetExposure(components: readonly ExposedComponent[] = []): { name: string; ranges: string[] }[] {
  const out: { name: string; ranges: string[] }[] = [];
  for (const c of components) {
    if (c.kind !== "public-endpoint") continue;
    const ranges = (c.allowedCidrs ?? ["0.0.0.0/0"]).filter((t) => {
      const parsed = parseCidr(t);
      return typeof parsed !== "string" && isInternet(parsed);
    });
    if (ranges.length) out.push({ name: c.name, ranges });
  }
  return out;
}

/**
 * The exposure rule, as a refusal or undefined when the app's exposure is allowed:
 * - `stg-confidentieel` and above (`stg-exposure`): a public endpoint only for named networks,
 *   never the internet; no decision overrides it.
 * - `departementaal-vertrouwelijk` (`dv-exposure`): the internet only with the app's `decision`.
 * - `openbaar`, `intern`: a public endpoint may be open to the internet.
 */
export function evaluateExposure(request: ExposureRequest): { rule: string; reason: string } | undefined {
  // The same spec is placed on every target: one answer per spec object (specs are never changed).
  const known = exposureOf.get(request);
  if (known !== undefined) return known ?? undefined;
  const verdict = exposureVerdict(request);
  exposureOf.set(request, verdict ?? null);
  return verdict;
}

const exposureOf = new WeakMap<ExposureRequest, { rule: string; reason: string } | null>();

function exposureVerdict(request: ExposureRequest): { rule: string; reason: string } | undefined {
  const exposed = internetExposure(request.components);
  if (exposed.length === 0) return undefined;
  const list = exposed.map((e) => `components.${e.name}.allowedCidrs (${e.ranges.join(", ")}${e.ranges.includes("0.0.0.0/0") ? ", the default" : ""})`).join("; ");
  const level = request.classification;
  if (isAtLeast(level, "stg-confidentieel"))
    return {
      rule: "stg-exposure",
      reason: `'${level}' and everything from 'stg-confidentieel' up may expose a public endpoint to named networks only, never the internet: ${list}; list the client networks in allowedCidrs (RFC 1918, or ranges of at most /${WIDEST_NAMED_NETWORK})`,
    };
  if (level === "departementaal-vertrouwelijk" && !request.decision)
    return {
      rule: "dv-exposure",
      reason: `'${level}' may expose a public endpoint to the internet only with a recorded decision: ${list}; set 'decision' in the spec to its reference, or list the client networks in allowedCidrs`,
    };
  return undefined;
}
