import { AcmCertificate } from "@cdktf/provider-aws/lib/acm-certificate";
import { AcmCertificateValidation } from "@cdktf/provider-aws/lib/acm-certificate-validation";
import { AutoscalingAttachment } from "@cdktf/provider-aws/lib/autoscaling-attachment";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { Lb } from "@cdktf/provider-aws/lib/lb";
import { LbListener } from "@cdktf/provider-aws/lib/lb-listener";
import { LbTargetGroup } from "@cdktf/provider-aws/lib/lb-target-group";
import { Route53Record } from "@cdktf/provider-aws/lib/route53-record";
import type { Route53Zone } from "@cdktf/provider-aws/lib/route53-zone";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcSecurityGroupEgressRule } from "@cdktf/provider-aws/lib/vpc-security-group-egress-rule";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { Wafv2WebAcl } from "@cdktf/provider-aws/lib/wafv2-web-acl";
import { Wafv2WebAclAssociation } from "@cdktf/provider-aws/lib/wafv2-web-acl-association";
import { Wafv2WebAclLoggingConfiguration } from "@cdktf/provider-aws/lib/wafv2-web-acl-logging-configuration";
import type { Construct } from "constructs";
import { TerraformOutput } from "../../../core/cdktf";
import { skipCheck } from "../../../core/checks";
import type { RealizeContext, RealizedComponent } from "../../../core/realizer";
import type { ResolvedPublicEndpoint } from "../../../kinds";
import { nothingToServe } from "../../../kinds/vm-group";
import type { AwsFoundation } from "../foundation";
import { boundedName } from "../naming";
import type { AwsNetwork } from "../network";
import type { AwsBackendHandle } from "./kubernetes";

/** AWS-managed WAF rule groups every public endpoint gets. */
const MANAGED_RULE_GROUPS = ["AWSManagedRulesCommonRuleSet", "AWSManagedRulesKnownBadInputsRuleSet", "AWSManagedRulesAmazonIpReputationList"];

/**
 * Internet-facing ALB in the public subnets: HTTPS only with an ACM certificate (TLS 1.2+),
 * HTTP redirected, invalid headers dropped, deletion protection, a WAF with AWS managed rules
 * logging to an encrypted group. Traffic goes to the backend's port inside the VPC only.
 */
