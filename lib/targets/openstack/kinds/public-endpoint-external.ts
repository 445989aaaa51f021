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
import { endpointCertificateRefName, externalRef } from "../naming";
import type { SovereignNetwork } from "../network";
import { osTags } from "../tags";
import type { SovereignBackendHandle } from "./backend";
import type { SovereignZoneHandle } from "./dns-zone";

/**
 * A public endpoint on a cloud without Barbican but with an external key manager (strategy
 * `external`): Octavia cannot hold a certificate there, so its port-443 listener passes TLS
 * through (`HTTPS`) to the backends, which serve the certificate and key kept in the external key
 * manager under `<keyRef>/<app>/<endpoint>-tls` on the backend port. The rest is as the managed
 * endpoint (same construct ids): floating IP, clients limited to `allowedCidrs`, HTTP redirected,
 * health checks (over TLS), DNS record. Octavia cannot add X-Forwarded-* headers to traffic it does not decrypt.
 */
export function passThroughEndpoint(scope: Construct, props: ResolvedPublicEndpoint, ctx: RealizeContext<SovereignFoundation, SovereignNetwork>, certificateName: string): RealizedComponent {
  const f = ctx.foundation;
  const net = ctx.network;
  const manager = f.target.externalKeyManager;
  if (!manager) throw new Error(`public-endpoint '${props.name}': strategy 'external' without an externalKeyManager (capabilities should have refused it)`);
  const id = `${ctx.app.name}-${props.name}`;
  const ref = externalRef(manager.keyRef, ctx.app.name, endpointCertificateRefName(props.name));
  const backend = ctx.component(props.backend).handle as SovereignBackendHandle;
  const zone = props.zone ? (ctx.component(props.zone).handle as SovereignZoneHandle) : undefined;

  const lb = octavia(scope, "lb", id, `public endpoint ${props.domain}`, net.publicSubnetIds[0], f);
  noteStrategy(lb, f.explain("public-endpoint", ctx.strategy));
  const ip = new NetworkingFloatingipV2(scope, "floating-ip", { pool: f.target.externalNetwork, portId: lb.vipPortId, description: `public endpoint ${props.domain}`, tags: osTags(ctx.stack) });

  // HTTPS here is Octavia's TLS pass-through: the backends terminate TLS.
  const https = new LbListenerV2(scope, "https", { loadbalancerId: lb.id, name: `${id}-https`, protocol: "HTTPS", protocolPort: 443, allowedCidrs: [...props.allowedCidrs] });
  const pool = new LbPoolV2(scope, "pool", { listenerId: https.id, name: id, protocol: "HTTPS", lbMethod: "ROUND_ROBIN" });
  new LbMonitorV2(scope, "health-check", { poolId: pool.id, type: "HTTPS", httpMethod: "GET", urlPath: props.healthCheckPath, expectedCodes: "200-399", delay: 10, timeout: 5, maxRetries: 3 });
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
    description: `TLS certificate of ${props.domain}: kept in ${manager.name}; the backends of ${props.name} serve it (TLS 1.2 or 1.3) on port ${props.port}, Octavia passes TLS through`,
    value: {
      manager: manager.name,
      ref,
      name: certificateName,
      create: `the certificate of ${props.domain} and its private key, readable by the machines of '${props.backend}' only`,
      backend: `'${props.backend}' serves HTTPS with it on port ${props.port}, health checks included (${props.healthCheckPath})`,
    },
  }).overrideLogicalId(`${props.name}_certificate_setup`);
  return {
    kind: "public-endpoint",
    strategy: ctx.strategy,
    connection: { host: props.domain, port: "443", name: id, secretRef: ref, url: `https://${props.domain}` },
    handle: { lb, floatingIp: ip },
  };
}
