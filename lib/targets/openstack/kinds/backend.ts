import type { NetworkingSecgroupV2 } from "../../../../providers/openstack/lib/networking-secgroup-v2";

/** What a public endpoint needs to send traffic to a workload. */
export interface SovereignBackendHandle {
  /** Security group of the workload's ports; the endpoint opens its port there when needed. */
  readonly securityGroup?: NetworkingSecgroupV2;
  /** Ports already open from the app network. */
  readonly openPorts: readonly number[];
  /** Pool members known at synth time (Nova instances). */
  readonly members?: readonly { readonly address: string; readonly subnetId: string }[];
  /** Member addresses known only at apply time (Magnum nodes). */
  readonly memberAddresses?: string[];
  /** k3s: makes the workers serve HTTP on this port (Traefik), for an endpoint in front. */
  readonly serveHttpOn?: (port: number) => void;
  /** False for a VM group that runs nothing (no bootstrap, stock image). */
  readonly runsWorkload?: boolean;
}
