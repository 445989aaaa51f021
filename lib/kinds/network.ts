import { type FieldReader, show } from "../shared/validate";
import { type Cidr, formatCidr, isPrivate, overlaps, parseCidr } from "./cidr";
import { planSubnets, type SubnetPlan } from "./network-plan";

/** The app's network: private by default, one public tier for load balancers only. */
export interface NetworkProps {
  /**
   * IPv4 range of the app network, RFC 1918, prefix /16 to /24.
   * @default "10.0.0.0/16"
   */
  readonly cidr?: string;
  /**
   * Availability zones to spread subnets over (1 to 3).
   * @default 2
   */
  readonly zones?: number;
  /**
   * CIDR blocks allowed to reach workloads inside the network, besides the network itself.
   * @default [] (only traffic from inside the network)
   */
  readonly allowedIngressCidrs?: readonly string[];
}

export interface ResolvedNetwork {
  readonly cidr: string;
  readonly zones: number;
  readonly subnets: SubnetPlan;
  readonly allowedIngressCidrs: readonly string[];
}

export const NETWORK_DEFAULTS = { cidr: "10.0.0.0/16", zones: 2 } as const;

function readCidr(r: FieldReader, key: string, value: unknown, opts: { app: boolean }): Cidr | undefined {
  if (typeof value !== "string") return r.fail(key, `expected a CIDR string like 10.20.0.0/16, got ${show(value)}`);
  const parsed = parseCidr(value);
  if (typeof parsed === "string") return r.fail(key, `${show(value)} is invalid: ${parsed}`);
  if (opts.app) {
    if (!isPrivate(parsed)) return r.fail(key, `${show(value)} is not private: use a range inside 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16`);
    if (parsed.prefix < 16 || parsed.prefix > 24)
      return r.fail(key, `${show(value)} has prefix /${parsed.prefix}: allowed are /16 to /24`);
  }
  return parsed;
}

export function readNetwork(r: FieldReader): ResolvedNetwork | undefined {
  const before = r.issues.length;
  const rawCidr = r.value("cidr") ?? NETWORK_DEFAULTS.cidr;
  const cidr = readCidr(r, "cidr", rawCidr, { app: true });
  const zones = r.integer("zones", { min: 1, max: 3, default: NETWORK_DEFAULTS.zones });
  const allowed: string[] = [];
  const list = r.list("allowedIngressCidrs", { max: 20 });
  const seen: { index: number; cidr: Cidr }[] = [];
  list?.forEach((v, i) => {
    const key = `allowedIngressCidrs[${i}]`;
    const c = readCidr(r, key, v, { app: false });
    if (!c) return;
    // Each range becomes a firewall rule: a repeated or covered range is a duplicate rule the
    // provider refuses, or a rule that does nothing.
    const other = seen.find((s) => overlaps(s.cidr, c));
    if (c.prefix === 0) r.fail(key, `${show(v)} opens the network to the whole internet: use a public-endpoint component instead`);
    else if (cidr && c.prefix >= cidr.prefix && overlaps(c, cidr)) r.fail(key, `${show(v)} lies inside the app network ${formatCidr(cidr)}, which is always allowed: remove it`);
    else if (other) r.fail(key, `${show(v)} overlaps allowedIngressCidrs[${other.index}] (${formatCidr(other.cidr)}): list each range once, the wider one covers both`);
    else {
      seen.push({ index: i, cidr: c });
      allowed.push(formatCidr(c));
    }
  });
  r.rejectUnknown();
  if (r.issues.length > before || !cidr || zones === undefined) return undefined;
  return { cidr: formatCidr(cidr), zones, subnets: planSubnets(cidr, zones), allowedIngressCidrs: allowed };
}
