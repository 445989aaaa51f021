import { type Issue, SpecValidationError } from "../../core/errors";
import { loadRealizer } from "../../core/registry";
import { type KeyCustody, type Target, TARGET_NAME, TARGET_NAME_TEXT } from "../../core/target";
import { FieldReader, show } from "../../core/validate";
import { gcpCapabilities } from "./capabilities";
import { type GcpEgress, readGcpEgress } from "./egress";
import { gcpUniqueNames } from "./unique-names";
import { type KmsProtectionLevel, PUBLIC_UNIVERSE, SOVEREIGN_UNIVERSES, type UniverseProfile, universeName, universeProfile } from "./universes";

/** Who holds the app key: Cloud KMS software keys, Cloud HSM, or an external key manager (Cloud EKM). */
export const GCP_KEY_CUSTODY = ["software", "hsm", "external"] as const;
export type GcpKeyCustody = (typeof GCP_KEY_CUSTODY)[number];

const PROTECTION_LEVEL: Readonly<Record<GcpKeyCustody, KmsProtectionLevel>> = { software: "SOFTWARE", hsm: "HSM", external: "EXTERNAL" };

export interface GcpTargetProps {
  /** Project id the app's resources go into, e.g. `polder-logistics` (in a universe `s3ns:polder-logistics` or without the prefix). */
  readonly project: string;
  /** An EU region such as `europe-west4`, or the universe's region (`u-france-east1`). */
  readonly region: string;
  /**
   * Universe domain of a sovereign Google universe, e.g. `s3nsapis.fr` (Cloud de Confiance by S3NS).
   * @default the public Google Cloud universe
   */
  readonly universeDomain?: string;
  /**
   * Where the app keys live: Cloud KMS `software` keys, Cloud `hsm` (FIPS 140-2 level 3), or
   * `external` (Cloud EKM, the key stays in a key manager outside Google; needs `externalKeyUri`).
   * @default "hsm", or "software" in a universe without Cloud HSM
   */
  readonly keyCustody?: GcpKeyCustody;
  /**
   * URI of the key in the external key manager (Cloud EKM over the internet), for keyCustody `external`.
   * @default none
   */
  readonly externalKeyUri?: string;
  /**
   * Names this target in stack ids (`<app>-<name>`), e.g. `s3ns` beside `gcp`.
   * @default "gcp"
   */
  readonly name?: string;
  /**
   * Classified apps (departementaal-vertrouwelijk and up) get no Cloud NAT and egress only to
   * these destinations (the proxy and mirror) and Google APIs through Private Google Access.
   * @default none: classified apps reach only their own network and Google APIs
   */
  readonly egress?: { readonly proxy: string; readonly cidrs: readonly string[] };
  /**
   * Numeric id of the Google Cloud organization a landing zone builds its folders in
   * (`gcloud organizations list`). Needed only by landing zones.
   * @default none: a landing zone on this target is refused with a message naming this prop
   */
  readonly organizationId?: string;
  /**
   * Cloud Billing account the zone's projects are charged to, `XXXXXX-XXXXXX-XXXXXX`. Needed only by landing zones.
   * @default none: a landing zone on this target is refused with a message naming this prop
   */
  readonly billingAccount?: string;
  /**
   * Cloud Identity domain of the organization's groups and users: a zone's admin group
   * `GG-Platform-Admins` is `group:gg-platform-admins@<groupDomain>`, break-glass identities are
   * `user:<name>@<groupDomain>`. Needed only by landing zones.
   * @default none: a landing zone on this target is refused with a message naming this prop
   */
  readonly groupDomain?: string;
}

/** What a landing zone needs of a Google target besides the app target's props. */
export interface GcpOrganization {
  readonly organizationId: string;
  readonly billingAccount: string;
  readonly groupDomain: string;
}

export interface GcpTarget extends Target {
  readonly id: "gcp";
  /** The project id as the provider needs it (with the universe's prefix). */
  readonly project: string;
  /** Set only for a sovereign universe. */
  readonly universeDomain?: string;
  readonly universe: UniverseProfile;
  readonly keyCustody: GcpKeyCustody;
  readonly protectionLevel: KmsProtectionLevel;
  readonly externalKeyUri?: string;
  /** Ranges administrators come from: IAP TCP forwarding where the universe has OS Login; none otherwise. */
  readonly adminCidrs: readonly string[];
  /** Classified apps' egress: the proxy and the destinations the target names (with the Private Google Access range). */
  readonly egress?: GcpEgress;
  /** The organization, billing account and identity domain, where all three are set (landing zones need them). */
  readonly organization?: GcpOrganization;
  /** Which of organizationId, billingAccount and groupDomain are not set. */
  readonly organizationMissing: readonly string[];
}

/** Range IAP TCP forwarding connects from: the admin path to VMs without public IPs. */
export const IAP_RANGE = "35.235.240.0/20";

