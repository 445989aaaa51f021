import { ComputeInstanceV2 } from "../../../providers/openstack/lib/compute-instance-v2";
import { NetworkingPortV2 } from "../../../providers/openstack/lib/networking-port-v2";
import { NetworkingSecgroupRuleV2 } from "../../../providers/openstack/lib/networking-secgroup-rule-v2";
import { NetworkingSecgroupV2 } from "../../../providers/openstack/lib/networking-secgroup-v2";
import type { Construct } from "constructs";
import { Fn } from "../../core/cdktf";
import { CapabilityError } from "../../core/errors";
import type { SovereignFoundation } from "./foundation";
import type { SovereignNetwork } from "./network";
import { osMetadata, osTags } from "./tags";

export interface InstanceProps {
  readonly name: string;
  readonly flavor: string;
  /** Glance image name. */
  readonly image: string;
  readonly bootVolumeGb: number;
  readonly subnetId: string;
  /** Besides the app security group. */
  readonly securityGroupIds: readonly string[];
  readonly userData?: string;
  readonly serverGroupId?: string;
  /** Cinder volumes attached at boot, in this order after the boot disk; they outlive the instance. */
  readonly dataVolumeIds?: readonly string[];
  /** Nova key pair for administrators (the target's `adminAccess`). @default none */
  readonly keyPair?: string;
}

export interface Instance {
  readonly instance: ComputeInstanceV2;
  readonly port: NetworkingPortV2;
  /** Fixed IPv4 address of the instance. */
  readonly address: string;
  readonly subnetId: string;
}

/**
 * A Nova instance on its own port (so the subnet and security groups are explicit), booted from
 * a volume of the encrypted volume type that goes with it, no floating IP, no SSH key.
 */
export function novaInstance(scope: Construct, id: string, props: InstanceProps, f: SovereignFoundation, net: SovereignNetwork): Instance {
  const port = new NetworkingPortV2(scope, `${id}-port`, {
    name: props.name,
    networkId: net.networkId,
    fixedIp: [{ subnetId: props.subnetId }],
    securityGroupIds: [net.appSecurityGroupId, ...props.securityGroupIds],
    adminStateUp: true,
    tags: osTags(f.stack),
  });
  const instance = new ComputeInstanceV2(scope, id, {
    name: props.name,
    flavorName: props.flavor,
    network: [{ port: port.id }],
    blockDevice: [
      {
        sourceType: "image",
        uuid: f.imageId(props.image),
        destinationType: "volume",
        volumeSize: props.bootVolumeGb,
        volumeType: f.target.encryptedVolumeType,
        bootIndex: 0,
        deleteOnTermination: true,
      },
      ...(props.dataVolumeIds ?? []).map((volumeId) => ({ sourceType: "volume", uuid: volumeId, destinationType: "volume", bootIndex: -1, deleteOnTermination: false })),
    ],
    userData: props.userData,
    keyPair: props.keyPair,
    metadata: osMetadata(f.stack),
    tags: osTags(f.stack),
    schedulerHints: props.serverGroupId ? [{ group: props.serverGroupId }] : undefined,
    // A newer image under the same name must not replace running machines (and detach their
    // data); they update in place. New machines boot the newest image.
    lifecycle: { ignoreChanges: ["block_device[0].uuid"] },
  });
  return { instance, port, address: Fn.element(port.allFixedIps, 0), subnetId: props.subnetId };
}

/**
 * The admin path to a machine that keeps credentials on disk: the target's key pair and SSH from
 * its admin ranges on the component's group. Fails the synth, naming what to set, when the target
 * names no admin access: the component's `secret_ref` would point at a file nobody can read.
 */
export function adminPath(scope: Construct, sg: NetworkingSecgroupV2, sgId: string, what: string, f: SovereignFoundation): string {
  const access = f.target.adminAccess;
  if (!access)
    throw new CapabilityError(
      what.split(" ")[0],
      f.target.id,
      `${what} keeps its credentials on the instance, and the target names no way in: set the target's adminAccess ({ keyPair, cidrs }), or use a strategy whose credentials live in a service`,
    );
  access.cidrs.forEach((cidr, i) =>
    new NetworkingSecgroupRuleV2(scope, `${sgId}-ssh-${i}`, {
      securityGroupId: sg.id,
      direction: "ingress",
      ethertype: "IPv4",
      protocol: "tcp",
      portRangeMin: 22,
      portRangeMax: 22,
      remoteIpPrefix: cidr,
      description: "SSH from the administrators' range (target adminAccess)",
    }),
  );
  return access.keyPair;
}

/** A security group for one component, with ingress on `ports` from the app network and `cidrs`. */
export function componentSecurityGroup(scope: Construct, id: string, name: string, description: string, ports: readonly number[], cidrs: readonly string[], f: SovereignFoundation): NetworkingSecgroupV2 {
  // Classified apps: no Neutron default egress rules; the app group's egress rules apply.
  const sg = new NetworkingSecgroupV2(scope, id, { name, description, tags: osTags(f.stack), ...(f.restrictedEgress ? { deleteDefaultRules: true } : {}) });
  cidrs.forEach((cidr, i) => {
    for (const p of ports)
      new NetworkingSecgroupRuleV2(scope, `${id}-${p}-${i}`, {
        securityGroupId: sg.id,
        direction: "ingress",
        ethertype: "IPv4",
        protocol: "tcp",
        portRangeMin: p,
        portRangeMax: p,
        remoteIpPrefix: cidr,
        description: i === 0 ? "from the app network" : "from an allowed range",
      });
  });
  return sg;
}
