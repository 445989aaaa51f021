import { type Issue, SpecValidationError } from "../../core/errors";
import { readEgressDestinations } from "../../kinds/egress-proxy";
import { overlaps, parseCidr } from "../../kinds/cidr";
import { loadRealizer } from "../../core/registry";
import { type Capabilities, type KeyCustody, type Target, TARGET_NAME, TARGET_NAME_TEXT } from "../../core/target";
import { type AzureLandingZoneIds, readAzureLandingZoneIds } from "./landing-zone/ids";
import { azureUniqueNames } from "./unique-names";

/** Azure locations in an EU member state (UK, Switzerland and Norway are not). */
export const AZURE_EU_LOCATIONS = [
  "westeurope",
  "northeurope",
  "germanywestcentral",
  "germanynorth",
  "francecentral",
  "francesouth",
  "swedencentral",
  "swedensouth",
  "italynorth",
  "polandcentral",
  "spaincentral",
  "austriaeast",
  "belgiumcentral",
] as const;

/** Where the app keys live: Key Vault Premium (HSM-protected keys) or an existing Managed HSM. */
export const AZURE_KEY_CUSTODY = ["key-vault", "managed-hsm"] as const;
export type AzureKeyCustody = (typeof AZURE_KEY_CUSTODY)[number];

/** Azure clouds the azurerm provider knows by name; a partner cloud is reached through `metadataHost`. */
export const AZURE_ENVIRONMENTS = ["public", "usgovernment", "china"] as const;
export type AzureEnvironment = (typeof AZURE_ENVIRONMENTS)[number];

/** Default SSH public key resource every VM scale set names (see `vmAdminKey`). */
export const DEFAULT_VM_ADMIN_KEY = { resourceGroupName: "polder-platform", name: "polder-vm-admin" } as const;

export interface AzureTargetProps {
  /** Azure location (region), e.g. `westeurope`. Locations outside the EU are accepted and refused by the residency rule. */
  readonly location: string;
  /**
   * Subscription written into the provider block.
   * @default none: the pipeline sets `ARM_SUBSCRIPTION_ID`
   */
  readonly subscriptionId?: string;
  /**
   * `key-vault`: a Key Vault Premium per app with HSM-protected keys; `managed-hsm`: the app key in an
   * existing Managed HSM (`managedHsmId`), secrets and certificates in the app's Key Vault.
   * @default "key-vault"
   */
  readonly keyCustody?: AzureKeyCustody;
  /**
   * Resource id of the Managed HSM that holds the app keys; required with `keyCustody: "managed-hsm"`.
   * @default none
   */
  readonly managedHsmId?: string;
  /**
   * Azure cloud of the provider.
   * @default "public"
   */
  readonly environment?: AzureEnvironment;
  /**
   * Metadata endpoint host of a partner-operated (sovereign) Azure cloud, e.g. `management.sovereign.example.eu`.
   * @default none (Microsoft's own cloud)
   */
  readonly metadataHost?: string;
  /**
   * Jurisdiction of the cloud's operator, for the sovereignty profile.
   * @default "US" (Microsoft); "EU" when `metadataHost` names a partner cloud
   */
  readonly operatorJurisdiction?: string;
  /**
   * An existing `azurerm_ssh_public_key` every VM scale set takes as its admin key (Azure requires one
   * when password login is off). Its private key stays with the platform team; nothing of it enters state.
   * @default { resourceGroupName: "polder-platform", name: "polder-vm-admin" }
   */
  readonly vmAdminKey?: { readonly resourceGroupName: string; readonly name: string };
  /**
   * Names this target in stack ids (`<app>-<name>`): needed to put one app on two Azure targets.
   * @default "azure"
   */
  readonly name?: string;
  /**
   * Egress of apps classified departementaal-vertrouwelijk and above, which get no NAT gateway, no
   * default outbound access and no route to the internet: the vault and storage through private
   * endpoints, Entra ID tokens from the instance metadata service, and `cidrs` (the proxy, a package
   * mirror, reached through the landing zone's hub peering) as the only other destinations; their
   * cloud-init uses `proxy`.
   * @default none (such apps reach the private endpoints and the app network only)
   */
  readonly egress?: AzureEgress;
  /**
   * Per landing zone on this target, the ids of existing Azure objects its spec cannot hold: the
   * subscription of every tenancy (referenced, moved into its unit's management group, never
   * created) and the Entra ID object id of every admin group and break-glass identity.
   * @default none (a landing zone on this target with tenancies or identities is an error naming what is missing)
   */
  readonly landingZones?: Readonly<Record<string, AzureLandingZoneIds>>;
}

