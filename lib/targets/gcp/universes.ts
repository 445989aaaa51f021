/**
 * Google Cloud universes: the public cloud and the partner-operated sovereign clouds that
 * Google's APIs reach through a universe domain. Each one runs Google's code but offers a subset
 * of its services and features; what a universe lacks is data here, so the target's capabilities,
 * the kinds and the README all read one table.
 *
 * Sources (researched December 2026): S3NS "Key differences between Google Cloud and Cloud de
 * Confiance" (documentation.s3ns.fr/docs/overview/tpc-key-differences: GKE Autopilot only, older
 * VM types unavailable, some IAM policies unusable, service-account domains), S3NS Cloud KMS
 * overview (software and Cloud EKM keys, no Cloud HSM), and the per-product differences published
 * for Google Cloud Dedicated, the sibling universe built the same way (C3 machines and Hyperdisk
 * only, private Cloud DNS zones only, Cloud SQL Enterprise Plus over Private Service Connect
 * without private services access, no GKE application-layer secrets encryption, no Secret
 * Manager). Where a fact is known only from the sibling, the universe is treated the same way:
 * the conservative reading, which fails or falls back rather than producing a plan that the
 * universe's API refuses.
 */

/** Domain of the public universe: the only place this literal may stand (universe default). */
export const PUBLIC_UNIVERSE_DOMAIN = "googleapis.com"; // the public universe's domain

/** Cloud KMS protection levels. */
export type KmsProtectionLevel = "SOFTWARE" | "HSM" | "EXTERNAL";

export interface UniverseProfile {
  /** API domain, e.g. `s3nsapis.fr`; services answer at `<service>.<domain>`. */
  readonly domain: string;
  /** What it is called, for messages and reports. */
  readonly label: string;
  /** Who operates it, and under which jurisdiction (ISO country code, `US` for Google). */
  readonly operator: string;
  readonly jurisdiction: string;
  /** Regions of this universe (for the public universe: the EU ones; others are refused by residency). */
  readonly regions: readonly string[];
  /** Prefix of project ids (`s3ns:` in `s3ns:my-project`); none in the public universe. */
  readonly projectPrefix?: string;
  /** Domain of service agents' e-mail addresses after `service-<number>@<agent>.`. */
  readonly serviceAgentDomain: string;
  /** Prefix of public image projects (`s3ns-system:` in `s3ns-system:ubuntu-os-cloud`). */
  readonly imageProjectPrefix: string;
  readonly keyProtectionLevels: readonly KmsProtectionLevel[];
  /** GKE Standard clusters; without it only Autopilot. */
  readonly gkeStandard: boolean;
  /** GKE control plane restricted to its private endpoint and authorized networks. */
  readonly gkePrivateEndpoint: boolean;
  /** GKE application-layer secrets encryption with a Cloud KMS key. */
  readonly gkeSecretsEncryption: boolean;
  readonly secretManager: boolean;
  /** Public Cloud DNS zones (private ones exist everywhere). */
  readonly publicDns: boolean;
  /** Cloud SQL private IP through private services access (service networking); else Private Service Connect. */
  readonly cloudSqlPrivateServicesAccess: boolean;
  readonly cloudSqlEdition: "ENTERPRISE" | "ENTERPRISE_PLUS";
  /** Machine families: `general` (E2/N2/N4 and the rest) or `c3` only. */
  readonly machineFamilies: "general" | "c3";
  readonly diskType: "pd-balanced" | "hyperdisk-balanced";
  /** Workload identity pool: `<project>.svc.id.goog` publicly. */
  readonly workloadPoolDomain: string;
  /** OS Login and IAP TCP forwarding (the admin path to VMs without SSH keys or public IPs). */
  readonly osLogin: boolean;
}

/** The public Google Cloud universe. EU regions only; London and Zurich are outside the EU. */
export const PUBLIC_UNIVERSE: UniverseProfile = {
  domain: PUBLIC_UNIVERSE_DOMAIN, // the public universe
  label: "Google Cloud",
  operator: "Google",
  jurisdiction: "US",
  regions: ["europe-west1", "europe-west3", "europe-west4", "europe-west8", "europe-west9", "europe-west10", "europe-west12", "europe-north1", "europe-north2", "europe-central2", "europe-southwest1"],
  serviceAgentDomain: "iam.gserviceaccount.com",
  imageProjectPrefix: "",
  keyProtectionLevels: ["SOFTWARE", "HSM", "EXTERNAL"],
  gkeStandard: true,
  gkePrivateEndpoint: true,
  gkeSecretsEncryption: true,
  secretManager: true,
  publicDns: true,
  cloudSqlPrivateServicesAccess: true,
  cloudSqlEdition: "ENTERPRISE",
  machineFamilies: "general",
  diskType: "pd-balanced",
  workloadPoolDomain: "svc.id.goog",
  osLogin: true,
};

/** What the partner-operated universes share: Google's code, a subset of its services. */
const PARTNER_UNIVERSE = {
  gkeStandard: false,
  gkePrivateEndpoint: false,
  gkeSecretsEncryption: false,
  secretManager: false,
  publicDns: false,
  cloudSqlPrivateServicesAccess: false,
  cloudSqlEdition: "ENTERPRISE_PLUS",
  machineFamilies: "c3",
  diskType: "hyperdisk-balanced",
  osLogin: false,
} as const;

/** A partner universe whose identifiers all derive from its project prefix (`s3ns`, `eu0`). */
function partnerUniverse(props: Pick<UniverseProfile, "domain" | "label" | "operator" | "jurisdiction" | "regions" | "keyProtectionLevels"> & { readonly prefix: string }): UniverseProfile {
  const { prefix, ...rest } = props;
  return {
    ...PARTNER_UNIVERSE,
    ...rest,
    projectPrefix: prefix,
    serviceAgentDomain: `${prefix}-system.iam.gserviceaccount.com`,
    imageProjectPrefix: `${prefix}-system:`,
    workloadPoolDomain: `${prefix}.svc.id.goog`,
  };
}

/** Sovereign universes Polder knows, by universe domain. */
export const SOVEREIGN_UNIVERSES: Readonly<Record<string, UniverseProfile>> = {
  "s3nsapis.fr": partnerUniverse({
    domain: "s3nsapis.fr",
    label: "Cloud de Confiance by S3NS",
    operator: "S3NS (Thales)",
    jurisdiction: "FR",
    regions: ["u-france-east1"],
    prefix: "s3ns",
    keyProtectionLevels: ["SOFTWARE", "EXTERNAL"],
  }),
  "apis-berlin-build0.goog": partnerUniverse({
    domain: "apis-berlin-build0.goog",
    label: "Google Cloud Dedicated in Germany",
    operator: "T-Systems",
    jurisdiction: "DE",
    regions: ["u-germany-northeast1"],
    prefix: "eu0",
    keyProtectionLevels: ["SOFTWARE"],
  }),
};

/** The profile of a universe domain, or undefined when Polder does not know it. */
export function universeProfile(domain: string | undefined): UniverseProfile | undefined {
  if (domain === undefined) return PUBLIC_UNIVERSE;
  return SOVEREIGN_UNIVERSES[domain];
}

/** `the universe s3nsapis.fr (Cloud de Confiance by S3NS)`: how errors name a universe. */
export function universeName(u: UniverseProfile): string {
  return u === PUBLIC_UNIVERSE ? "the public Google Cloud universe" : `universe ${u.domain} (${u.label})`;
}
