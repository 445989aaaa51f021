import { ComputeServergroupV2 } from "../../../../providers/openstack/lib/compute-servergroup-v2";
import type { Construct } from "constructs";
import { Token } from "../../../core/cdktf";
import { noteStrategy } from "../../../core/strategy-note";
import type { RealizeContext, RealizedComponent } from "../../../core/realizer";
import type { ResolvedVmGroup } from "../../../kinds";
import { runsWorkload, terraformLiteral } from "../../../kinds/vm-group";
import type { SovereignFoundation } from "../foundation";
import { withProxy } from "../egress";
import { componentSecurityGroup, novaInstance } from "../instances";
import type { SovereignNetwork } from "../network";
import { flavorFor, imageFor, SOVEREIGN_IMAGES, SOVEREIGN_SIZES } from "../sizes";
import type { SovereignBackendHandle } from "./backend";
import { confidentialOrThrow } from "../../../core/confidential";
import { sovereignConfidentialFlavor, sovereignConfidentialSupport } from "../confidential";

/**
 * `count` Nova instances spread over the private subnets and (softly) over hypervisors, booted
 * from encrypted volumes, no floating IP, no SSH key, reachable on `port` from the app network.
 */
export function sovereignVmGroup(scope: Construct, props: ResolvedVmGroup, ctx: RealizeContext<SovereignFoundation, SovereignNetwork>): RealizedComponent {
  const f = ctx.foundation;
  const net = ctx.network;
  const id = `${ctx.app.name}-${props.name}`;
  const overrides = props.overrides.sovereign;
  const size = SOVEREIGN_SIZES[props.size];
  // A confidential placement takes the target's memory-encrypting flavor for the size.
  const flavor = ctx.app.confidentialCompute
    ? confidentialOrThrow(ctx, sovereignConfidentialSupport(f.target), props.name, sovereignConfidentialFlavor(f.target.confidentialFlavors, props.size, overrides?.flavor))
    : flavorFor(overrides, size.vmFlavor);
  const sg = componentSecurityGroup(scope, "sg", `${id}-vms`, `VM group ${id}`, [props.port], [net.cidr, ...net.allowedIngressCidrs], f);
  const group = new ComputeServergroupV2(scope, "server-group", { name: id, policies: ["soft-anti-affinity"] });
  const members = [];
  for (let i = 0; i < props.count; i++) {
    const vm = novaInstance(
      scope,
      `vm-${i}`,
      {
        name: `${id}-${i}`,
        flavor,
        image: imageFor(overrides, SOVEREIGN_IMAGES[props.image]),
        bootVolumeGb: size.bootVolumeGb,
        subnetId: net.privateSubnetIds[i % net.privateSubnetIds.length],
        securityGroupIds: [sg.id],
        serverGroupId: group.id,
        userData: props.bootstrap === undefined ? undefined : terraformLiteral(net.proxy ? withProxy(props.bootstrap, net.proxy, net.cidr) : props.bootstrap),
      },
      f,
      net,
    );
    if (i === 0) noteStrategy(vm.instance, f.explain("vm-group", ctx.strategy));
    members.push({ address: Token.asString(vm.address), subnetId: vm.subnetId });
  }
  const handle: SovereignBackendHandle = { securityGroup: sg, openPorts: [props.port], members, runsWorkload: runsWorkload(props, "sovereign", "image") };
  return { kind: "vm-group", strategy: ctx.strategy, connection: { host: "", port: String(props.port), name: id, secretRef: "", url: "" }, handle };
}