/** Where classified apps' machines may go besides the app network and its private endpoints. */
export interface AzureEgress {
  /** HTTP proxy for packages and downloads, e.g. `http://proxy.example.nl:3128`. */
  readonly proxy: string;
  /** Destination ranges (proxy, mirror), reached through the hub the platform peers the app VNet with. */
  readonly cidrs: readonly string[];
  /**
   * Private address of the hub's firewall, inside `cidrs`: AKS clusters of classified apps route
   * 0.0.0.0/0 there (outbound type userDefinedRouting), and the firewall lets only AKS's required
   * destinations through. Without it such apps cannot have a kubernetes component on Azure.
   * @default none
   */
  readonly firewallIp?: string;
}

export interface AzureTarget extends Target {
  readonly id: "azure";
  readonly location: string;
  readonly subscriptionId?: string;
  readonly keyCustody: AzureKeyCustody;
  readonly managedHsmId?: string;
  readonly environment: AzureEnvironment;
  readonly metadataHost?: string;
  readonly vmAdminKey: { readonly resourceGroupName: string; readonly name: string };
  readonly egress?: AzureEgress;
  readonly landingZones?: Readonly<Record<string, AzureLandingZoneIds>>;
}

function readAzureEgress(raw: unknown, issues: Issue[]): AzureEgress | undefined {
  if (raw === undefined) return undefined;
  const r = (typeof raw === "object" && raw !== null ? raw : {}) as Record<string, unknown>;
  const before = issues.length;
  if (typeof raw !== "object" || raw === null) issues.push({ path: "egress", message: `expected { proxy, cidrs }, got ${show(raw)}` });
  for (const k of Object.keys(r)) if (!["proxy", "cidrs", "firewallIp"].includes(k)) issues.push({ path: `egress.${k}`, message: "is not a known field: proxy, cidrs, firewallIp" });
  const destinations = readEgressDestinations(r, issues);
  const cidrs = destinations.cidrs.map((d) => d.text);
  const ip = r.firewallIp;
  if (ip !== undefined) {
    const host = typeof ip === "string" && /^\d{1,3}(\.\d{1,3}){3}$/.test(ip) ? parseCidr(`${ip}/32`) : "not an IPv4 address";
    if (typeof host === "string") issues.push({ path: "egress.firewallIp", message: `${show(ip)} is not an IPv4 address such as 10.255.0.4` });
    else if (!destinations.cidrs.some((d) => overlaps(d.cidr, host)))
      issues.push({ path: "egress.firewallIp", message: `${show(ip)} lies outside egress.cidrs ${show(cidrs)}: the firewall is one of the destinations the target names` });
  }
  return issues.length > before ? undefined : { proxy: destinations.proxy, cidrs, ...(ip === undefined ? {} : { firewallIp: ip as string }) };
}

const LOCATION = /^[a-z][a-z0-9]{2,39}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MANAGED_HSM_ID = /^\/subscriptions\/[0-9a-f-]{36}\/resourceGroups\/[A-Za-z0-9._()-]{1,90}\/providers\/Microsoft\.KeyVault\/managedHSMs\/[A-Za-z][A-Za-z0-9-]{1,22}[A-Za-z0-9]$/i;
const HOST = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
const RESOURCE_NAME = /^[A-Za-z0-9._()-]{1,90}$/;

const CAPABILITIES: Capabilities = {
  network: ["managed"],
  key: ["managed"],
  "log-sink": ["managed"],
  secret: ["managed"],
  "dns-zone": ["managed"],
  bucket: ["managed"],
  postgres: ["managed"],
  kubernetes: ["managed"],
  "vm-group": ["managed"],
  "public-endpoint": ["managed"],
};

const show = (v: unknown) => JSON.stringify(v) ?? String(v);

