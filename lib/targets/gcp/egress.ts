import { parseCidr } from "../../kinds/cidr";

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
  if (typeof r.proxy !== "string" || !/^https?:\/\/[A-Za-z0-9.-]+(:\d{1,5})?\/?$/.test(r.proxy)) issues.push({ path: "egress.proxy", message: `${JSON.stringify(r.proxy)} is not a proxy URL such as http://proxy.example.nl:3128` });
  const cidrs: string[] = [];
  if (!Array.isArray(r.cidrs) || r.cidrs.length === 0) issues.push({ path: "egress.cidrs", message: "is required: the destination ranges (proxy, mirror), at least one" });
  else
    r.cidrs.forEach((c, i) => {
      const p = typeof c === "string" ? parseCidr(c) : "not a string";
      if (typeof p === "string") issues.push({ path: `egress.cidrs[${i}]`, message: `${JSON.stringify(c)} is invalid: ${p}` });
      else if (p.prefix < 8) issues.push({ path: `egress.cidrs[${i}]`, message: `${JSON.stringify(c)} is far wider than a proxy or mirror: name their addresses` });
      else cidrs.push(c as string);
    });
  return issues.length > before ? undefined : { proxy: (r.proxy as string).replace(/\/$/, ""), cidrs: [...cidrs, PRIVATE_GOOGLE_ACCESS_RANGE] };
}