export function awsPublicEndpoint(scope: Construct, props: ResolvedPublicEndpoint, ctx: RealizeContext<AwsFoundation, AwsNetwork>): RealizedComponent {
  const f = ctx.foundation;
  const net = ctx.network;
  const id = `${ctx.app.name}-${props.name}`;
  const backend = ctx.component(props.backend).handle as AwsBackendHandle;
  if (backend.runsWorkload === false) throw nothingToServe(props.name, props.backend, "overrides.aws.imageId");
  const zone = props.zone ? (ctx.component(props.zone).handle as Route53Zone) : undefined;

  const sg = new SecurityGroup(scope, "sg", { name: `${id}-lb`, description: `public endpoint ${props.domain}`, vpcId: net.vpcId });
  props.allowedCidrs.forEach((cidr, i) => {
    for (const port of [443, 80]) {
      const rule = new VpcSecurityGroupIngressRule(scope, `ingress-${port}-${i}`, { securityGroupId: sg.id, description: port === 443 ? "HTTPS from clients" : "HTTP from clients, redirected to HTTPS", ipProtocol: "tcp", fromPort: port, toPort: port, cidrIpv4: cidr });
      if (port === 80 && cidr === "0.0.0.0/0")
        skipCheck(rule, "CKV_AWS_260", "a public endpoint (public by its spec) answers port 80 only with a redirect to HTTPS (listener http-redirect); nothing is served over HTTP");
    }
  });
  new VpcSecurityGroupEgressRule(scope, "egress-backend", { securityGroupId: sg.id, description: "to the backend", ipProtocol: "tcp", fromPort: props.port, toPort: props.port, referencedSecurityGroupId: backend.securityGroupId });
  new VpcSecurityGroupIngressRule(scope, "backend-ingress", { securityGroupId: backend.securityGroupId, description: `from public endpoint ${props.name}`, ipProtocol: "tcp", fromPort: props.port, toPort: props.port, referencedSecurityGroupId: sg.id });

  const logs = f.accessLogs();
  const lb = new Lb(scope, "lb", {
    name: boundedName([ctx.app.name, props.name], 32),
    loadBalancerType: "application",
    internal: false,
    subnets: [...net.publicSubnetIds],
    securityGroups: [sg.id],
    dropInvalidHeaderFields: true,
    enableDeletionProtection: true,
    accessLogs: { bucket: logs.bucket.id, prefix: `lb/${props.name}`, enabled: true },
    // AWS checks that it may write the logs when the load balancer is created.
    dependsOn: [logs.policy],
  });
  skipCheck(lb, "CKV2_AWS_76", "Log4j is covered by AWSManagedRulesKnownBadInputsRuleSet (its Log4JRCE rules) in the attached WAF; the check also demands AWSManagedRulesAnonymousIpList, which would lock out citizens behind VPNs");
  const targets = new LbTargetGroup(scope, "targets", {
    name: boundedName([ctx.app.name, props.name], 32),
    port: props.port,
    protocol: "HTTP",
    targetType: backend.targetType,
    vpcId: net.vpcId,
    healthCheck: { enabled: true, path: props.healthCheckPath, matcher: "200-399" },
  });
  if (backend.autoscalingGroupName) {
    new AutoscalingAttachment(scope, "attachment", { autoscalingGroupName: backend.autoscalingGroupName, lbTargetGroupArn: targets.arn });
    backend.useLoadBalancerHealthCheck?.();
  }

  const cert = new AcmCertificate(scope, "certificate", { domainName: props.domain, validationMethod: "DNS", lifecycle: { createBeforeDestroy: true } });
  const option = cert.domainValidationOptions.get(0);
  const validationRecords: string[] = [];
  if (zone) {
    const record = new Route53Record(scope, "certificate-validation-record", {
      zoneId: zone.zoneId,
      name: option.resourceRecordName,
      type: option.resourceRecordType,
      records: [option.resourceRecordValue],
      ttl: 300,
      allowOverwrite: true,
    });
    validationRecords.push(record.fqdn);
    new Route53Record(scope, "alias", { zoneId: zone.zoneId, name: props.domain, type: "A", alias: { name: lb.dnsName, zoneId: lb.zoneId, evaluateTargetHealth: true } });
  } else {
    // The zone lives elsewhere: whoever runs it creates this record.
    new TerraformOutput(scope, "validation-record", {
      description: `DNS record to create for the certificate of ${props.domain}`,
      value: { name: option.resourceRecordName, type: option.resourceRecordType, value: option.resourceRecordValue },
    }).overrideLogicalId(`${props.name}_certificate_validation_record`);
  }
  // ACM validates only once the record resolves on the internet, which a new zone (not yet
  // delegated) or a record someone else creates cannot promise during the first apply; the
  // HTTPS listener needs an issued certificate. So the wait and the listener come when the spec
  // says the record resolves (awaitCertificate), and until then an output names the step.
  if (props.awaitCertificate) {
    const validation = new AcmCertificateValidation(scope, "certificate-validation", {
      certificateArn: cert.arn,
      validationRecordFqdns: validationRecords.length ? validationRecords : undefined,
    });
    new LbListener(scope, "https", {
      loadBalancerArn: lb.arn,
      port: 443,
      protocol: "HTTPS",
      sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06",
      certificateArn: validation.certificateArn,
      defaultAction: [{ type: "forward", targetGroupArn: targets.arn }],
    });
  } else {
    skipCheck(targets, "CKV_AWS_378", "no listener forwards here until the certificate is validated (awaitCertificate: true); then the HTTPS listener terminates TLS and forwards inside the VPC, as Checkov accepts");
    new TerraformOutput(scope, "next-step", {
      description: `HTTPS for ${props.domain} starts in a second apply`,
      value: `When ${zone ? `the zone ${props.domain.split(".").slice(1).join(".")} is delegated to its name servers (output ${props.zone}_connection, host)` : `the record in ${props.name}_certificate_validation_record exists in the DNS serving ${props.domain}`}, set awaitCertificate: true on component '${props.name}' and apply again: Terraform waits for ACM to issue the certificate and adds the HTTPS listener.`,
    }).overrideLogicalId(`${props.name}_next_step`);
  }
  new LbListener(scope, "http-redirect", {
    loadBalancerArn: lb.arn,
    port: 80,
    protocol: "HTTP",
    defaultAction: [{ type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } }],
  });

  const waf = new Wafv2WebAcl(scope, "waf", {
    name: id,
    scope: "REGIONAL",
    defaultAction: { allow: {} },
    visibilityConfig: { cloudwatchMetricsEnabled: true, metricName: id, sampledRequestsEnabled: true },
    rule: MANAGED_RULE_GROUPS.map((group, priority) => ({
      name: group,
      priority,
      overrideAction: { none: {} },
      // The binding types `statement` as any: it is passed through as written, so snake_case.
      statement: { managed_rule_group_statement: { name: group, vendor_name: "AWS" } },
      visibilityConfig: { cloudwatchMetricsEnabled: true, metricName: group, sampledRequestsEnabled: true },
    })),
  });
  new Wafv2WebAclAssociation(scope, "waf-association", { resourceArn: lb.arn, webAclArn: waf.arn });
  // WAF only logs to groups whose name starts with aws-waf-logs-.
  const wafLogs = new CloudwatchLogGroup(scope, "waf-logs", { name: `aws-waf-logs-${id}`, retentionInDays: 365, kmsKeyId: f.key.arn });
  new Wafv2WebAclLoggingConfiguration(scope, "waf-logging", { resourceArn: waf.arn, logDestinationConfigs: [wafLogs.arn] });

  return {
    kind: "public-endpoint",
    strategy: ctx.strategy,
    connection: { host: props.domain, port: "443", name: lb.name, secretRef: "", url: `https://${props.domain}` },
    handle: lb,
  };
}
