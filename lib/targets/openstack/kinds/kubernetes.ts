import { ComputeServergroupV2 } from "../../../../providers/openstack/lib/compute-servergroup-v2";
import { ContainerinfraClusterV1 } from "../../../../providers/openstack/lib/containerinfra-cluster-v1";
import { ContainerinfraClustertemplateV1 } from "../../../../providers/openstack/lib/containerinfra-clustertemplate-v1";
import { LbListenerV2 } from "../../../../providers/openstack/lib/lb-listener-v2";
import { LbMonitorV2 } from "../../../../providers/openstack/lib/lb-monitor-v2";
import { LbPoolV2 } from "../../../../providers/openstack/lib/lb-pool-v2";
import type { Construct } from "constructs";
import { Fn, Lazy, Token } from "../../../core/cdktf";
import { CapabilityError } from "../../../core/errors";
import { TerraformData } from "../../../core/terraform-data";
import { noteStrategy } from "../../../core/strategy-note";
import type { RealizeContext, RealizedComponent } from "../../../core/realizer";
import type { ResolvedKubernetes } from "../../../kinds";
import { k3sCloudInit } from "../cloud-init";
import { resolveK3s } from "../k3s";
import type { SovereignFoundation } from "../foundation";
import { adminPath, componentSecurityGroup, novaInstance } from "../instances";
import { octavia, poolMembers } from "../load-balancer";
import type { SovereignNetwork } from "../network";
import { flavorFor, imageFor, magnumImage, SOVEREIGN_IMAGES, SOVEREIGN_SIZES } from "../sizes";
import type { SovereignBackendHandle } from "./backend";
import { confidentialOrThrow } from "../../../core/confidential";
import { sovereignConfidentialFlavor, sovereignConfidentialSupport } from "../confidential";

type Ctx = RealizeContext<SovereignFoundation, SovereignNetwork>;

/** `managed`: Magnum. `vm`: k3s on Nova instances, the API behind an internal Octavia load balancer. */
export function sovereignKubernetes(scope: Construct, props: ResolvedKubernetes, ctx: Ctx): RealizedComponent {
  return ctx.strategy === "managed" ? magnumCluster(scope, props, ctx) : k3sCluster(scope, props, ctx);
}

/**
 * Flavors of the control plane and the workers: the size's, or in a confidential placement the
 * target's memory-encrypting flavor for the size (the workers' override only when it is one of them).
 */
function nodeFlavors(props: ResolvedKubernetes, ctx: Ctx): { readonly controlPlane: string; readonly workers: string } {
  const size = SOVEREIGN_SIZES[props.size];
  const overrides = props.overrides.sovereign;
  if (!ctx.app.confidentialCompute) return { controlPlane: size.controlPlane.flavor, workers: flavorFor(overrides, size.workers.flavor) };
  const target = ctx.foundation.target;
  const support = sovereignConfidentialSupport(target);
  return {
    controlPlane: confidentialOrThrow(ctx, support, props.name, sovereignConfidentialFlavor(target.confidentialFlavors, props.size, undefined)),
    workers: confidentialOrThrow(ctx, support, props.name, sovereignConfidentialFlavor(target.confidentialFlavors, props.size, overrides?.flavor)),
  };
}

/**
 * A Magnum cluster template and cluster on the app network: API behind Magnum's load balancer
 * without a floating IP, no floating IPs on nodes, every disk of the encrypted volume type.
 * The template's image is set explicitly (the provider would otherwise read it from the environment).
 */
