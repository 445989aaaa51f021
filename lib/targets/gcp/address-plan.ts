import { type Cidr, formatCidr, parseCidr, subnet } from "../../kinds/cidr";
import type { SubnetPlan } from "../../kinds/network-plan";

/**
 * Ranges Google Cloud needs besides the app network, from the shared address space 100.64.0.0/10
 * that GKE, proxy-only subnets and private services access accept: the same in every app, which
 * is fine because every app has its own VPC, and it leaves the app's RFC 1918 range, which may be
 * as small as /24, to its machines.
 */
export const GCP_EXTRA_RANGES = {
  pods: "100.64.0.0/14",
  services: "100.68.0.0/20",
  proxyOnly: "100.68.16.0/23",
  privateServices: "100.68.32.0/20",
} as const;

/**
 * How an app network's range is used on Google Cloud, where subnets are regional (one subnet
 * serves every zone): the network plan's first private block is the workload subnet; the GKE
 * control plane gets the first /28 of the plan's last block (block 7, left for growth); pods,
 * services, the load balancers' proxies and Cloud SQL come from `GCP_EXTRA_RANGES`.
 */
export interface GcpAddressPlan {
  readonly workloads: string;
  readonly pods: string;
  readonly services: string;
  readonly proxyOnly: string;
  /** Start address and prefix of the private services access range (Cloud SQL). */
  readonly privateServices: { readonly address: string; readonly prefixLength: number };
  readonly controlPlane: string;
  /** Every range the app's own traffic moves in: the network, pods, services, Cloud SQL. */
  readonly internal: readonly string[];
}

/** Pure: depends on the CIDR only, so adding a component never moves a range. */
export function gcpAddressPlan(cidr: string, plan: SubnetPlan): GcpAddressPlan {
  const net = parseCidr(cidr) as Cidr;
  const last = subnet(net, net.prefix + 3, 7);
  const [address, prefix] = GCP_EXTRA_RANGES.privateServices.split("/");
  return {
    workloads: plan.private[0],
    pods: GCP_EXTRA_RANGES.pods,
    services: GCP_EXTRA_RANGES.services,
    proxyOnly: GCP_EXTRA_RANGES.proxyOnly,
    privateServices: { address, prefixLength: Number(prefix) },
    controlPlane: formatCidr(subnet(last, 28, 0)),
    internal: [cidr, GCP_EXTRA_RANGES.pods, GCP_EXTRA_RANGES.services, GCP_EXTRA_RANGES.privateServices],
  };
}