const PROJECT_ID = /^(?:([a-z][a-z0-9]{1,9}):)?([a-z][a-z0-9-]{4,28}[a-z0-9])$/;
const REGION = /^[a-z]+(-[a-z]+)+\d{1,2}$/;
const ORGANIZATION_ID = /^[1-9]\d{5,24}$/;
const BILLING_ACCOUNT = /^[0-9A-F]{6}-[0-9A-F]{6}-[0-9A-F]{6}$/;
const DOMAIN = /^(?=.{4,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
const EKM_URI = /^https:\/\/[A-Za-z0-9.-]+(:\d{1,5})?\/[^\s]{1,400}$/;

/** Google Cloud, public or a sovereign universe reached through its universe domain. */
export function gcp(props: GcpTargetProps): GcpTarget {
  const issues: Issue[] = [];
  const r = FieldReader.object(props, "", issues);
  if (!r) throw new SpecValidationError("targets.gcp()", issues);
  const universeDomain = r.string("universeDomain");
  const universe = universeProfile(universeDomain);
  if (!universe)
    r.fail("universeDomain", `${show(universeDomain)} is not a universe Polder knows: one of ${Object.keys(SOVEREIGN_UNIVERSES).join(", ")} (omit it for the public Google Cloud)`);
  const rawProject = r.string("project", { required: true, pattern: PROJECT_ID, patternText: "a Google Cloud project id: 6 to 30 lower-case letters, digits or hyphens, starting with a letter (in a universe optionally with its prefix, e.g. s3ns:my-project)" });
  const region = r.string("region", { required: true, pattern: REGION, patternText: "a Google Cloud region name such as europe-west4 or u-france-east1" });
  const u = universe ?? PUBLIC_UNIVERSE;
  let project = rawProject;
  if (rawProject && universe) {
    const [, prefix, id] = PROJECT_ID.exec(rawProject)!;
    if (prefix && prefix !== u.projectPrefix)
      r.fail("project", `${show(rawProject)} has the prefix '${prefix}:', but project ids in ${universeName(u)} ${u.projectPrefix ? `start with '${u.projectPrefix}:'` : "have no prefix"}`);
    project = u.projectPrefix ? `${u.projectPrefix}:${id}` : id;
  }
  // A universe has its own regions; naming a public region there is a mistake, not a residency question.
  if (region && universe && universe !== PUBLIC_UNIVERSE && !u.regions.includes(region))
    r.fail("region", `${show(region)} is not a region of ${universeName(u)}: use ${u.regions.join(", ")}`);
  if (region && universeDomain === undefined && region.startsWith("u-"))
    r.fail("region", `${show(region)} is a region of a sovereign universe: set universeDomain (${Object.values(SOVEREIGN_UNIVERSES).map((s) => `${s.domain} for ${s.regions.join(", ")}`).join("; ")})`);
  const defaultCustody: GcpKeyCustody = u.keyProtectionLevels.includes("HSM") ? "hsm" : "software";
  const keyCustody = r.oneOf("keyCustody", GCP_KEY_CUSTODY, { default: defaultCustody }) ?? defaultCustody;
  if (!u.keyProtectionLevels.includes(PROTECTION_LEVEL[keyCustody]))
    r.fail("keyCustody", `${show(keyCustody)} is not offered in ${universeName(u)}: Cloud KMS there has ${u.keyProtectionLevels.map((l) => GCP_KEY_CUSTODY.find((c) => PROTECTION_LEVEL[c] === l)).join(", ")}`);
  const externalKeyUri = r.string("externalKeyUri", { pattern: EKM_URI, patternText: "an https:// URI of the key in the external key manager" });
  if (keyCustody === "external" && !externalKeyUri) r.fail("externalKeyUri", "is required with keyCustody 'external': the URI of the key in the external key manager (Cloud EKM)");
  if (keyCustody !== "external" && externalKeyUri) r.fail("externalKeyUri", `is only used with keyCustody 'external', not ${show(keyCustody)}`);
  const name = r.string("name", { pattern: TARGET_NAME, patternText: TARGET_NAME_TEXT, default: "gcp" }) ?? "gcp";
  const egress = readGcpEgress(r.value("egress"), issues);
  const organizationId = r.string("organizationId", { pattern: ORGANIZATION_ID, patternText: "the numeric organization id (gcloud organizations list), e.g. 123456789012" });
  const billingAccount = r.string("billingAccount", { pattern: BILLING_ACCOUNT, patternText: "a Cloud Billing account id: three groups of six upper-case hex digits, e.g. 012345-6789AB-CDEF01" });
  const groupDomain = r.string("groupDomain", { pattern: DOMAIN, patternText: "the organization's Cloud Identity domain in lower case, e.g. mindef.example.nl" });
  r.rejectUnknown();
  if (issues.length > 0 || !project || !region) throw new SpecValidationError("targets.gcp()", issues);

  const { capabilities, missing } = gcpCapabilities(u);
  const custody: KeyCustody[] = ["provider-managed", "customer-managed"];
  if (keyCustody === "hsm") custody.push("hsm");
  if (keyCustody === "external") custody.push("external");
  const sovereignUniverse = u !== PUBLIC_UNIVERSE;
  return {
    id: "gcp",
    name,
    region,
    project,
    universeDomain: sovereignUniverse ? u.domain : undefined,
    universe: u,
    keyCustody,
    protectionLevel: PROTECTION_LEVEL[keyCustody],
    externalKeyUri,
    adminCidrs: u.osLogin ? [IAP_RANGE] : [],
    egress,
    organization: organizationId && billingAccount && groupDomain ? { organizationId, billingAccount, groupDomain } : undefined,
    organizationMissing: Object.entries({ organizationId, billingAccount, groupDomain }).filter(([, v]) => !v).map(([k]) => k),
    description: sovereignUniverse ? `gcp (${u.domain}/${region})` : `gcp (${region})`,
    capabilities,
    missing,
    sovereignty: {
      operatorJurisdiction: u.jurisdiction,
      // A public cloud service either way: a partner universe runs Google's software as a public
      // offering; its operator's jurisdiction is what changes, not who else shares the platform.
      publicCloud: true,
      euResident: u.regions.includes(region),
      partition: sovereignUniverse ? u.domain : undefined,
      keyCustody: custody,
    },
    realizer: () => loadRealizer("gcp", () => require("./realizer")),
    uniqueNames(app) { return gcpUniqueNames(app, this); },
  };
}
