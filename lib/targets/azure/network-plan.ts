import { type Cidr, formatCidr, overlaps, parseCidr, subnet } from "../../kinds/cidr";
import type { ResolvedNetwork } from "../../kinds/network";

/**
 * Azure's use of the neutral subnet plan (lib/kinds/network-plan.ts cuts the network into eight
 * blocks: 0-2 private, 4-6 public). Azure subnets span every zone of a region, so workloads use
 * the first private subnet; the others are kept, as planned, for growth. Two services need
 * subnets of their own, taken from the blocks the plan leaves free, so no planned subnet moves:
 * block 3 is delegated to PostgreSQL flexible servers; block 7's first half holds private
 * endpoints, its second half is delegated to AKS API servers (API Server VNet Integration, which
 * KMS with a private vault needs). The first public subnet belongs to Application Gateways
 * (which need a subnet to themselves).
 */
export interface AzureSubnetPlan {
  readonly workload: readonly string[];
  readonly public: readonly string[];
  readonly data: string;
  readonly endpoints: string;
  readonly apiServer: string;
}

export function planAzureSubnets(network: ResolvedNetwork): AzureSubnetPlan {
  const cidr = parseCidr(network.cidr) as Cidr;
  const prefix = cidr.prefix + 3;
  return {
    workload: network.subnets.private,
    public: network.subnets.public,
    data: formatCidr(subnet(cidr, prefix, 3)),
    endpoints: formatCidr(subnet(cidr, prefix + 1, 14)),
    apiServer: formatCidr(subnet(cidr, prefix + 1, 15)),
  };
}

/** Ranges Kubernetes may use for services and pods (overlay): the first that overlaps nothing of the app. */
const SERVICE_CANDIDATES = ["172.30.0.0/16", "10.254.0.0/16", "192.168.252.0/22"];
const POD_CANDIDATES = ["10.244.0.0/16", "172.29.0.0/16", "192.168.0.0/18"];

export function kubernetesRanges(network: ResolvedNetwork): { serviceCidr: string; dnsServiceIp: string; podCidr: string } {
  const taken = [network.cidr, ...network.allowedIngressCidrs].map((c) => parseCidr(c) as Cidr);
  const pick = (candidates: string[], also: Cidr[] = []) => {
    const found = candidates.map((c) => parseCidr(c) as Cidr).find((c) => ![...taken, ...also].some((t) => overlaps(t, c)));
    if (!found) throw new RangeError(`no free range for Kubernetes among ${candidates.join(", ")}: the app network and allowedIngressCidrs cover them all`);
    return found;
  };
  const service = pick(SERVICE_CANDIDATES);
  const pods = pick(POD_CANDIDATES, [service]);
  const dns = { base: service.base + 10, prefix: 32 };
  return { serviceCidr: formatCidr(service), dnsServiceIp: formatCidr(dns).replace(/\/32$/, ""), podCidr: formatCidr(pods) };
}
