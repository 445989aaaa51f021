import { ComputeFirewall, type ComputeFirewallConfig } from "@cdktf/provider-google/lib/compute-firewall";
import { ComputeGlobalAddress } from "@cdktf/provider-google/lib/compute-global-address";
import { ComputeNetwork } from "@cdktf/provider-google/lib/compute-network";
import { ComputeRouter } from "@cdktf/provider-google/lib/compute-router";
import { ComputeRouterNat } from "@cdktf/provider-google/lib/compute-router-nat";
import { ComputeSubnetwork } from "@cdktf/provider-google/lib/compute-subnetwork";
import { DnsManagedZone } from "@cdktf/provider-google/lib/dns-managed-zone";
import { DnsRecordSet } from "@cdktf/provider-google/lib/dns-record-set";
import { ServiceNetworkingConnection } from "@cdktf/provider-google/lib/service-networking-connection";
import type { Construct } from "constructs";
import { Lazy } from "../../core/cdktf";
import type { NetworkContext } from "../../core/realizer";
import { egressRestricted } from "../../kinds/egress-proxy";
import type { ResolvedNetwork } from "../../kinds/network";
import { type GcpAddressPlan, gcpAddressPlan, GCP_EXTRA_RANGES } from "./address-plan";
import type { GcpFoundation } from "./foundation";
import { PRIVATE_GOOGLE_ACCESS_RANGE } from "./egress";
import { FIREWALL_IDS, networkNames } from "./naming";
import type { GcpTarget } from "./target";
import { PUBLIC_UNIVERSE_DOMAIN } from "./universes";

/** Ranges Google's health checkers probe from (regional and global Application Load Balancers). */
export const HEALTH_CHECK_RANGES = ["35.191.0.0/16", "130.211.0.0/22"];
export { IAP_RANGE } from "./target";

/** Flow logs of every subnet that allows them: all metadata, 5-second aggregation, every flow sampled. */
const FLOW_LOGS = { aggregationInterval: "INTERVAL_5_SEC", flowSampling: 1, metadata: "INCLUDE_ALL_METADATA" };

export interface GcpNetwork {
  readonly network: ComputeNetwork;
  readonly subnet: ComputeSubnetwork;
  readonly cidr: string;
  readonly allowedIngressCidrs: readonly string[];
  readonly plan: GcpAddressPlan;
  /** Secondary range names of the workload subnet. */
  readonly podsRange: string;
  readonly servicesRange: string;
  /** The proxy-only subnet regional load balancers need, made on first use. */
  proxyOnlySubnet(): ComputeSubnetwork;
  /** Private services access (the peering Cloud SQL's private IP comes through), made on first use. */
  privateServices(): ServiceNetworkingConnection;
  /** Ranges a workload port admits: the app network, its allowed ingress ranges, and the pods range once a cluster uses it. */
  readonly callerRanges: string[];
  /** Called by a GKE cluster: its pods get addresses from the pods range and call workloads from there. */
  usePods(): void;
  /** A firewall rule on the app network, named `<app>-<id>`. */
  firewall(scope: Construct, id: string, rule: Omit<ComputeFirewallConfig, "name" | "network">): ComputeFirewall;
}

/**
 * A custom-mode VPC (no default network, no automatic subnets): one regional workload subnet
 * (Google subnets span every zone of the region) with Private Google Access, flow logs and the
 * secondary ranges GKE uses, a Cloud Router with NAT for egress, and a firewall baseline that
 * denies every ingress and egress except what is named: egress inside the app network and HTTPS
 * out; each component adds the ingress it needs.
 */
