import { type Issue, SpecValidationError } from "../../core/errors";
import { loadRealizer } from "../../core/registry";
import { type KeyCustody, type Target, TARGET_NAME, TARGET_NAME_TEXT } from "../../core/target";
import { FieldReader, show } from "../../core/validate";
import { formatCidr, parseCidr } from "../../kinds/cidr";
import { CLASSIFICATION_LEVELS, type Classification, parseClassification } from "../../policy/classification";
import { sovereignCapabilities } from "./capabilities";
import { type ConfidentialFlavors, readConfidentialFlavors } from "./confidential";
import { readEgress, type SovereignEgress } from "./egress";
import { type K3sSource, readK3sSource } from "./k3s";
import { type ResolvedServices, SCS_DEFAULT_SERVICES, SERVICE_NAMES, type SovereignServices } from "./services";
import { sovereignUniqueNames } from "./unique-names";

/** A key manager outside this cloud (e.g. an HSM-backed Vault) that holds the app's keys and secrets. */
export interface ExternalKeyManager {
  /** What it is, for notes and reports, e.g. "Vault (ministry HSM)". */
  readonly name: string;
  /** Base reference keys and secrets live under; Polder appends `/<app>/<component>`, e.g. "vault://kms.example.nl/transit/keys". */
  readonly keyRef: string;
}

/** How administrators reach the machines that keep credentials (postgres `vm`, k3s servers). */
export interface AdminAccess {
  /** A Nova key pair of the deploying user holding the administrators' public key. */
  readonly keyPair: string;
  /** Address ranges administrators come from (bastion, VPN); SSH is open from these only. */
  readonly cidrs: readonly string[];
}

export interface SovereignTargetProps {
  /** Entry in the user's `clouds.yaml` holding auth URL and credentials; none of them enter the synthesized JSON. */
  readonly cloud: string;
  /** OpenStack region name, e.g. `RegionOne`. */
  readonly region: string;
  /**
   * What this cloud runs.
   * @default the Sovereign Cloud Stack mandatory set: compute, network, blockStorage, images, identity, loadBalancer, s3
   */
  readonly services?: SovereignServices;
  /**
   * Highest classification the cloud is accredited for; `stg-confidentieel` and above need it.
   * @default none (up to departementaal-vertrouwelijk)
   */
  readonly accreditedUpTo?: Classification | string;
  /**
   * Jurisdiction of the cloud's operator (ISO country code or `EU`).
   * @default "NL"
   */
  readonly operatorJurisdiction?: string;
  /**
   * Name of the external (provider) network routers and floating IPs use.
   * @default "public"
   */
  readonly externalNetwork?: string;
  /**
   * HTTPS URL of the cloud's S3-compatible object storage API (buckets and remote state).
   * @default none: the `s3` bucket strategy is not offered
   */
  readonly s3Endpoint?: string;
  /**
   * Cinder volume type with encryption at rest (LUKS) used for every disk Polder makes.
   * @default "encrypted"
   */
  readonly encryptedVolumeType?: string;
  /**
   * Key manager outside this cloud for keys and secrets; required for them when Barbican is absent.
   * @default none
   */
  readonly externalKeyManager?: ExternalKeyManager;
  /**
   * Create a Keystone project per app and build the app inside it. Needs a deploying user allowed
   * to create projects and assign roles.
   * @default false (the project of the `clouds.yaml` credentials)
   */
  readonly projectPerApp?: boolean;
  /**
   * How administrators reach the machines that keep credentials on disk (the postgres `vm`
   * password, the k3s kubeconfig): those instances get this key pair and SSH from these ranges.
   * Required for those strategies, whose `secret_ref` would otherwise point at a file nobody can read.
   * @default none
   */
  readonly adminAccess?: AdminAccess;
  /**
   * Egress of apps classified departementaal-vertrouwelijk and above: their private subnets route
   * through `network` (an external network that reaches only the named destinations), their
   * security groups allow egress only inside the app network, to the metadata service and to
   * `cidrs`, and their cloud-init uses `proxy`. Required for such apps: they get no route to the internet.
   * @default none (such apps are refused here)
   */
  readonly egress?: SovereignEgress;
  /**
   * Where the `vm` strategy for kubernetes gets k3s: a pinned release checked against its
   * published SHA-256 sums, from an internal mirror, a prepared image, or upstream.
   * @default the pinned release for the cluster's version, from upstream GitHub releases
   */
  readonly k3s?: K3sSource;
  /**
   * Keystone role the app's own identity gets in the app's project (the least the object storage
   * and Barbican accept; e.g. `member`, or a custom role such as `object-store-user`).
   * @default "member"
   */
  readonly appRole?: string;
  /**
   * The S3-compatible storage supports S3 Object Lock (Ceph RGW does since Nautilus): landing-zone
   * audit buckets are then created locked in compliance mode.
   * @default false
   */
  readonly s3ObjectLock?: boolean;
  /**
   * The cloud's memory-encrypting flavors (extra spec `hw:mem_encryption=true`, AMD SEV hosts) per
   * size: kubernetes nodes and VM groups of apps in a confidential placement (a landing-zone unit
   * with the `confidential` tier) use them. Their images must boot UEFI (`hw_firmware_type=uefi`,
   * `hw_machine_type=q35`).
   * @default none: apps with kubernetes or vm-group are refused in confidential placements
   */
  readonly confidentialFlavors?: ConfidentialFlavors;
  /**
   * Names this target in stack ids (`<app>-<name>`): needed to put one app on two sovereign clouds.
   * @default "sovereign"
   */
  readonly name?: string;
}

