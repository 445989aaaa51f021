import type { AppNames, UniqueName } from "../../core/unique-names";
import { egressRestricted } from "../../kinds/egress-proxy";
import { chooseStrategy } from "../../kinds/strategy";
import {
  APP_KEY_NAME,
  bucketName,
  componentName,
  endpointNames,
  FIREWALL_IDS,
  keyRingName,
  networkNames,
  nodesAccountId,
  secretBucketParts,
  sqlEndpointName,
  workloadsAccountId,
} from "./naming";
import type { GcpTarget } from "./target";

const KMS_NOTE = "Cloud KMS never deletes key rings and keys: a name once used in the project and region stays taken";
// A deleted log bucket stays (DELETE_REQUESTED, restorable) for 7 days before it is purged.
const LOGGING_NOTE = "a deleted log bucket's id stays taken for 7 days";

/**
 * Every name an app gets on Google Cloud that must be unique beyond the app, in the name space
 * the API checks it in: the project (VPC networks, firewall rules, global addresses, service
 * accounts, Cloud DNS zones, Secret Manager secrets, log sinks, Cloud SQL instances), the project
 * and region (KMS key rings and keys, subnets, routers, log buckets, GKE clusters and every
 * regional load-balancing resource), or the universe (Cloud Storage buckets). Every app on one
 * target shares its project, and two targets may name the same project, so the scope is the
 * project, not the target. Only resources the app really gets are listed (strategies, universe,
 * classification decide); a test holds this list to the synthesized JSON.
 */
export function gcpUniqueNames(app: AppNames, target: GcpTarget): UniqueName[] {
  const u = target.universe;
  const inProject = `Google Cloud project '${target.project}'`;
  const inRegion = `Google Cloud project '${target.project}', region '${target.region}'`;
  const inUniverse = `every Google Cloud project of universe ${u.domain}`;
  const names: UniqueName[] = [];
  const add = (namespace: string, name: string, scope: string, component?: string, note?: string) =>
    names.push({ namespace, name, scope, ...(component ? { component } : {}), ...(note ? { note } : {}) });
  const a = app.name;
  const firewall = (id: string, component?: string) => add("firewall rule", networkNames.firewall(a, id), inProject, component);

  // Foundation: key ring, app key, workloads' service account.
  add("KMS key ring", keyRingName(a), inRegion, undefined, KMS_NOTE);
  add("KMS key", `${keyRingName(a)}/${APP_KEY_NAME}`, inRegion, undefined, KMS_NOTE);
  add("service account", workloadsAccountId(a), inProject);
  // Network: VPC, workload subnet, NAT (unclassified) or the Private Google Access zone (classified), baseline firewall.
  add("VPC network", networkNames.vpc(a), inProject);
  add("subnetwork", networkNames.workloadsSubnet(a), inRegion);
  const restricted = egressRestricted(app.classification);
  if (restricted) add("Cloud DNS managed zone", networkNames.googleApisZone(a), inProject);
  else add("Cloud Router", networkNames.router(a), inRegion);
  for (const id of [FIREWALL_IDS.denyAllIngress, FIREWALL_IDS.denyAllEgress, FIREWALL_IDS.egressInternal, FIREWALL_IDS.egressHttps]) firewall(id);
  if (restricted && target.egress) firewall(FIREWALL_IDS.egressNamed);
  let proxyOnly = false;
  let privateServices = false;

  for (const c of app.components) {
    const strategy = strategyOf(c.kind, target, c.strategy);
    if (strategy === undefined) continue; // the build refuses the app, naming what is missing
    const id = componentName(a, c.name);
    const own = (namespace: string, name: string, scope: string, note?: string) => add(namespace, name, scope, c.name, note);
    switch (c.kind) {
      case "key":
        own("KMS key", `${keyRingName(a)}/${c.name}`, inRegion, KMS_NOTE);
        break;
      case "secret":
        if (strategy === "storage") own("Cloud Storage bucket", bucketName(a, secretBucketParts(c.name), target.project), inUniverse);
        else own("Secret Manager secret", id, inProject);
        break;
      case "log-sink":
        own("log bucket", id, inRegion, LOGGING_NOTE);
        own("log sink", id, inProject);
        break;
      case "dns-zone":
        // As the realizer decides: a public zone falls back to external records where the universe has no public zones.
        if (strategy !== "external" && (c.private || u.publicDns)) own("Cloud DNS managed zone", id, inProject);
        break;
      case "bucket":
        own("Cloud Storage bucket", bucketName(a, [c.name], target.project), inUniverse);
        break;
      case "postgres":
        own("Cloud SQL instance", id, inProject);
        if (u.cloudSqlPrivateServicesAccess) privateServices = true;
        else {
          own("regional address", sqlEndpointName(a, c.name), inRegion);
          own("regional forwarding rule", sqlEndpointName(a, c.name), inRegion);
        }
        break;
      case "kubernetes":
        own("GKE cluster", id, inRegion);
        own("service account", nodesAccountId(a, c.name), inProject);
        break;
      case "vm-group":
        own("regional instance group manager", id, inRegion);
        firewall(FIREWALL_IDS.vmWorkload, c.name);
        if (u.osLogin) firewall(FIREWALL_IDS.vmAdmin, c.name);
        break;
      case "public-endpoint":
        proxyOnly = true;
        firewall(FIREWALL_IDS.endpointBackend, c.name);
        for (const namespace of ["regional address", "regional health check", "regional security policy", "regional backend service", "regional SSL policy", "regional target HTTPS proxy", "Certificate Manager DNS authorization", "Certificate Manager certificate"])
          own(namespace, id, inRegion);
        own("regional URL map", id, inRegion);
        own("regional URL map", endpointNames.redirect(a, c.name), inRegion);
        own("regional target HTTP proxy", endpointNames.redirect(a, c.name), inRegion);
        for (const port of ["443", "80"]) own("regional forwarding rule", endpointNames.forwardingRule(a, c.name, port), inRegion);
        break;
    }
  }
  if (proxyOnly) add("subnetwork", networkNames.proxyOnlySubnet(a), inRegion);
  if (privateServices) add("global address", networkNames.privateServicesRange(a), inProject);
  return names;
}

/** The strategy the app will get for a component, or undefined when the target cannot build it. */
function strategyOf(kind: AppNames["components"][number]["kind"], target: GcpTarget, pinned: string | undefined): string | undefined {
  try {
    return chooseStrategy(kind, target, pinned);
  } catch {
    return undefined;
  }
}