function magnumCluster(scope: Construct, props: ResolvedKubernetes, ctx: Ctx): RealizedComponent {
  const f = ctx.foundation;
  const net = ctx.network;
  const id = `${ctx.app.name}-${props.name}`;
  const size = SOVEREIGN_SIZES[props.size];
  const overrides = props.overrides.sovereign;
  const flavors = nodeFlavors(props, ctx);
  const flavor = flavors.workers;
  const volumeType = f.target.encryptedVolumeType;
  const template = new ContainerinfraClustertemplateV1(scope, "template", {
    name: id,
    coe: "kubernetes",
    image: imageFor(overrides, magnumImage(props.version)),
    serverType: "vm",
    externalNetworkId: f.externalNetwork.id,
    fixedNetwork: net.networkId,
    fixedSubnet: net.privateSubnetIds[0],
    flavor,
    masterFlavor: flavors.controlPlane,
    masterLbEnabled: true,
    floatingIpEnabled: false,
    networkDriver: "calico",
    volumeDriver: "cinder",
    public: false,
    tlsDisabled: false,
    registryEnabled: false,
    labels: {
      master_lb_floating_ip_enabled: "false",
      boot_volume_type: volumeType,
      boot_volume_size: String(size.bootVolumeGb),
      etcd_volume_type: volumeType,
      docker_volume_type: volumeType,
      cinder_csi_enabled: "true",
    },
  });
  const cluster = new ContainerinfraClusterV1(scope, "cluster", {
    name: id,
    clusterTemplateId: template.id,
    masterCount: size.controlPlane.count,
    nodeCount: size.workers.count,
    flavor,
    masterFlavor: flavors.controlPlane,
    fixedNetwork: net.networkId,
    fixedSubnet: net.privateSubnetIds[0],
    floatingIpEnabled: false,
    masterLbEnabled: true,
  });
  noteStrategy(cluster, `${f.explain("kubernetes", ctx.strategy)}; kubeconfig: openstack coe cluster config ${id}`);
  const handle: SovereignBackendHandle = { openPorts: [], memberAddresses: cluster.nodeAddresses };
  return {
    kind: "kubernetes",
    strategy: ctx.strategy,
    connection: { host: cluster.apiAddress, port: "6443", name: id, secretRef: `magnum://${cluster.id}/kubeconfig`, url: cluster.apiAddress },
    handle,
  };
}

/**
 * k3s on Nova instances: control-plane servers with embedded etcd behind an internal Octavia
 * load balancer (no floating IP), workers in the private subnets, all booted from encrypted
 * volumes. The join token is generated by Terraform at apply time (`uuid()` kept by a
 * `terraform_data`): it is in the state, never in the JSON.
 */
