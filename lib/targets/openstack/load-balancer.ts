import { LbLoadbalancerV2 } from "../../../providers/openstack/lib/lb-loadbalancer-v2";
import { LbMemberV2 } from "../../../providers/openstack/lib/lb-member-v2";
import { LbMembersV2 } from "../../../providers/openstack/lib/lb-members-v2";
import type { Construct } from "constructs";
import { TerraformIterator } from "../../core/cdktf";
import type { SovereignFoundation } from "./foundation";
import { osTags } from "./tags";

/** An Octavia load balancer with its VIP in `subnetId`; no floating IP (a public endpoint adds one). */
export function octavia(scope: Construct, id: string, name: string, description: string, subnetId: string, f: SovereignFoundation): LbLoadbalancerV2 {
  return new LbLoadbalancerV2(scope, id, { name, description, vipSubnetId: subnetId, adminStateUp: true, tags: osTags(f.stack) });
}

/** Pool members: one resource per member known at synth time, or one set over addresses known at apply. */
export function poolMembers(
  scope: Construct,
  poolId: string,
  port: number,
  members: readonly { address: string; subnetId: string }[] | undefined,
  memberAddresses: string[] | undefined,
): void {
  members?.forEach((m, i) => new LbMemberV2(scope, `member-${i}`, { poolId, address: m.address, subnetId: m.subnetId, protocolPort: port }));
  if (memberAddresses) {
    const it = TerraformIterator.fromList(memberAddresses);
    new LbMembersV2(scope, "members", { poolId, member: it.dynamic({ address: it.value, protocol_port: port }) });
  }
}
