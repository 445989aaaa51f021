import type { AppNames, UniqueName } from "../../core/unique-names";
import { chooseStrategy } from "../../kinds/strategy";
import {
  APP_KEY_REF_NAME,
  appProjectName,
  appUserName,
  certificateContainerName,
  designateZoneName,
  endpointCertificateRefName,
  externalRef,
  s3BucketName,
  swiftContainerName,
} from "./naming";
import type { SovereignTarget } from "./target";

/** The project id in an S3 bucket name: unknown at synth, one per project. */
const PROJECT = "<project>";

/**
 * Every name an app gets on a sovereign OpenStack cloud that must be unique beyond the app, and
 * which API insists. Most OpenStack names need not be unique: Nova servers and server groups,
 * Neutron networks, subnets, routers, ports and security groups, Cinder volumes, Octavia load
 * balancers, listeners and pools, Magnum clusters and templates, Trove instances and Barbican
 * orders, secrets and containers all accept duplicates (they are told apart by id), so they are
 * not listed. What must be unique:
 * - Keystone user and project names, in their domain: Keystone answers 409 Conflict. Every app
 *   of one cloud's credentials is in one domain: the whole cloud is the scope.
 * - Designate zones: one zone name in the whole cloud, whichever project asks (409 Conflict,
 *   DuplicateZone).
 * - Swift containers: a PUT on an existing container succeeds (202), so two apps would silently
 *   share one. Swift keeps one name space per project, but Ceph RGW, which serves the Swift API
 *   on many Sovereign Cloud Stack clouds, keeps one for the whole cloud unless implicit tenants
 *   are on, which Polder cannot tell: checked cloud-wide.
 * - Buckets on the S3 API (Ceph RGW: one name space for the whole cloud; create-bucket on a
 *   taken name fails, or succeeds for its owner's project, sharing it): the project id in the
 *   name keeps projects apart, so the scope is the project.
 * - The Barbican certificate container of a public endpoint: Barbican accepts a second one, but
 *   the listener finds it by name in the project, and that lookup fails on two.
 * - References in the external key manager (`<keyRef>/<app>/<name>`): one reference is one key.
 * Without `projectPerApp` every app of one cloud's credentials shares its project; with it each
 * app has its own, so only cloud-wide names can collide across apps. A test holds this list to
 * the synthesized JSON.
 */
export function sovereignUniqueNames(app: AppNames, target: SovereignTarget): UniqueName[] {
  const a = app.name;
  const inCloud = `sovereign cloud '${target.cloud}'`;
  const inProject = target.projectPerApp ? `project '${appProjectName(a)}' of sovereign cloud '${target.cloud}'` : `the project of sovereign cloud '${target.cloud}'`;
  const km = target.externalKeyManager;
  const inKeyManager = `external key manager '${km?.name}'`;
  const names: UniqueName[] = [];
  const add = (namespace: string, name: string, scope: string, component?: string) => names.push({ namespace, name, scope, ...(component ? { component } : {}) });

  if (target.projectPerApp) add("Keystone project", appProjectName(a), inCloud);
  // The app key is in Barbican when the cloud runs it; else a reference in the external key manager.
  if (!target.services.keyManager && km) add("external key manager reference", externalRef(km.keyRef, a, APP_KEY_REF_NAME), inKeyManager);
  let appUser = false;
  for (const c of app.components) {
    const strategy = strategyOf(c.kind, target, c.strategy);
    if (strategy === undefined) continue; // the build refuses the app, naming what is missing
    const own = (namespace: string, name: string, scope: string) => add(namespace, name, scope, c.name);
    switch (c.kind) {
      case "key":
      case "secret":
        if (strategy === "external" && km) own("external key manager reference", externalRef(km.keyRef, a, c.name), inKeyManager);
        if (c.kind === "secret" && strategy === "managed") appUser = true;
        break;
      case "bucket":
      case "log-sink":
        if (strategy === "swift") own("Swift container", swiftContainerName(a, c.name), inCloud);
        if (strategy === "s3") {
          own("S3 bucket", s3BucketName(a, c.name, PROJECT), inProject);
          appUser = true;
        }
        break;
      case "dns-zone":
        // A private zone with `managed` is refused by the build (Designate serves public zones only).
        if (strategy === "managed" && !c.private) own("Designate zone", designateZoneName(c.domain), inCloud);
        break;
      case "public-endpoint":
        if (strategy === "managed") own("Barbican certificate container", certificateContainerName(a, c.name), inProject);
        else if (km) own("external key manager reference", externalRef(km.keyRef, a, endpointCertificateRefName(c.name)), inKeyManager);
        break;
      case "postgres":
      case "kubernetes":
      case "vm-group":
        break;
    }
  }
  if (appUser) add("Keystone user", appUserName(a), inCloud);
  return names;
}

/** The strategy the app will get for a component, or undefined when the target cannot build it. */
function strategyOf(kind: AppNames["components"][number]["kind"], target: SovereignTarget, pinned: string | undefined): string | undefined {
  try {
    return chooseStrategy(kind, target, pinned);
  } catch {
    return undefined;
  }
}