export interface SovereignTarget extends Target {
  readonly id: "sovereign";
  readonly cloud: string;
  readonly services: ResolvedServices;
  readonly externalNetwork: string;
  readonly s3Endpoint?: string;
  readonly encryptedVolumeType: string;
  readonly externalKeyManager?: ExternalKeyManager;
  readonly projectPerApp: boolean;
  readonly appRole: string;
  readonly adminAccess?: AdminAccess;
  readonly k3s?: K3sSource;
  readonly egress?: SovereignEgress;
  readonly s3ObjectLock: boolean;
  readonly confidentialFlavors?: ConfidentialFlavors;
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const NAME_TEXT = "1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit";
const HTTPS_URL = /^https:\/\/[A-Za-z0-9.-]+(:\d{1,5})?(\/[A-Za-z0-9._~\/-]*)?$/;

/** A sovereign OpenStack cloud, e.g. one built on Sovereign Cloud Stack. */
export function sovereign(props: SovereignTargetProps): SovereignTarget {
  const issues: Issue[] = [];
  const r = FieldReader.object(props, "", issues);
  if (!r) throw new SpecValidationError("targets.sovereign()", issues);
  const cloud = r.string("cloud", { required: true, pattern: NAME, patternText: `a clouds.yaml entry name: ${NAME_TEXT}` });
  const region = r.string("region", { required: true, pattern: NAME, patternText: `an OpenStack region name: ${NAME_TEXT}` });
  const services = readServices(r);
  const accreditedUpTo = readAccreditation(r);
  const operatorJurisdiction = r.string("operatorJurisdiction", { pattern: /^([A-Z]{2}|EU)$/, patternText: "an ISO 3166 country code such as NL, or EU", default: "NL" });
  const externalNetwork = r.string("externalNetwork", { pattern: NAME, patternText: `a network name or id: ${NAME_TEXT}`, default: "public" });
  const s3Endpoint = r.string("s3Endpoint", { pattern: HTTPS_URL, patternText: "an https:// URL such as https://objectstore.example.nl (TLS only)" });
  const encryptedVolumeType = r.string("encryptedVolumeType", { pattern: NAME, patternText: `a Cinder volume type name: ${NAME_TEXT}`, default: "encrypted" });
  const externalKeyManager = readExternalKeyManager(r);
  const projectPerApp = r.boolean("projectPerApp", { default: false });
  const adminAccess = readAdminAccess(r);
  const k3s = readK3sSource(r.value("k3s"), issues);
  const egress = readEgress(r.value("egress"), issues);
  const appRole = r.string("appRole", { pattern: NAME, patternText: `a Keystone role name: ${NAME_TEXT}`, default: "member" });
  const s3ObjectLock = r.boolean("s3ObjectLock", { default: false });
  const confidentialFlavors = readConfidentialFlavors(r);
  const name = r.string("name", { pattern: TARGET_NAME, patternText: TARGET_NAME_TEXT, default: "sovereign" });
  r.rejectUnknown();
  if (issues.length > 0 || !cloud || !region || !services) throw new SpecValidationError("targets.sovereign()", issues);

  const { capabilities, missing } = sovereignCapabilities({ services, settings: { s3Endpoint: !!s3Endpoint, externalKeyManager: !!externalKeyManager } });
  const keyCustody: KeyCustody[] = [];
  if (services.keyManager) keyCustody.push("customer-managed");
  if (externalKeyManager) keyCustody.push("external");
  return {
    id: "sovereign",
    name: name ?? "sovereign",
    region,
    cloud,
    description: `sovereign (${cloud}/${region})`,
    services,
    externalNetwork: externalNetwork!,
    s3Endpoint,
    encryptedVolumeType: encryptedVolumeType!,
    externalKeyManager,
    projectPerApp: projectPerApp!,
    appRole: appRole!,
    adminAccess,
    k3s,
    egress,
    s3ObjectLock: s3ObjectLock!,
    ...(confidentialFlavors ? { confidentialFlavors } : {}),
    capabilities,
    missing,
    sovereignty: {
      operatorJurisdiction: operatorJurisdiction!,
      publicCloud: false,
      // An in-house or national cloud: where it runs is the operator's, and this target's, choice.
      euResident: true,
      keyCustody,
      accreditedUpTo,
    },
    realizer: () => loadRealizer("sovereign", () => require("./realizer")),
    uniqueNames(app) { return sovereignUniqueNames(app, this); },
  };
}

function readServices(r: FieldReader): ResolvedServices | undefined {
  const s = r.object("services");
  if (!s) return r.has("services") ? undefined : SCS_DEFAULT_SERVICES;
  const before = r.issues.length;
  const out: Record<string, boolean> = {};
  for (const name of SERVICE_NAMES) out[name] = s.boolean(name, { default: SCS_DEFAULT_SERVICES[name] }) ?? SCS_DEFAULT_SERVICES[name];
  s.rejectUnknown();
  return r.issues.length > before ? undefined : (out as ResolvedServices);
}

function readAccreditation(r: FieldReader): Classification | undefined {
  const raw = r.value("accreditedUpTo");
  if (raw === undefined || raw === null) return undefined;
  const level = typeof raw === "string" ? parseClassification(raw) : undefined;
  if (!level) r.fail("accreditedUpTo", `${show(raw)} is not a classification level: one of ${CLASSIFICATION_LEVELS.join(", ")} (or a NATO/EU alias)`);
  return level;
}

function readAdminAccess(r: FieldReader): AdminAccess | undefined {
  const a = r.object("adminAccess");
  if (!a) return undefined;
  const keyPair = a.string("keyPair", { required: true, pattern: NAME, patternText: `a Nova key pair name: ${NAME_TEXT}` });
  const cidrs: string[] = [];
  const list = a.list("cidrs", { max: 20 });
  if (!list?.length) a.fail("cidrs", "is required: the administrators' address ranges, at least one");
  list?.forEach((v, i) => {
    const c = typeof v === "string" ? parseCidr(v) : "not a string";
    if (typeof c === "string") a.fail(`cidrs[${i}]`, `${show(v)} is invalid: ${c}`);
    else if (c.prefix === 0) a.fail(`cidrs[${i}]`, `${show(v)} is the whole internet: name the administrators' networks`);
    else cidrs.push(formatCidr(c));
  });
  a.rejectUnknown();
  return keyPair && cidrs.length ? { keyPair, cidrs } : undefined;
}

function readExternalKeyManager(r: FieldReader): ExternalKeyManager | undefined {
  const k = r.object("externalKeyManager");
  if (!k) return undefined;
  const name = k.string("name", { required: true, minLength: 1, maxLength: 100 });
  const keyRef = k.string("keyRef", { required: true, pattern: /^[a-z][a-z0-9+.-]*:\/\/[^\s]{1,300}$/, patternText: "a URI such as vault://kms.example.nl/transit/keys" });
  k.rejectUnknown();
  return name && keyRef ? { name, keyRef: keyRef.replace(/\/+$/, "") } : undefined;
}
