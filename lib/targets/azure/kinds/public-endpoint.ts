import { ApplicationGateway } from "@cdktf/provider-azurerm/lib/application-gateway";
import { DnsARecord } from "@cdktf/provider-azurerm/lib/dns-a-record";
import { KeyVaultCertificate } from "@cdktf/provider-azurerm/lib/key-vault-certificate";
import { PublicIp } from "@cdktf/provider-azurerm/lib/public-ip";
import { RoleAssignment } from "@cdktf/provider-azurerm/lib/role-assignment";
import { UserAssignedIdentity } from "@cdktf/provider-azurerm/lib/user-assigned-identity";
import { WebApplicationFirewallPolicy } from "@cdktf/provider-azurerm/lib/web-application-firewall-policy";
import type { Construct } from "constructs";
import { TerraformOutput } from "../../../core/cdktf";
import { skipCheck } from "../../../core/checks";
import type { RealizeContext, RealizedComponent } from "../../../core/realizer";
import type { ResolvedPublicEndpoint } from "../../../kinds";
import type { AzureFoundation } from "../foundation";
import { boundedName } from "../naming";
import type { AzureNetwork } from "../network";
import type { AzureZoneHandle } from "./dns-zone";
import type { AzureBackendHandle } from "./kubernetes";
import { nothingToServe } from "../../../kinds/vm-group";

/** TLS 1.2 minimum with only strong (ECDHE, GCM) cipher suites. */
const TLS_POLICY = "AppGwSslPolicy20220101S";

/** Parts of the gateway the Application Gateway Ingress Controller owns when the backend is Kubernetes. */
const AGIC_OWNED = ["backend_address_pool", "backend_http_settings", "http_listener", "probe", "request_routing_rule", "redirect_configuration", "url_path_map", "frontend_port", "tags"];

/**
 * Application Gateway v2 in the gateway subnet with a WAF policy (Microsoft default and bot rule
 * sets, prevention mode), TLS 1.2+ with strong ciphers, an HTTPS listener whose certificate lives
 * in the app's Key Vault (read through the gateway's own identity), HTTP redirected to HTTPS,
 * access and firewall logs to the app's workspace. The backend is the vm-group's scale set (a
 * backend pool) or the Kubernetes cluster (through the ingress controller add-on). The first
 * certificate is self-signed by Key Vault so the first apply finishes; the output
 * `<name>_certificate_setup` says how to import the CA-issued one.
 */
