import { type Cidr, formatCidr, subnet } from "./cidr";

/** Subnet layout of an app network: one private and one public subnet per zone. */
export interface SubnetPlan {
  readonly private: readonly string[];
  readonly public: readonly string[];
}

/**
 * Cuts the network into eight equal blocks: blocks 0-2 are private subnets, blocks 4-6 public
 * ones, the rest is left for growth. The layout depends only on the CIDR and the zone index, so
 * adding a zone later never moves an existing subnet.
 */
export function planSubnets(network: Cidr, zones: number): SubnetPlan {
  if (zones < 1 || zones > 3) throw new RangeError(`zones must be 1 to 3, got ${zones}`);
  const prefix = network.prefix + 3;
  const range = [...Array(zones).keys()];
  return {
    private: range.map((i) => formatCidr(subnet(network, prefix, i))),
    public: range.map((i) => formatCidr(subnet(network, prefix, 4 + i))),
  };
}
