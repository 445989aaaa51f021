import { readEgressDestinations } from "../../kinds/egress-proxy";

/** private.<universe domain>: the Private Google Access range Google APIs answer on without the internet. */
export const PRIVATE_GOOGLE_ACCESS_RANGE = "199.36.153.8/30";

/**
 * Where classified apps (departementaal-vertrouwelijk and up) may send traffic: no Cloud NAT, and
 * egress only to these ranges (the landing zone's proxy and mirror, reached over Interconnect or
 * VPN) and to Google APIs through Private Google Access.
 */
export interface GcpEgress {
  /** The forward proxy classified apps use, e.g. `http://proxy.polder.example.nl:3128`. */
  readonly proxy: string;
  /** Destination ranges the target names (proxy, mirror), at least one; the Private Google Access range is added. */
  readonly cidrs: readonly string[];
}

/** Pure: reads and validates the `egress` prop; undefined when absent or invalid (issues say why). */
export function readGcpEgress(raw: unknown, issues: { path: string; message: string }[]): GcpEgress | undefined {
  if (raw === undefined) return undefined;
  const r = (typeof raw === "object" && raw !== null ? raw : {}) as Record<string, unknown>;
  const before = issues.length;
  for (const k of Object.keys(r)) if (!["proxy", "cidrs"].includes(k)) issues.push({ path: `egress.${k}`, message: "is not a known field: proxy, cidrs" });
  const destinations = readEgressDestinations(r, issues);
  const cidrs = destinations.cidrs.map((d) => d.text);
  return issues.length > before ? undefined : { proxy: destinations.proxy, cidrs: [...cidrs, PRIVATE_GOOGLE_ACCESS_RANGE] };
}
