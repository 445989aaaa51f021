import { type FieldReader, show } from "../core/validate";
import { type Cidr, formatCidr, isPrivate, parseCidr, subnet } from "../kinds/cidr";

export const EGRESS_MODES = ["firewall", "nat"] as const;
export type EgressMode = (typeof EGRESS_MODES)[number];

/** The hub every tenancy's network connects to, with the zone's one way out to the internet. */
export interface HubNetworkSpec {
  /**
   * IPv4 range of the hub, RFC 1918, /16 to /22; it must not overlap the apps' networks.
   * @default "10.250.0.0/16"
   */
  readonly cidr?: string;
  /**
   * How traffic leaves: `firewall` (a central, inspecting firewall, then NAT) or `nat` only.
   * @default "firewall"
   */
  readonly egress?: EgressMode;
  /** Availability zones of the hub (1 to 3). @default 2 */
  readonly zones?: number;
}

/** Subnets of the hub, one per zone and purpose. */
export interface HubSubnetPlan {
  /** Where tenancy networks attach (transit gateway attachments, router ports). */
  readonly transit: readonly string[];
  /** Firewall endpoints; empty with `egress: nat`. */
  readonly firewall: readonly string[];
  /** NAT gateways, the only public subnets of the zone. */
  readonly public: readonly string[];
}

export interface ResolvedHubNetwork {
  readonly cidr: string;
  readonly egress: EgressMode;
  readonly zones: number;
  readonly subnets: HubSubnetPlan;
}

export const HUB_DEFAULTS = { cidr: "10.250.0.0/16", egress: "firewall", zones: 2 } as const;

/**
 * Cuts the hub into sixteen equal blocks: 0-2 transit, 4-6 firewall, 8-10 public, the rest left
 * for growth. Like app networks, a subnet's place depends only on the CIDR and the zone index, so
 * adding a zone never moves one.
 */
export function planHubSubnets(cidr: Cidr, zones: number, egress: EgressMode): HubSubnetPlan {
  if (zones < 1 || zones > 3) throw new RangeError(`zones must be 1 to 3, got ${zones}`);
  const prefix = cidr.prefix + 4;
  const range = [...Array(zones).keys()];
  const at = (offset: number) => range.map((i) => formatCidr(subnet(cidr, prefix, offset + i)));
  return { transit: at(0), firewall: egress === "firewall" ? at(4) : [], public: at(8) };
}

export function readHubNetwork(r: FieldReader): ResolvedHubNetwork | undefined {
  const before = r.issues.length;
  const raw = r.value("cidr") ?? HUB_DEFAULTS.cidr;
  let cidr: Cidr | undefined;
  if (typeof raw !== "string") r.fail("cidr", `expected a CIDR string like 10.250.0.0/16, got ${show(raw)}`);
  else {
    const parsed = parseCidr(raw);
    if (typeof parsed === "string") r.fail("cidr", `${show(raw)} is invalid: ${parsed}`);
    else if (!isPrivate(parsed)) r.fail("cidr", `${show(raw)} is not private: use a range inside 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16`);
    else if (parsed.prefix < 16 || parsed.prefix > 22) r.fail("cidr", `${show(raw)} has prefix /${parsed.prefix}: allowed are /16 to /22 (the hub is cut into /prefix+4 subnets)`);
    else cidr = parsed;
  }
  const egress = r.oneOf("egress", EGRESS_MODES, { default: HUB_DEFAULTS.egress });
  const zones = r.integer("zones", { min: 1, max: 3, default: HUB_DEFAULTS.zones });
  r.rejectUnknown();
  if (r.issues.length > before || !cidr || !egress || zones === undefined) return undefined;
  return { cidr: formatCidr(cidr), egress, zones, subnets: planHubSubnets(cidr, zones, egress) };
}
