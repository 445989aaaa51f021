import type { Issue } from "../core/errors";
import { SpecValidationError } from "../core/errors";
import { FieldReader, show } from "../core/validate";
import type { BucketSpec, DnsZoneSpec, KeySpec, KubernetesSpec, LogSinkSpec, PostgresSpec, PublicEndpointSpec, SecretSpec, VmGroupSpec } from "./component-specs";
import { COMPONENT_KINDS, type ComponentKind, KIND_READERS, type ResolvedComponent } from "../kinds";
import type { NetworkProps, ResolvedNetwork } from "../kinds/network";
import { readNetwork } from "../kinds/network";
import { type LandingZoneRef, readLandingZoneRef } from "../landing-zone/app-placement";
import { CLASSIFICATION_ALIASES, CLASSIFICATION_LEVELS, type Classification, parseClassification } from "../policy/classification";

export type ComponentSpec = KeySpec | LogSinkSpec | SecretSpec | DnsZoneSpec | BucketSpec | PostgresSpec | KubernetesSpec | VmGroupSpec | PublicEndpointSpec;

/** An application, described once for every target. Plain data: write it in YAML, JSON or TypeScript. */
export interface AppSpec {
  /** Lower-case name, 2 to 20 characters; stack ids are `<name>-<target name>`. */
  readonly name: string;
  /** Owning team, as a lower-case identifier (it becomes a tag/label on every resource). */
  readonly owner: string;
  /** One of the six VIR-BI levels (or a NATO/EU alias). */
  readonly classification: string;
  /**
   * Reference to the decision that allows a placement the defaults refuse, e.g. a ministerial
   * decision allowing `departementaal-vertrouwelijk` on a hyperscaler.
   * @default none
   */
  readonly decision?: string;
  /** @default { cidr: "10.0.0.0/16", zones: 2 } */
  readonly network?: NetworkProps;
  /** Named components; the name is the construct id of its resources. @default {} */
  readonly components?: Readonly<Record<string, ComponentSpec>>;
  /**
   * The landing zone and unit the app runs in; the zone must be in the same synth on the app's target.
   * @default none (the app runs where the target's credentials point, as without a zone)
   */
  readonly landingZone?: LandingZoneRef;
}

/** An AppSpec after validation, with every default filled in. */
export interface ResolvedAppSpec {
  readonly name: string;
  readonly owner: string;
  readonly classification: Classification;
  readonly decision?: string;
  readonly network: ResolvedNetwork;
  readonly components: readonly ResolvedComponent[];
  readonly landingZone?: LandingZoneRef;
}

const NAME = /^[a-z](?!.*--)[a-z0-9-]{0,18}[a-z0-9]$/;
const COMPONENT_NAME = /^[a-z](?!.*--)([a-z0-9-]{0,18}[a-z0-9])?$/;
/**
 * Component names Polder itself uses in the app's construct tree or resource names:
 * `network-strategy` and `<component>-connection` are outputs, `constructor` clashes with a
 * JavaScript built-in the construct tree looks names up in, `vpc-flow-logs` is the network's log
 * group on AWS, `landing-zone` holds what places the app in its zone.
 */
const RESERVED_COMPONENT_NAMES = ["network", "foundation", "network-strategy", "constructor", "vpc-flow-logs", "landing-zone"];

/**
 * Bucket names start with the app name and contain the component name; some providers refuse
 * some of them: S3 names starting with `sthree` or `amzn-s3-demo-`, Cloud Storage names starting
 * with `goog` or containing `google` (or a close misspelling).
 */
function bucketNameProblem(name: string, isApp: boolean): string | undefined {
  if (isApp && name.startsWith("sthree")) return "S3 refuses bucket names starting with 'sthree'";
  if (isApp && name.startsWith("amzn-s3-demo")) return "S3 refuses bucket names starting with 'amzn-s3-demo'";
  if (isApp && name.startsWith("goog")) return "Cloud Storage refuses bucket names starting with 'goog'";
  if (/g[o0][o0]g[l1]e/.test(name)) return "Cloud Storage refuses bucket names containing 'google' or a close misspelling";
  return undefined;
}

/**
 * Validates plain data as an AppSpec. Reports every problem at once, each with its field path,
 * the bad value and what is allowed.
 * @param source names the input in the error message, e.g. a file path.
 */