function k3sCluster(scope: Construct, props: ResolvedKubernetes, ctx: Ctx): RealizedComponent {
  const f = ctx.foundation;
  const net = ctx.network;
  const id = `${ctx.app.name}-${props.name}`;
  const size = SOVEREIGN_SIZES[props.size];
  const overrides = props.overrides.sovereign;
  const image = imageFor(overrides, SOVEREIGN_IMAGES["ubuntu-24.04"]);
  const flavors = nodeFlavors(props, ctx);
  const subnet = (i: number) => net.privateSubnetIds[i % net.privateSubnetIds.length];

  const k3s = resolveK3s(f.target.k3s, props.version);
  if (typeof k3s === "string") throw new CapabilityError("kubernetes", f.target.id, `component '${props.name}' (strategy vm, k3s): ${k3s}`);
  // Generated once at apply; ignore_changes keeps later plans from making a new one. Servers get
  // the server token; workers only the agent token, which cannot join a server (a pod that reads
  // a worker's user data from the metadata service learns no more than how to join as an agent).
  const joinToken = new TerraformData(scope, "join-token", { input: { token: Fn.uuid() }, lifecycle: { ignoreChanges: ["input"] } });
  const token = Token.asString(Fn.lookup(joinToken.output, "token", ""));
  const agentJoinToken = new TerraformData(scope, "agent-token", { input: { token: Fn.uuid() }, lifecycle: { ignoreChanges: ["input"] } });
  const agentToken = Token.asString(Fn.lookup(agentJoinToken.output, "token", ""));
  // A public endpoint in front sets the port Traefik listens on (realized after this component).
  let ingressPort: number | undefined;

  const apiClients = [net.cidr, ...net.allowedIngressCidrs];
  const cpSg = componentSecurityGroup(scope, "control-plane-sg", `${id}-control-plane`, `Kubernetes API of ${id}`, [6443], apiClients, f);
  const keyPair = adminPath(scope, cpSg, "control-plane-sg", `kubernetes '${props.name}' (strategy vm)`, f);
  const workerSg = componentSecurityGroup(scope, "worker-sg", `${id}-workers`, `Kubernetes workers of ${id}`, [], [], f);
  const cpGroup = new ComputeServergroupV2(scope, "control-plane-group", { name: `${id}-control-plane`, policies: ["soft-anti-affinity"] });
  const workerGroup = new ComputeServergroupV2(scope, "worker-group", { name: `${id}-workers`, policies: ["soft-anti-affinity"] });

  const lb = octavia(scope, "api-lb", `${id}-api`, `Kubernetes API of ${id} (internal)`, subnet(0), f);
  noteStrategy(lb, f.explain("kubernetes", ctx.strategy));
  const listener = new LbListenerV2(scope, "api-listener", { loadbalancerId: lb.id, protocol: "TCP", protocolPort: 6443, allowedCidrs: apiClients });
  const pool = new LbPoolV2(scope, "api-pool", { listenerId: listener.id, protocol: "TCP", lbMethod: "ROUND_ROBIN" });
  new LbMonitorV2(scope, "api-monitor", { poolId: pool.id, type: "TCP", delay: 10, timeout: 5, maxRetries: 3 });
  const serverUrl = `https://${lb.vipAddress}:6443`;

  const servers = [];
  for (let i = 0; i < size.controlPlane.count; i++) {
    servers.push(
      novaInstance(
        scope,
        `control-plane-${i}`,
        {
          name: `${id}-cp-${i}`,
          flavor: flavors.controlPlane,
          image,
          bootVolumeGb: size.bootVolumeGb,
          subnetId: subnet(i),
          securityGroupIds: [cpSg.id],
          serverGroupId: cpGroup.id,
          keyPair,
          userData: Lazy.stringValue({ produce: () => k3sCloudInit({ role: "server", init: i === 0, k3s, token, agentToken, serverUrl, apiAddress: lb.vipAddress, ingressPort, proxy: net.proxy, networkCidr: net.cidr }) }),
        },
        f,
        net,
      ),
    );
  }
  poolMembers(scope, pool.id, 6443, servers.map((s) => ({ address: Token.asString(s.address), subnetId: s.subnetId })), undefined);

  const workers = [];
  for (let i = 0; i < size.workers.count; i++) {
    const w = novaInstance(
      scope,
      `worker-${i}`,
      {
        name: `${id}-worker-${i}`,
        flavor: flavors.workers,
        image,
        bootVolumeGb: size.bootVolumeGb,
        subnetId: subnet(i),
        securityGroupIds: [workerSg.id],
        serverGroupId: workerGroup.id,
        userData: k3sCloudInit({ role: "agent", init: false, k3s, token: agentToken, serverUrl, apiAddress: lb.vipAddress, proxy: net.proxy, networkCidr: net.cidr }),
      },
      f,
      net,
    );
    workers.push({ address: Token.asString(w.address), subnetId: w.subnetId });
  }
  const handle: SovereignBackendHandle = {
    securityGroup: workerSg,
    openPorts: [],
    members: workers,
    serveHttpOn: (port) => {
      if (ingressPort !== undefined && ingressPort !== port)
        throw new CapabilityError("public-endpoint", f.target.id, `k3s cluster '${props.name}' already serves a public endpoint on ${ingressPort}: endpoints in front of one k3s cluster share Traefik's port; use port ${ingressPort}`);
      ingressPort = port;
    },
  };
  return {
    kind: "kubernetes",
    strategy: ctx.strategy,
    connection: {
      host: lb.vipAddress,
      port: "6443",
      name: id,
      secretRef: `openstack-instance://${servers[0].instance.id}/etc/rancher/k3s/k3s.yaml`,
      url: serverUrl,
    },
    handle,
  };
}
