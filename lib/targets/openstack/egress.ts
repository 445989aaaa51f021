import type { Issue } from "../../core/errors";
import { readEgressDestinations } from "../../kinds/egress-proxy";
import { formatCidr } from "../../kinds/cidr";

/**
 * Where machines of classified apps may go: an external network whose gateway reaches only the
 * named destinations (a proxy, a package mirror), never the internet.
 */
export interface SovereignEgress {
  /** External (provider) network reaching only the destinations below; the app's private subnets route through it. */
  readonly network: string;
  /** HTTP proxy the machines use for packages and downloads, e.g. `http://proxy.example.nl:3128`. */
  readonly proxy: string;
  /** Destination ranges the machines may reach through it (the proxy, a package mirror). */
  readonly cidrs: readonly string[];
}

export { egressRestricted, RESTRICTED_EGRESS_FROM } from "../../kinds/egress-proxy";

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export function readEgress(raw: unknown, issues: Issue[]): SovereignEgress | undefined {
  if (raw === undefined) return undefined;
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    issues.push({ path: "egress", message: `expected { network, proxy, cidrs }, got ${JSON.stringify(raw)}` });
    return undefined;
  }
  const r = raw as Record<string, unknown>;
  const before = issues.length;
  for (const k of Object.keys(r)) if (!["network", "proxy", "cidrs"].includes(k)) issues.push({ path: `egress.${k}`, message: "is not a known field: network, proxy, cidrs" });
  if (typeof r.network !== "string" || !NAME.test(r.network)) issues.push({ path: "egress.network", message: `${JSON.stringify(r.network)} is not a network name (1 to 64 letters, digits, '.', '_' or '-')` });
  const destinations = readEgressDestinations(r, issues);
  const cidrs = destinations.cidrs.map((d) => formatCidr(d.cidr));
  return issues.length > before ? undefined : { network: r.network as string, proxy: destinations.proxy, cidrs };
}

export { aptProxyConfig, proxyExports, withProxy } from "../../kinds/egress-proxy";
