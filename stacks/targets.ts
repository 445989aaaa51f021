import type { StateBackend } from "../lib/core/state-backend";
import type { Target } from "../lib/core/target";
import { targets } from "../lib/targets";

/** A visibly made-up id (version-4 GUID shape) for the examples; a real deployment sets its own. */
const placeholder = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;

/**
 * Placeholder ids for the example landing zones on Azure (examples/landing-zones): the existing
 * subscription of each tenancy and the Entra ID object id of each admin group and break-glass
 * account. Synthesis works with them; `terraform plan` fails on them (the subscriptions do not
 * exist) until POLDER_AZURE_LANDING_ZONES names real ones.
 */
export const EXAMPLE_AZURE_LANDING_ZONES = {
  mindef: {
    subscriptions: { logistics: placeholder(1), depot: placeholder(2), dossier: placeholder(3), planning: placeholder(4), lab: placeholder(5), analyse: placeholder(6) },
    principals: {
      "GG-Platform-Admins": placeholder(101),
      "GG-Workload-Admins": placeholder(102),
      "GG-Restricted-Admins": placeholder(103),
      "GG-Sandbox-Admins": placeholder(104),
      "breakglass-1": placeholder(201),
      "breakglass-2": placeholder(202),
    },
    // The pipelines that deploy the example apps placed in the zone (examples/landing-zones/apps).
    appDeployers: { depot: placeholder(302), dossier: placeholder(303), analyse: placeholder(306) },
  },
  lab: {
    subscriptions: { "try-out": placeholder(11) },
    principals: { "GG-Lab-Admins": placeholder(111), "lab-breakglass-1": placeholder(211), "lab-breakglass-2": placeholder(212) },
  },
} as const;

/**
 * The project's built-in targets, used when no targets file is given (lib/cli/targets-file.ts),
 * from the environment as it is now. A function, not a constant: the synth program may start from
 * a snapshot taken on another machine's environment (lib/cli/program.ts).
 *
 * - `aws`: region `POLDER_AWS_REGION` (default eu-central-1).
 * - `sovereign`: a Sovereign Cloud Stack cloud with Designate, Barbican and Swift, accredited up
 *   to stg-geheim: `POLDER_OS_CLOUD` (polder), `POLDER_OS_REGION` (RegionOne),
 *   `POLDER_OS_EXTERNAL_NETWORK` (public). Buckets and log sinks are Swift containers, unless
 *   `POLDER_OS_S3_ENDPOINT` names the cloud's S3 API: there is no default endpoint, so no made-up
 *   address reaches the generated setup commands. Confidential flavors are placeholder names.
 * - `azure`: location `POLDER_AZURE_LOCATION` (westeurope), subscription `POLDER_AZURE_SUBSCRIPTION_ID`;
 *   classified apps' egress `POLDER_AZURE_EGRESS_PROXY`, `POLDER_AZURE_EGRESS_CIDRS` (comma-separated),
 *   `POLDER_AZURE_EGRESS_FIREWALL` (the hub firewall AKS clusters of such apps route through);
 *   the example landing zones' existing subscriptions and Entra ID object ids `POLDER_AZURE_LANDING_ZONES`
 *   (JSON of the target's `landingZones` prop; default: placeholder ids, see `EXAMPLE_AZURE_LANDING_ZONES`).
 * - `gcp` and `s3ns`: landing zones need the organization (`POLDER_GCP_ORGANIZATION_ID`,
 *   `POLDER_S3NS_ORGANIZATION_ID`), billing account (`POLDER_GCP_BILLING_ACCOUNT`,
 *   `POLDER_S3NS_BILLING_ACCOUNT`) and identity domain (`POLDER_GCP_GROUP_DOMAIN`,
 *   `POLDER_S3NS_GROUP_DOMAIN`); the defaults are example values so the examples synthesize.
 */
