import { boundedName } from "../aws/naming";

/**
 * A Google resource name from parts: lower-case letters, digits and hyphens, starting with a
 * letter, at most `max` characters (63 for most Compute Engine resources, 30 for service account
 * ids); a cut name keeps a stable hash of the whole.
 */
export function gcpName(parts: readonly string[], max = 63): string {
  return boundedName(parts.map((p) => p.toLowerCase().replace(/[^a-z0-9-]/g, "-")), max).replace(/-+$/, "");
}

/** The project id without a universe prefix: what may stand in a bucket name. */
export function projectIdOf(project: string): string {
  return project.replace(/^[a-z0-9]+:/, "");
}

// The names Polder gives an app's Google resources, as pure functions of the app and component
// names: the realizers create the resources with them and `gcpUniqueNames` lists them, so the
// two cannot drift. Names joined with `-` can collide across apps (`a-b` + `c`, `a` + `b-c`):
// they are existing names, so they keep their form and the synth refuses a collision instead.

/** `<app>-<component>`: the name of most of a component's resources. */
export const componentName = (app: string, component: string): string => `${app}-${component}`;

/** The app's Cloud KMS key ring. */
export const keyRingName = (app: string): string => `polder-${app}`;
/** The app key's name in the key ring (a key component is named after the component). */
export const APP_KEY_NAME = "app";
/** Id of the service account the app's workloads run as. */
export const workloadsAccountId = (app: string): string => `${app}-workloads`;
/** A Cloud Storage bucket: the project id appended, as bucket names are unique in the world. */
export const bucketName = (app: string, parts: readonly string[], project: string): string => gcpName([app, ...parts, projectIdOf(project)]);
/** Name parts after the app of a `secret` component's bucket (strategy `storage`). */
export const secretBucketParts = (component: string): string[] => [component, "secret"];

/** The app network's resources: VPC, subnets, router and NAT, firewall rules, reserved ranges. */
export const networkNames = {
  vpc: (app: string): string => app,
  workloadsSubnet: (app: string): string => `${app}-workloads`,
  proxyOnlySubnet: (app: string): string => `${app}-proxy-only`,
  router: (app: string): string => app,
  googleApisZone: (app: string): string => gcpName([app, "google-apis"]),
  privateServicesRange: (app: string): string => `${app}-private-services`,
  /** A firewall rule on the app network; `id` is the rule's construct id (`deny-all-ingress`). */
  firewall: (app: string, id: string): string => gcpName([app, id]),
};

/** A public endpoint's names besides `<app>-<component>`: the HTTP redirect and the forwarding rules. */
export const endpointNames = {
  redirect: (app: string, component: string): string => gcpName([componentName(app, component), "redirect"]),
  forwardingRule: (app: string, component: string, port: string): string => gcpName([componentName(app, component), port]),
};

/** The Private Service Connect address and forwarding rule of a Cloud SQL instance. */
export const sqlEndpointName = (app: string, component: string): string => `${componentName(app, component)}-sql`;

/** Id of a GKE cluster's node service account (at most 30 characters). */
export const nodesAccountId = (app: string, component: string): string => gcpName([app, component, "nodes"], 30);

/**
 * Construct ids of the firewall rules on the app network, which name them (`<app>-<id>`): one per
 * app, not per component (two vm-groups or two public endpoints of one app would claim one name).
 */
export const FIREWALL_IDS = {
  denyAllIngress: "deny-all-ingress",
  denyAllEgress: "deny-all-egress",
  egressInternal: "egress-internal",
  egressHttps: "egress-https",
  /** Classified apps on a target that names egress destinations. */
  egressNamed: "egress-named",
  /** A public endpoint: its load balancer to the backend. */
  endpointBackend: "ingress-backend",
  /** A vm-group: the workload port, and SSH through IAP where the universe has OS Login. */
  vmWorkload: "ingress-workload",
  vmAdmin: "ingress-admin",
} as const;