/** Microsoft Azure, or a partner-operated Azure cloud reached through its own metadata host. */
export function azure(props: AzureTargetProps): AzureTarget {
  if (typeof props !== "object" || props === null)
    throw new SpecValidationError("targets.azure()", [{ path: "(props)", message: `expected { location, subscriptionId?, keyCustody?, managedHsmId?, environment?, metadataHost?, name?, egress?, landingZones? }, got ${show(props)}` }]);
  const issues: Issue[] = [];
  const keyCustody = props.keyCustody ?? "key-vault";
  const environment = props.environment ?? "public";
  const name = props.name ?? "azure";
  const vmAdminKey = props.vmAdminKey ?? DEFAULT_VM_ADMIN_KEY;
  if (typeof props.location !== "string" || !LOCATION.test(props.location))
    issues.push({ path: "location", message: `${show(props.location)} is not an Azure location name such as westeurope (lower-case letters and digits, no spaces)` });
  if (props.subscriptionId !== undefined && (typeof props.subscriptionId !== "string" || !UUID.test(props.subscriptionId)))
    issues.push({ path: "subscriptionId", message: `${show(props.subscriptionId)} is not a subscription id (a GUID such as 00000000-0000-0000-0000-000000000000)` });
  if (!(AZURE_KEY_CUSTODY as readonly string[]).includes(keyCustody))
    issues.push({ path: "keyCustody", message: `${show(keyCustody)} is not allowed: one of ${AZURE_KEY_CUSTODY.join(", ")}` });
  if (keyCustody === "managed-hsm" && props.managedHsmId === undefined)
    issues.push({ path: "managedHsmId", message: "is required with keyCustody \"managed-hsm\": the resource id of an existing Managed HSM" });
  if (props.managedHsmId !== undefined) {
    if (keyCustody !== "managed-hsm") issues.push({ path: "managedHsmId", message: `is only used with keyCustody "managed-hsm", not ${show(keyCustody)}: remove it or set keyCustody` });
    else if (typeof props.managedHsmId !== "string" || !MANAGED_HSM_ID.test(props.managedHsmId))
      issues.push({ path: "managedHsmId", message: `${show(props.managedHsmId)} is not a Managed HSM resource id (/subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.KeyVault/managedHSMs/<name>)` });
  }
  if (!(AZURE_ENVIRONMENTS as readonly string[]).includes(environment))
    issues.push({ path: "environment", message: `${show(environment)} is not allowed: one of ${AZURE_ENVIRONMENTS.join(", ")} (a partner cloud is named by metadataHost)` });
  if (props.metadataHost !== undefined && (typeof props.metadataHost !== "string" || !HOST.test(props.metadataHost)))
    issues.push({ path: "metadataHost", message: `${show(props.metadataHost)} is not a host name such as management.sovereign.example.eu (no scheme, no path)` });
  if (props.operatorJurisdiction !== undefined && (typeof props.operatorJurisdiction !== "string" || !/^[A-Z]{2}$|^EU$/.test(props.operatorJurisdiction)))
    issues.push({ path: "operatorJurisdiction", message: `${show(props.operatorJurisdiction)} is not an ISO country code (e.g. NL) or EU` });
  if (typeof vmAdminKey !== "object" || vmAdminKey === null || !RESOURCE_NAME.test(String(vmAdminKey.resourceGroupName)) || !RESOURCE_NAME.test(String(vmAdminKey.name)))
    issues.push({ path: "vmAdminKey", message: `${show(vmAdminKey)} is not { resourceGroupName, name } of an azurerm SSH public key (1-90 letters, digits, . _ ( ) -)` });
  if (typeof name !== "string" || !TARGET_NAME.test(name)) issues.push({ path: "name", message: `${show(name)} is not allowed: ${TARGET_NAME_TEXT}` });
  const egress = readAzureEgress(props.egress, issues);
  const landingZones = readAzureLandingZoneIds(props.landingZones, issues);
  if (issues.length) throw new SpecValidationError("targets.azure()", issues);

  const partner = props.metadataHost !== undefined;
  const euResident = environment === "public" && (AZURE_EU_LOCATIONS as readonly string[]).includes(props.location);
  const custody: KeyCustody[] = ["provider-managed", "customer-managed", "hsm"];
  return {
    id: "azure",
    name,
    region: props.location,
    location: props.location,
    subscriptionId: props.subscriptionId,
    keyCustody,
    managedHsmId: props.managedHsmId,
    environment,
    metadataHost: props.metadataHost,
    vmAdminKey,
    egress,
    landingZones,
    description: `azure (${partner ? `${props.metadataHost}/` : environment === "public" ? "" : `${environment}/`}${props.location})`,
    capabilities: CAPABILITIES,
    sovereignty: {
      operatorJurisdiction: props.operatorJurisdiction ?? (partner ? "EU" : "US"),
      publicCloud: true,
      euResident,
      partition: partner ? props.metadataHost : environment,
      // Both custodies keep every app key in an HSM: Key Vault Premium RSA-HSM keys (HSM platform 2,
      // FIPS 140-3 level 3 for keys created today) or a single-tenant Managed HSM (FIPS 140-3 level 3).
      keyCustody: custody,
    },
    realizer: () => loadRealizer("azure", () => require("./realizer")),
    uniqueNames(app) { return azureUniqueNames(app, this); },
  };
}