export function gcpNetwork(scope: Construct, props: ResolvedNetwork, ctx: NetworkContext<GcpFoundation>): GcpNetwork {
  const app = ctx.app.name;
  const region = ctx.target.region;
  const plan = gcpAddressPlan(props.cidr, props.subnets);
  const network = new ComputeNetwork(scope, "vpc", { name: networkNames.vpc(app), autoCreateSubnetworks: false, routingMode: "REGIONAL", description: `polder app ${app}` });
  const podsRange = "pods";
  const servicesRange = "services";
  const subnet = new ComputeSubnetwork(scope, "workloads", {
    name: networkNames.workloadsSubnet(app),
    network: network.id,
    region,
    ipCidrRange: plan.workloads,
    privateIpGoogleAccess: true,
    logConfig: FLOW_LOGS,
    secondaryIpRange: [
      { rangeName: podsRange, ipCidrRange: plan.pods },
      { rangeName: servicesRange, ipCidrRange: plan.services },
    ],
  });
  // Classified apps: no Cloud NAT (no way to the internet), egress only to what the target names.
  const restricted = egressRestricted(ctx.app.classification);
  if (!restricted) {
    const router = new ComputeRouter(scope, "router", { name: networkNames.router(app), network: network.id, region });
    new ComputeRouterNat(scope, "nat", {
      name: networkNames.router(app),
      router: router.name,
      region,
      natIpAllocateOption: "AUTO_ONLY",
      sourceSubnetworkIpRangesToNat: "LIST_OF_SUBNETWORKS",
      subnetwork: [{ name: subnet.id, sourceIpRangesToNat: ["ALL_IP_RANGES"] }],
      logConfig: { enable: true, filter: "ERRORS_ONLY" },
    });
  } else {
    // Google APIs through Private Google Access only: the universe's API domain resolves to private.<domain>'s range.
    const domain = ctx.foundation.universe.domain;
    const zone = new DnsManagedZone(scope, "google-apis-zone", {
      name: networkNames.googleApisZone(app),
      dnsName: `${domain}.`,
      description: `${domain} through Private Google Access (no internet)`,
      visibility: "private",
      privateVisibilityConfig: { networks: [{ networkUrl: network.id }] },
    });
    new DnsRecordSet(scope, "google-apis-private", { managedZone: zone.name, name: `private.${domain}.`, type: "A", ttl: 300, rrdatas: ["199.36.153.8", "199.36.153.9", "199.36.153.10", "199.36.153.11"] });
    new DnsRecordSet(scope, "google-apis-cname", { managedZone: zone.name, name: `*.${domain}.`, type: "CNAME", ttl: 300, rrdatas: [`private.${domain}.`] });
  }
  const httpsTo = restricted ? [...((ctx.target as GcpTarget).egress?.cidrs ?? [PRIVATE_GOOGLE_ACCESS_RANGE])] : ["0.0.0.0/0"];

  const firewall = (s: Construct, id: string, rule: Omit<ComputeFirewallConfig, "name" | "network">) =>
    new ComputeFirewall(s, id, { name: networkNames.firewall(app, id), network: network.id, logConfig: { metadata: "INCLUDE_ALL_METADATA" }, ...rule });
  firewall(scope, FIREWALL_IDS.denyAllIngress, { description: "baseline: no ingress unless a rule above allows it", direction: "INGRESS", priority: 65534, sourceRanges: ["0.0.0.0/0"], deny: [{ protocol: "all" }] });
  firewall(scope, FIREWALL_IDS.denyAllEgress, { description: "baseline: no egress unless a rule above allows it", direction: "EGRESS", priority: 65534, destinationRanges: ["0.0.0.0/0"], deny: [{ protocol: "all" }] });
  // Resolved at synth: the Cloud SQL range only once a database allocated it (privateServices below).
  let privateServicesUsed = false;
  const internal = Lazy.listValue({ produce: () => plan.internal.filter((r) => r !== GCP_EXTRA_RANGES.privateServices || privateServicesUsed) });
  firewall(scope, FIREWALL_IDS.egressInternal, { description: "egress inside the app's ranges (network, pods, services, Cloud SQL)", direction: "EGRESS", priority: 1000, destinationRanges: internal, allow: [{ protocol: "tcp" }, { protocol: "udp" }, { protocol: "icmp" }] });
  firewall(scope, FIREWALL_IDS.egressHttps, {
    description: restricted ? "HTTPS out to Google APIs (Private Google Access) and the destinations the target names only" : "HTTPS out: Google APIs (Private Google Access) and updates through NAT",
    direction: "EGRESS",
    priority: 1000,
    destinationRanges: httpsTo,
    allow: [{ protocol: "tcp", ports: ["443"] }],
  });
  // The proxy listens on its own port: classified apps may reach the named destinations on any TCP port.
  if (restricted && (ctx.target as GcpTarget).egress)
    firewall(scope, FIREWALL_IDS.egressNamed, { description: "egress to the destinations the target names (proxy, mirror)", direction: "EGRESS", priority: 1000, destinationRanges: [...(ctx.target as GcpTarget).egress!.cidrs.filter((c) => c !== PRIVATE_GOOGLE_ACCESS_RANGE)], allow: [{ protocol: "tcp" }] });

  let podsUsed = false;
  // Resolved at synth, when every component is realized: a vm-group may come before the cluster.
  const callerRanges = Lazy.listValue({ produce: () => [props.cidr, ...(podsUsed ? [plan.pods] : []), ...props.allowedIngressCidrs] });
  let proxyOnly: ComputeSubnetwork | undefined;
  let privateServices: ServiceNetworkingConnection | undefined;
  return {
    network,
    subnet,
    cidr: props.cidr,
    allowedIngressCidrs: props.allowedIngressCidrs,
    plan,
    podsRange,
    servicesRange,
    firewall,
    callerRanges,
    usePods: () => {
      podsUsed = true;
    },
    proxyOnlySubnet: () => {
      if (!proxyOnly) {
        // Only the regional load balancer's proxies live here: no flow logs or Private Google Access.
        proxyOnly = new ComputeSubnetwork(scope, "proxy-only", { name: networkNames.proxyOnlySubnet(app), network: network.id, region, ipCidrRange: plan.proxyOnly, purpose: "REGIONAL_MANAGED_PROXY", role: "ACTIVE" });
      }
      return proxyOnly;
    },
    privateServices: () => {
      privateServicesUsed = true;
      if (!privateServices) {
        const range = new ComputeGlobalAddress(scope, "private-services-range", {
          name: networkNames.privateServicesRange(app),
          network: network.id,
          purpose: "VPC_PEERING",
          addressType: "INTERNAL",
          address: plan.privateServices.address,
          prefixLength: plan.privateServices.prefixLength,
        });
        privateServices = new ServiceNetworkingConnection(scope, "private-services", {
          network: network.id,
          service: `servicenetworking.${PUBLIC_UNIVERSE_DOMAIN}`, // a service name: the same in every universe
          reservedPeeringRanges: [range.name],
          // Deleting the peering fails while Cloud SQL still uses it; abandon it instead.
          deletionPolicy: "ABANDON",
        });
      }
      return privateServices;
    },
  };
}
