import { DataOpenstackKeymanagerContainerV1 } from "../../../../providers/openstack/lib/data-openstack-keymanager-container-v1";
import { DnsRecordsetV2 } from "../../../../providers/openstack/lib/dns-recordset-v2";
import { LbL7PolicyV2 } from "../../../../providers/openstack/lib/lb-l7policy-v2";
import { LbL7RuleV2 } from "../../../../providers/openstack/lib/lb-l7rule-v2";
import { LbListenerV2 } from "../../../../providers/openstack/lib/lb-listener-v2";
import { LbMonitorV2 } from "../../../../providers/openstack/lib/lb-monitor-v2";
import { LbPoolV2 } from "../../../../providers/openstack/lib/lb-pool-v2";
import { NetworkingFloatingipV2 } from "../../../../providers/openstack/lib/networking-floatingip-v2";
import { NetworkingSecgroupRuleV2 } from "../../../../providers/openstack/lib/networking-secgroup-rule-v2";
import type { Construct } from "constructs";
import { TerraformOutput } from "../../../core/cdktf";
import { noteStrategy } from "../../../core/strategy-note";
import type { RealizeContext, RealizedComponent } from "../../../core/realizer";
import type { ResolvedPublicEndpoint } from "../../../kinds";
import type { SovereignFoundation } from "../foundation";
import { octavia, poolMembers } from "../load-balancer";
import { certificateContainerName } from "../naming";
import type { SovereignNetwork } from "../network";
import { osTags } from "../tags";
import { nothingToServe } from "../../../kinds/vm-group";
import type { SovereignBackendHandle } from "./backend";
import type { SovereignZoneHandle } from "./dns-zone";
import { passThroughEndpoint } from "./public-endpoint-external";

// Kept exported from here for its users; the name lives with the others.
export { certificateContainerName };

/**
 * An Octavia load balancer in the load-balancer subnet with a floating IP (a public endpoint is
 * the explicit request for one): HTTPS terminated with the certificate in Barbican (TLS 1.2/1.3),
 * HTTP redirected, clients limited to `allowedCidrs`, HTTP health checks on the backend.
 *
 * The certificate and its private key never pass through Terraform: their owner stores them in
 * a Barbican certificate container named `<app>-<endpoint>-tls` (and grants Octavia read access);
 * the plan fails until it exists.
 */
export function sovereignPublicEndpoint(scope: Construct, props: ResolvedPublicEndpoint, ctx: RealizeContext<SovereignFoundation, SovereignNetwork>): RealizedComponent {
  const f = ctx.foundation;
  const net = ctx.network;
  const id = `${ctx.app.name}-${props.name}`;
  const backend = ctx.component(props.backend).handle as SovereignBackendHandle;
  if (backend.runsWorkload === false) throw nothingToServe(props.name, props.backend, "overrides.sovereign.image");
  backend.serveHttpOn?.(props.port);
  const zone = props.zone ? (ctx.component(props.zone).handle as SovereignZoneHandle) : undefined;
  const containerName = certificateContainerName(ctx.app.name, props.name);
  // Without Barbican, Octavia cannot hold a certificate: the `external` strategy passes TLS through
  // to the backends, which serve the certificate kept in the external key manager.
  if (ctx.strategy === "external") return passThroughEndpoint(scope, props, ctx, containerName);

  const certificate = new DataOpenstackKeymanagerContainerV1(scope, "certificate", { name: containerName });
  const lb = octavia(scope, "lb", id, `public endpoint ${props.domain}`, net.publicSubnetIds[0], f);
  noteStrategy(lb, f.explain("public-endpoint", ctx.strategy));
  net.routePublicSubnets();
  const ip = new NetworkingFloatingipV2(scope, "floating-ip", { pool: f.target.externalNetwork, portId: lb.vipPortId, description: `public endpoint ${props.domain}`, tags: osTags(ctx.stack) });

  const https = new LbListenerV2(scope, "https", {
    loadbalancerId: lb.id,
    name: `${id}-https`,
    protocol: "TERMINATED_HTTPS",
    protocolPort: 443,
    defaultTlsContainerRef: certificate.containerRef,
    tlsVersions: ["TLSv1.2", "TLSv1.3"],
    allowedCidrs: [...props.allowedCidrs],
    insertHeaders: { "X-Forwarded-For": "true", "X-Forwarded-Proto": "true" },
  });
  const pool = new LbPoolV2(scope, "pool", { listenerId: https.id, name: id, protocol: "HTTP", lbMethod: "ROUND_ROBIN" });
  new LbMonitorV2(scope, "health-check", { poolId: pool.id, type: "HTTP", httpMethod: "GET", urlPath: props.healthCheckPath, expectedCodes: "200-399", delay: 10, timeout: 5, maxRetries: 3 });
  poolMembers(scope, pool.id, props.port, backend.members, backend.memberAddresses);
  if (backend.securityGroup && !backend.openPorts.includes(props.port))
    new NetworkingSecgroupRuleV2(scope, "backend-ingress", {
      securityGroupId: backend.securityGroup.id,
      direction: "ingress",
      ethertype: "IPv4",
      protocol: "tcp",
      portRangeMin: props.port,
      portRangeMax: props.port,
      remoteIpPrefix: net.cidr,
      description: `from public endpoint ${props.name} (Octavia members port)`,
    });

  const http = new LbListenerV2(scope, "http", { loadbalancerId: lb.id, name: `${id}-http`, protocol: "HTTP", protocolPort: 80, allowedCidrs: [...props.allowedCidrs] });
  const redirect = new LbL7PolicyV2(scope, "http-redirect", { listenerId: http.id, action: "REDIRECT_PREFIX", redirectPrefix: `https://${props.domain}`, redirectHttpCode: 301, position: 1 });
  // An L7 policy applies only when a rule matches: this one matches every path.
  new LbL7RuleV2(scope, "http-redirect-all", { l7PolicyId: redirect.id, type: "PATH", compareType: "STARTS_WITH", value: "/" });

  if (zone?.kind === "designate") {
    new DnsRecordsetV2(scope, "record", { zoneId: zone.zone.id, name: `${props.domain}.`, type: "A", ttl: 300, records: [ip.address] });
  } else {
    new TerraformOutput(scope, "dns-record", {
      description: `DNS record to create for ${props.domain} in the DNS that serves it`,
      value: { name: `${props.domain}.`, type: "A", ttl: 300, value: ip.address },
    }).overrideLogicalId(`${props.name}_dns_record`);
  }
  new TerraformOutput(scope, "certificate-setup", {
    description: `TLS certificate of ${props.domain}: a Barbican certificate container, readable by Octavia, created before apply`,
    value: {
      container: containerName,
      commands: [
        `openstack secret store --name ${containerName}-certificate --payload-content-type text/plain --payload "$(cat ${props.domain}.crt)"`,
        `openstack secret store --name ${containerName}-key --payload-content-type text/plain --payload "$(cat ${props.domain}.key)"`,
        `openstack secret container create --name ${containerName} --type certificate --secret certificate=<certificate secret href> --secret private_key=<key secret href>`,
        "openstack acl user add --user <octavia service user id> <container href> (and each secret href)",
      ],
    },
  }).overrideLogicalId(`${props.name}_certificate_setup`);
  return {
    kind: "public-endpoint",
    strategy: ctx.strategy,
    connection: { host: props.domain, port: "443", name: id, secretRef: certificate.containerRef, url: `https://${props.domain}` },
    handle: { lb, floatingIp: ip },
  };
}
