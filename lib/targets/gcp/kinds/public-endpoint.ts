import { CertificateManagerCertificate } from "@cdktf/provider-google/lib/certificate-manager-certificate";
import { CertificateManagerDnsAuthorization } from "@cdktf/provider-google/lib/certificate-manager-dns-authorization";
import { ComputeAddress } from "@cdktf/provider-google/lib/compute-address";
import { ComputeForwardingRule } from "@cdktf/provider-google/lib/compute-forwarding-rule";
import { ComputeRegionBackendService } from "@cdktf/provider-google/lib/compute-region-backend-service";
import { ComputeRegionHealthCheck } from "@cdktf/provider-google/lib/compute-region-health-check";
import { ComputeRegionSecurityPolicy, type ComputeRegionSecurityPolicyRules } from "@cdktf/provider-google/lib/compute-region-security-policy";
import { ComputeRegionSslPolicy } from "@cdktf/provider-google/lib/compute-region-ssl-policy";
import { ComputeRegionTargetHttpProxy } from "@cdktf/provider-google/lib/compute-region-target-http-proxy";
import { ComputeRegionTargetHttpsProxy } from "@cdktf/provider-google/lib/compute-region-target-https-proxy";
import { ComputeRegionUrlMap } from "@cdktf/provider-google/lib/compute-region-url-map";
import { DnsRecordSet } from "@cdktf/provider-google/lib/dns-record-set";
import type { Construct } from "constructs";
import { TerraformOutput } from "../../../core/cdktf";
import { SpecValidationError } from "../../../core/errors";
import type { RealizeContext, RealizedComponent } from "../../../core/realizer";
import type { ResolvedPublicEndpoint } from "../../../kinds";
import type { GcpFoundation } from "../foundation";
import { componentName, endpointNames, FIREWALL_IDS } from "../naming";
import { type GcpNetwork, HEALTH_CHECK_RANGES } from "../network";
import { googleBeta } from "../stack";
import type { GcpZoneHandle } from "./dns-zone";
import type { GcpBackendHandle } from "./kubernetes";
import { nothingToServe } from "../../../kinds/vm-group";

/** Cloud Armor preconfigured WAF rule sets every endpoint gets (OWASP Top 10 families, Log4j). */
export const WAF_RULES = ["sqli-v33-stable", "xss-v33-stable", "lfi-v33-stable", "rfi-v33-stable", "rce-v33-stable", "methodenforcement-v33-stable", "scannerdetection-v33-stable", "protocolattack-v33-stable", "sessionfixation-v33-stable", "cve-canary"];

/**
 * A regional external Application Load Balancer: traffic enters, TLS ends and requests are
 * routed in the target's region only (a global one would terminate TLS at Google's edge anywhere
 * in the world). A Google-managed certificate for `domain` (Certificate Manager, DNS
 * authorization), an SSL policy with TLS 1.2 or later, HTTP redirected to HTTPS, a Cloud Armor
 * policy with the preconfigured WAF rules (and only `allowedCidrs` let in when they narrow it),
 * request logging, and a backend in the vm-group or the GKE cluster reached from the load
 * balancer's proxy-only subnet and Google's health checkers only.
 */