export function azurePublicEndpoint(scope: Construct, props: ResolvedPublicEndpoint, ctx: RealizeContext<AzureFoundation, AzureNetwork>): RealizedComponent {
  const f = ctx.foundation;
  const net = ctx.network;
  const rg = f.group.name;
  const id = `${ctx.app.name}-${props.name}`;
  const backend = ctx.component(props.backend).handle as AzureBackendHandle;
  // Azure's stock images run nothing of their own: only a bootstrap makes the group serve.
  if (backend.kind === "vm-group" && !backend.runsWorkload) throw nothingToServe(props.name, props.backend);
  const zone = props.zone ? (ctx.component(props.zone).handle as AzureZoneHandle) : undefined;

  // Clients on 443 (and 80, answered with a redirect); the gateway to the backend port, nothing else.
  const clients = props.allowedCidrs.map((c) => (c === "0.0.0.0/0" ? "Internet" : c));
  net.rule("gateway", `${props.name}-https`, { direction: "Inbound", protocol: "Tcp", ports: "443", from: clients, to: [net.cidrs.gateway], description: `public endpoint ${props.domain}: HTTPS from clients` }, { scope });
  const http = net.rule("gateway", `${props.name}-http`, { direction: "Inbound", protocol: "Tcp", ports: "80", from: clients, to: [net.cidrs.gateway], description: `public endpoint ${props.domain}: HTTP, redirected to HTTPS` }, { scope });
  if (clients.includes("Internet")) skipCheck(http, "CKV_AZURE_160", "a public endpoint (public by its spec) answers port 80 only with a redirect to HTTPS (redirect configuration to-https); nothing is served over HTTP");
  net.rule("workload", `${props.name}-from-gateway`, { direction: "Inbound", protocol: "Tcp", ports: String(props.port), from: [net.cidrs.gateway], to: [net.cidrs.workload], description: `public endpoint ${props.name} to its backend ${props.backend}` }, { scope });

  const identity = new UserAssignedIdentity(scope, "identity", { name: `${id}-gw`, location: f.location, resourceGroupName: rg, tags: f.tags });
  const certificateReader = new RoleAssignment(scope, "certificate-reader", {
    scope: f.vault.id,
    roleDefinitionName: "Key Vault Secrets User",
    principalId: identity.principalId,
    principalType: "ServicePrincipal",
    description: `Application Gateway ${id} reads its TLS certificate`,
  });
  const certificate = new KeyVaultCertificate(scope, "certificate", {
    name: `${props.name}-tls`,
    keyVaultId: f.vault.id,
    certificatePolicy: {
      issuerParameters: { name: "Self" },
      keyProperties: { exportable: true, keyType: "RSA", keySize: 2048, reuseKey: false },
      lifetimeAction: [{ action: { actionType: "AutoRenew" }, trigger: { daysBeforeExpiry: 30 } }],
      secretProperties: { contentType: "application/x-pkcs12" },
      x509CertificateProperties: {
        subject: `CN=${props.domain}`,
        subjectAlternativeNames: { dnsNames: [props.domain] },
        keyUsage: ["digitalSignature", "keyEncipherment"],
        extendedKeyUsage: ["1.3.6.1.5.5.7.3.1"],
        validityInMonths: 12,
      },
    },
    // The owner imports the CA-issued certificate as a new version; Terraform keeps out of it.
    lifecycle: { ignoreChanges: ["certificate_policy"] },
    dependsOn: [f.deployerVaultAdmin],
  });
  f.overVaultDataPlane(certificate);

  const ip = new PublicIp(scope, "ip", { name: `${id}-gw`, location: f.location, resourceGroupName: rg, allocationMethod: "Static", sku: "Standard", zones: [...net.zones], tags: f.tags });
  const waf = new WebApplicationFirewallPolicy(scope, "waf", {
    name: `${id}-waf`,
    location: f.location,
    resourceGroupName: rg,
    policySettings: { enabled: true, mode: "Prevention", requestBodyCheck: true, maxRequestBodySizeInKb: 128, fileUploadLimitInMb: 100 },
    managedRules: { managedRuleSet: [{ type: "Microsoft_DefaultRuleSet", version: "2.1" }, { type: "Microsoft_BotManagerRuleSet", version: "1.1" }] },
    tags: f.tags,
  });
  skipCheck(waf, "CKV_AZURE_135", "Microsoft_DefaultRuleSet 2.1, Microsoft's successor of OWASP CRS 3.2, blocks Log4j lookups with rule 944240 (enabled, no overrides); the check recognises only the OWASP 3.1/3.2 rule sets");

  const gateway = new ApplicationGateway(scope, "gateway", {
    name: boundedName([ctx.app.name, props.name], 80),
    location: f.location,
    resourceGroupName: rg,
    zones: [...net.zones],
    sku: { name: "WAF_v2", tier: "WAF_v2" },
    autoscaleConfiguration: { minCapacity: 2, maxCapacity: 10 },
    enableHttp2: true,
    firewallPolicyId: waf.id,
    forceFirewallPolicyAssociation: true,
    identity: { type: "UserAssigned", identityIds: [identity.id] },
    gatewayIpConfiguration: [{ name: "gateway", subnetId: net.subnets.gateway.id }],
    frontendIpConfiguration: [{ name: "public", publicIpAddressId: ip.id }],
    frontendPort: [
      { name: "https", port: 443 },
      { name: "http", port: 80 },
    ],
    sslPolicy: { policyType: "Predefined", policyName: TLS_POLICY },
    sslCertificate: [{ name: "tls", keyVaultSecretId: certificate.versionlessSecretId }],
    backendAddressPool: [{ name: "backend" }],
    probe: [{ name: "health", protocol: "Http", host: props.domain, path: props.healthCheckPath, port: props.port, interval: 30, timeout: 30, unhealthyThreshold: 3, match: { statusCode: ["200-399"] } }],
    backendHttpSettings: [{ name: "backend", port: props.port, protocol: "Http", cookieBasedAffinity: "Disabled", requestTimeout: 30, probeName: "health", hostName: props.domain }],
    httpListener: [
      { name: "https", frontendIpConfigurationName: "public", frontendPortName: "https", protocol: "Https", sslCertificateName: "tls", hostName: props.domain, requireSni: true },
      { name: "http", frontendIpConfigurationName: "public", frontendPortName: "http", protocol: "Http", hostName: props.domain },
    ],
    redirectConfiguration: [{ name: "to-https", redirectType: "Permanent", targetListenerName: "https", includePath: true, includeQueryString: true }],
    requestRoutingRule: [
      { name: "https", ruleType: "Basic", priority: 100, httpListenerName: "https", backendAddressPoolName: "backend", backendHttpSettingsName: "backend" },
      { name: "http", ruleType: "Basic", priority: 200, httpListenerName: "http", redirectConfigurationName: "to-https" },
    ],
    tags: f.tags,
    lifecycle: backend.kind === "kubernetes" ? { ignoreChanges: AGIC_OWNED } : undefined,
    dependsOn: [certificateReader],
  });
  f.diagnostics(scope, "diagnostics", gateway.id);

  if (backend.kind === "vm-group") backend.attachToGateway(`${gateway.id}/backendAddressPools/backend`);
  else {
    // The ingress controller add-on configures the gateway for the cluster's Ingress resources.
    const agic = backend.useGateway(gateway.id);
    const grant = (rid: string, roleScope: string, role: string) =>
      new RoleAssignment(scope, rid, { scope: roleScope, roleDefinitionName: role, principalId: agic, principalType: "ServicePrincipal", description: `ingress controller of ${props.backend} manages gateway ${id}` });
    grant("agic-gateway", gateway.id, "Contributor");
    grant("agic-group", f.group.id, "Reader");
    grant("agic-subnet", net.subnets.gateway.id, "Network Contributor");
    grant("agic-identity", identity.id, "Managed Identity Operator");
  }

  if (zone) {
    // The spec checks that a zone is public and holds the domain.
    const name = props.domain === zone.domain ? "@" : props.domain.slice(0, -(zone.domain.length + 1));
    new DnsARecord(scope, "record", { name, zoneName: zone.zoneName, resourceGroupName: zone.resourceGroupName, ttl: 300, targetResourceId: ip.id, tags: f.tags });
  }
  new TerraformOutput(scope, "certificate-setup", {
    description: `the TLS certificate of ${props.domain}: Key Vault self-signs the first one; import the CA-issued one as a new version`,
    value: {
      vault: f.vault.name,
      certificate: certificate.name,
      command: `az keyvault certificate import --vault-name ${f.vault.name} --name ${props.name}-tls --file <pfx with the CA-issued certificate and its key>`,
      ...(zone ? {} : { dns_record: { name: props.domain, type: "A", value: ip.ipAddress } }),
    },
  }).overrideLogicalId(`${props.name}_certificate_setup`);

  return {
    kind: "public-endpoint",
    strategy: ctx.strategy,
    connection: { host: props.domain, port: "443", name: gateway.name, secretRef: "", url: `https://${props.domain}` },
    handle: gateway,
  };
}