export function parseAppSpec(data: unknown, source = "app spec"): ResolvedAppSpec {
  const issues: Issue[] = [];
  const r = FieldReader.object(data, "", issues);
  if (!r) throw new SpecValidationError(source, issues);

  const name = r.string("name", { required: true, pattern: NAME, patternText: "2 to 20 lower-case letters, digits and single hyphens, starting with a letter, not ending with a hyphen" });
  const nameProblem = name ? bucketNameProblem(name, true) : undefined;
  if (nameProblem) r.fail("name", `${show(name)} is not allowed: bucket names start with the app name and ${nameProblem}`);
  const owner = r.string("owner", { required: true, pattern: /^[a-z0-9][a-z0-9_-]{0,62}$/, patternText: "a lower-case team identifier (letters, digits, _ and -), at most 63 characters" });
  const classification = readClassification(r);
  const decision = r.string("decision", { minLength: 3, maxLength: 200, pattern: /^[\p{L}\p{N} .,:;_()/#-]+$/u, patternText: "a reference of letters, digits, spaces and .,:;_()/#-" });
  const network = readNetwork(r.object("network") ?? new FieldReader({}, "network", issues));
  const components = readComponents(r);
  const landingZone = readLandingZoneRef(r);
  r.rejectUnknown();
  checkReferences(components, issues);

  if (issues.length > 0 || !name || !owner || !classification || !network) throw new SpecValidationError(source, issues);
  return { name, owner, classification, decision, network, components, ...(landingZone ? { landingZone } : {}) };
}

function readClassification(r: FieldReader): Classification | undefined {
  const raw = r.value("classification");
  const allowed = `one of ${CLASSIFICATION_LEVELS.join(", ")} (or an alias: ${Object.keys(CLASSIFICATION_ALIASES).join(", ")})`;
  if (raw === undefined || raw === null) return r.fail("classification", `is required: ${allowed}`);
  const parsed = typeof raw === "string" ? parseClassification(raw) : undefined;
  if (!parsed) return r.fail("classification", `${show(raw)} is not a classification level: ${allowed}`);
  return parsed;
}

function readComponents(r: FieldReader): ResolvedComponent[] {
  const c = r.object("components");
  if (!c) return [];
  const result: ResolvedComponent[] = [];
  for (const name of Object.keys(c.raw)) {
    if (!COMPONENT_NAME.test(name)) {
      c.fail(name, `component name ${show(name)} is not allowed: 1 to 20 lower-case letters, digits and single hyphens, starting with a letter`);
      continue;
    }
    if (RESERVED_COMPONENT_NAMES.includes(name) || name.endsWith("-connection")) {
      c.fail(name, `component name ${show(name)} is reserved (${RESERVED_COMPONENT_NAMES.join(", ")} and names ending in -connection): choose another`);
      continue;
    }
    const problem = bucketNameProblem(name, false);
    if (problem) {
      c.fail(name, `component name ${show(name)} is not allowed: bucket names contain the component name and ${problem}`);
      continue;
    }
    const cr = c.object(name);
    if (!cr) continue;
    const kind = cr.oneOf("kind", COMPONENT_KINDS, { required: true });
    if (!kind) continue;
    const reader = KIND_READERS[kind] as (r: FieldReader, name: string) => ResolvedComponent;
    result.push(reader(cr, name));
    cr.rejectUnknown();
  }
  return result;
}

function checkReferences(components: readonly ResolvedComponent[], issues: Issue[]): void {
  const byName = new Map(components.map((c) => [c.name, c]));
  const refer = (path: string, ref: string, kinds: readonly ComponentKind[]): ResolvedComponent | undefined => {
    const target = byName.get(ref);
    const candidates = components.filter((c) => kinds.includes(c.kind)).map((c) => c.name);
    const hint = candidates.length ? `components of kind ${kinds.join(" or ")} here: ${candidates.join(", ")}` : `this app has no component of kind ${kinds.join(" or ")}`;
    if (!target) issues.push({ path, message: `${show(ref)} names no component: ${hint}` });
    else if (!kinds.includes(target.kind)) issues.push({ path, message: `${show(ref)} is a ${target.kind}, expected ${kinds.join(" or ")}: ${hint}` });
    else return target;
    return undefined;
  };
  for (const c of components) {
    if (c.kind !== "public-endpoint") continue;
    if (c.backend) refer(`components.${c.name}.backend`, c.backend, ["kubernetes", "vm-group"]);
    if (c.zone) {
      const zone = refer(`components.${c.name}.zone`, c.zone, ["dns-zone"]);
      if (zone?.kind === "dns-zone" && c.domain && c.domain !== zone.domain && !c.domain.endsWith(`.${zone.domain}`))
        issues.push({ path: `components.${c.name}.domain`, message: `${show(c.domain)} is not inside zone ${show(zone.domain)} of component '${zone.name}'` });
      if (zone?.kind === "dns-zone" && zone.private)
        issues.push({ path: `components.${c.name}.zone`, message: `zone '${zone.name}' is private: a public endpoint needs a public zone to validate its certificate` });
    }
  }
}