export function gcpPublicEndpoint(scope: Construct, props: ResolvedPublicEndpoint, ctx: RealizeContext<GcpFoundation, GcpNetwork>): RealizedComponent {
  const net = ctx.network;
  const region = ctx.target.region;
  const id = componentName(ctx.app.name, props.name);
  const backend = ctx.component(props.backend).handle as GcpBackendHandle;
  const zone = props.zone ? (ctx.component(props.zone).handle as GcpZoneHandle) : undefined;
  const where = `app '${ctx.app.name}' on ${ctx.target.description}`;
  if (backend.runsWorkload === false) throw nothingToServe(props.name, props.backend);
  if (backend.port !== undefined && backend.port !== props.port)
    throw new SpecValidationError(where, [{ path: `components.${props.name}.port`, message: `${props.port} is not the port vm-group '${props.backend}' serves on (${backend.port}): set both to one port` }]);
  const proxyOnly = net.proxyOnlySubnet();

  // Only the load balancer's proxies and Google's health checkers reach the backend, on its port.
  net.firewall(scope, FIREWALL_IDS.endpointBackend, {
    description: `${id}: the load balancer's proxies and health checks to the backend`,
    direction: "INGRESS",
    priority: 1000,
    sourceRanges: [net.plan.proxyOnly, ...HEALTH_CHECK_RANGES],
    targetServiceAccounts: [backend.serviceAccountEmail],
    allow: [{ protocol: "tcp", ports: [String(props.port)] }],
  });

  const address = new ComputeAddress(scope, "address", { name: id, region, addressType: "EXTERNAL", networkTier: "PREMIUM" });
  const health = new ComputeRegionHealthCheck(scope, "health-check", {
    name: id,
    region,
    httpHealthCheck: { port: props.port, requestPath: props.healthCheckPath },
    logConfig: { enable: true },
  });

  const narrowed = !props.allowedCidrs.includes("0.0.0.0/0");
  const rules: ComputeRegionSecurityPolicyRules[] = [
    ...WAF_RULES.map((rule, i) => ({ priority: 1000 + i, action: "deny(403)", description: `preconfigured WAF ${rule}`, match: { expr: { expression: `evaluatePreconfiguredWaf('${rule}')` } } })),
    ...(narrowed ? [{ priority: 2000, action: "allow", description: "allowed client ranges", match: { versionedExpr: "SRC_IPS_V1", config: { srcIpRanges: [...props.allowedCidrs] } } }] : []),
    { priority: 2147483647, action: narrowed ? "deny(403)" : "allow", description: narrowed ? "everyone else" : "everyone (public by its spec)", match: { versionedExpr: "SRC_IPS_V1", config: { srcIpRanges: ["*"] } } },
  ];
  const armor = new ComputeRegionSecurityPolicy(scope, "armor", { name: id, region, type: "CLOUD_ARMOR", description: `public endpoint ${props.domain}`, rules });

  const service = new ComputeRegionBackendService(scope, "backend", {
    name: id,
    region,
    protocol: "HTTP",
    loadBalancingScheme: "EXTERNAL_MANAGED",
    healthChecks: [health.id],
    timeoutSec: 30,
    logConfig: { enable: true, sampleRate: 1 },
    portName: backend.instanceGroup ? "workload" : undefined,
    backend: backend.instanceGroup ? [{ group: backend.instanceGroup, balancingMode: "UTILIZATION", capacityScaler: 1 }] : undefined,
    // GKE attaches its pods as network endpoint groups after the Service exists (see the setup output).
    lifecycle: backend.instanceGroup ? undefined : { ignoreChanges: ["backend"] },
    provider: googleBeta(ctx.stack),
  });
  // Escape hatch: GA google 6.50 has no security_policy on regional backend services; the
  // google-beta provider (this resource's provider) has it. It attaches the Cloud Armor policy.
  service.addOverride("security_policy", armor.selfLink);
  if (!backend.instanceGroup) {
    new TerraformOutput(scope, "backend-setup", {
      description: `GKE serves ${props.domain}: expose the Service through a standalone NEG named ${id} and add it to the backend service`,
      value: {
        service_annotation: `cloud.google.com/neg: '{"exposed_ports": {"${props.port}": {"name": "${id}"}}}'`,
        add_backend: `for z in $(gcloud compute network-endpoint-groups list --filter=name=${id} --format='value(zone.basename())'); do gcloud compute backend-services add-backend ${id} --region=${region} --network-endpoint-group=${id} --network-endpoint-group-zone=$z --balancing-mode=RATE --max-rate-per-endpoint=100; done`,
      },
    }).overrideLogicalId(`${props.name}_backend_setup`);
  }

  const auth = new CertificateManagerDnsAuthorization(scope, "dns-authorization", { name: id, location: region, domain: props.domain, type: "PER_PROJECT_FIXED" });
  const cert = new CertificateManagerCertificate(scope, "certificate", {
    name: id,
    location: region,
    description: `certificate for ${props.domain}`,
    managed: { domains: [props.domain], dnsAuthorizations: [auth.id] },
    lifecycle: { createBeforeDestroy: true },
  });
  const record = auth.dnsResourceRecord.get(0);
  if (zone?.kind === "managed") {
    new DnsRecordSet(scope, "certificate-authorization-record", { managedZone: zone.zone.name, name: record.name, type: record.type, ttl: 300, rrdatas: [record.data] });
    new DnsRecordSet(scope, "address-record", { managedZone: zone.zone.name, name: `${props.domain}.`, type: "A", ttl: 300, rrdatas: [address.address] });
  } else {
    // The zone is served elsewhere: whoever runs it creates these; the certificate is issued once they exist.
    new TerraformOutput(scope, "validation-record", {
      description: `DNS record to create for the certificate of ${props.domain}`,
      value: { name: record.name, type: record.type, value: record.data },
    }).overrideLogicalId(`${props.name}_certificate_validation_record`);
    new TerraformOutput(scope, "dns-record", {
      description: `DNS record to create so ${props.domain} reaches the endpoint`,
      value: { name: `${props.domain}.`, type: "A", value: address.address },
    }).overrideLogicalId(`${props.name}_dns_record`);
  }

  const ssl = new ComputeRegionSslPolicy(scope, "ssl-policy", { name: id, region, minTlsVersion: "TLS_1_2", profile: "RESTRICTED" });
  const httpsMap = new ComputeRegionUrlMap(scope, "https-map", { name: id, region, defaultService: service.id });
  const https = new ComputeRegionTargetHttpsProxy(scope, "https-proxy", { name: id, region, urlMap: httpsMap.id, certificateManagerCertificates: [cert.id], sslPolicy: ssl.id });
  const redirectMap = new ComputeRegionUrlMap(scope, "redirect-map", {
    name: endpointNames.redirect(ctx.app.name, props.name),
    region,
    defaultUrlRedirect: { httpsRedirect: true, stripQuery: false, redirectResponseCode: "MOVED_PERMANENTLY_DEFAULT" },
  });
  const http = new ComputeRegionTargetHttpProxy(scope, "http-proxy", { name: endpointNames.redirect(ctx.app.name, props.name), region, urlMap: redirectMap.id });
  const forward = (fid: string, port: string, target: string) =>
    new ComputeForwardingRule(scope, fid, {
      name: endpointNames.forwardingRule(ctx.app.name, props.name, port),
      region,
      ipProtocol: "TCP",
      loadBalancingScheme: "EXTERNAL_MANAGED",
      portRange: port,
      target,
      ipAddress: address.id,
      network: net.network.id,
      networkTier: "PREMIUM",
      dependsOn: [proxyOnly],
    });
  forward("https-rule", "443", https.id);
  forward("http-rule", "80", http.id);

  return {
    kind: "public-endpoint",
    strategy: ctx.strategy,
    connection: { host: props.domain, port: "443", name: id, secretRef: "", url: `https://${props.domain}` },
    handle: address,
  };
}