export function projectTargets(env: NodeJS.ProcessEnv = process.env): readonly Target[] {
  return [
    targets.aws({
      region: env.POLDER_AWS_REGION || "eu-central-1",
      // Classified apps (intake) get no NAT gateway: AWS services through VPC endpoints, the proxy and mirror through the landing zone's transit gateway.
      egress: {
        proxy: env.POLDER_AWS_EGRESS_PROXY ?? "http://proxy.polder.example.nl:3128",
        cidrs: (env.POLDER_AWS_EGRESS_CIDRS ?? "10.255.0.0/24").split(","),
        transitGatewayId: env.POLDER_AWS_TRANSIT_GATEWAY ?? "tgw-0123456789abcdef0",
      },
    }),
    targets.sovereign({
      cloud: env.POLDER_OS_CLOUD || "polder",
      region: env.POLDER_OS_REGION || "RegionOne",
      accreditedUpTo: "stg-geheim",
      s3Endpoint: env.POLDER_OS_S3_ENDPOINT || undefined,
      externalNetwork: env.POLDER_OS_EXTERNAL_NETWORK || "public",
      services: { dns: true, keyManager: true, swift: true },
      // How administrators reach the machines that keep credentials (postgres vm, k3s servers).
      // Classified apps reach only these: an external network routed to the proxy and mirror, not the internet.
      egress: {
        network: env.POLDER_OS_EGRESS_NETWORK ?? "egress",
        proxy: env.POLDER_OS_EGRESS_PROXY ?? "http://proxy.polder.example.nl:3128",
        cidrs: (env.POLDER_OS_EGRESS_CIDRS ?? "192.168.251.0/24").split(","),
      },
      adminAccess: { keyPair: env.POLDER_OS_ADMIN_KEYPAIR ?? "polder-admins", cidrs: (env.POLDER_OS_ADMIN_CIDRS ?? "192.168.250.0/24").split(",") },
      // Ceph RGW supports S3 Object Lock: landing-zone audit buckets are locked (compliance mode).
      s3ObjectLock: true,
      // Placeholder names of the cloud's memory-encrypting flavors (hw:mem_encryption=true, AMD SEV
      // hosts), like the other defaults here: apps in confidential landing-zone units use them.
      confidentialFlavors: { small: "SCS-2V-8-sev", medium: "SCS-4V-16-sev", large: "SCS-8V-32-sev" },
    }),
    targets.azure({
      location: env.POLDER_AZURE_LOCATION ?? "westeurope",
      subscriptionId: env.POLDER_AZURE_SUBSCRIPTION_ID,
      // Classified apps (intake) get no NAT gateway: the vault and storage through private endpoints, the proxy and mirror through the hub peering.
      egress: {
        proxy: env.POLDER_AZURE_EGRESS_PROXY ?? "http://proxy.polder.example.nl:3128",
        cidrs: (env.POLDER_AZURE_EGRESS_CIDRS ?? "10.255.0.0/24").split(","),
        firewallIp: env.POLDER_AZURE_EGRESS_FIREWALL ?? "10.255.0.4",
      },
      landingZones: env.POLDER_AZURE_LANDING_ZONES ? JSON.parse(env.POLDER_AZURE_LANDING_ZONES) : EXAMPLE_AZURE_LANDING_ZONES,
    }),
    // Classified apps (intake) get no Cloud NAT: Google APIs through Private Google Access, the proxy and mirror over the landing zone's interconnect.
    targets.gcp({
      project: env.POLDER_GCP_PROJECT || "polder-examples",
      region: env.POLDER_GCP_REGION || "europe-west4",
      organizationId: env.POLDER_GCP_ORGANIZATION_ID || "123456789012",
      billingAccount: env.POLDER_GCP_BILLING_ACCOUNT || "012345-6789AB-CDEF01",
      groupDomain: env.POLDER_GCP_GROUP_DOMAIN || "mindef.example.nl",
      egress: { proxy: env.POLDER_GCP_EGRESS_PROXY ?? "http://proxy.polder.example.nl:3128", cidrs: (env.POLDER_GCP_EGRESS_CIDRS ?? "10.255.1.0/24").split(",") },
    }),
    // Cloud de Confiance by S3NS, a sovereign Google universe: what it lacks falls back or fails there.
    targets.gcp({
      project: env.POLDER_S3NS_PROJECT || "polder-examples",
      region: "u-france-east1",
      universeDomain: "s3nsapis.fr",
      name: "s3ns",
      organizationId: env.POLDER_S3NS_ORGANIZATION_ID || "123456789012",
      billingAccount: env.POLDER_S3NS_BILLING_ACCOUNT || "012345-6789AB-CDEF01",
      groupDomain: env.POLDER_S3NS_GROUP_DOMAIN || "mindef.example.nl",
      egress: { proxy: env.POLDER_GCP_EGRESS_PROXY ?? "http://proxy.polder.example.nl:3128", cidrs: (env.POLDER_GCP_EGRESS_CIDRS ?? "10.255.1.0/24").split(",") },
    }),
  ];
}

/**
 * Remote state when POLDER_STATE_BUCKET (or POLDER_STATE_BUCKET_<TARGET NAME>, upper case, `-` as `_`) is set (one bucket, a key per stack); local state
 * otherwise, which is fine for trying things out and never for a shared environment.
 */
export function backendFor(target: Target, stackId: string): StateBackend | undefined {
  // Azure keeps state in a storage account (Entra ID auth): POLDER_AZURE_STATE_ACCOUNT names it.
  if (target.id === "azure") {
    const account = process.env[`POLDER_AZURE_STATE_ACCOUNT_${target.name.toUpperCase().replace(/-/g, "_")}`] ?? process.env.POLDER_AZURE_STATE_ACCOUNT;
    return account ? { type: "azurerm", storageAccountName: account, key: `polder/${stackId}/terraform.tfstate` } : undefined;
  }
  const suffix = target.name.toUpperCase().replace(/-/g, "_");
  // Google keeps state in a Cloud Storage bucket: POLDER_GCS_STATE_BUCKET names it (and, in a
  // sovereign universe, POLDER_GCS_STATE_ENDPOINT the universe's storage endpoint).
  if (target.id === "gcp") {
    const bucket = process.env[`POLDER_GCS_STATE_BUCKET_${suffix}`] ?? process.env.POLDER_GCS_STATE_BUCKET;
    const endpoint = process.env[`POLDER_GCS_STATE_ENDPOINT_${suffix}`] ?? process.env.POLDER_GCS_STATE_ENDPOINT;
    return bucket ? { type: "gcs", bucket, prefix: `polder/${stackId}`, ...(endpoint ? { endpoint } : {}) } : undefined;
  }
  const bucket = process.env[`POLDER_STATE_BUCKET_${suffix}`] ?? process.env.POLDER_STATE_BUCKET;
  if (!bucket) return undefined;
  return { type: "s3", bucket, key: `polder/${stackId}/terraform.tfstate` };
}
