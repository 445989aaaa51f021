import { Route53Record } from "@cdktf/provider-aws/lib/route53-record";
import { Route53Zone } from "@cdktf/provider-aws/lib/route53-zone";
import type { Construct } from "constructs";
import { Fn } from "../../../core/cdktf";
import { skipCheck } from "../../../core/checks";
import type { RealizeContext, RealizedComponent } from "../../../core/realizer";
import type { ResolvedDnsZone } from "../../../kinds";
import { parseCaa } from "../../../kinds/dns-zone";
import type { AwsFoundation } from "../foundation";
import type { AwsNetwork } from "../network";

/** Construct id of a record: stable for a given name and type, whatever the record order. */
export function recordId(name: string, type: string): string {
  const label = name === "@" ? "apex" : name.replace(/^\*/, "wildcard").replace(/\./g, "-");
  return `record-${label}-${type.toLowerCase()}`;
}

export function recordFqdn(name: string, domain: string): string {
  return name === "@" ? domain : `${name}.${domain}`;
}

/** Record data as Route 53 wants it: CAA values in zone-file form, the value quoted. */
export function recordValues(type: string, values: readonly string[]): string[] {
  return values.map((v) => {
    const caa = type === "CAA" ? parseCaa(v) : undefined;
    return caa ? `${caa.flags} ${caa.tag} "${caa.value}"` : v;
  });
}

/** Route 53 hosted zone (private zones attached to the app VPC) with the spec's records. */
export function awsDnsZone(scope: Construct, props: ResolvedDnsZone, ctx: RealizeContext<AwsFoundation, AwsNetwork>): RealizedComponent {
  const zone = new Route53Zone(scope, "zone", {
    name: props.domain,
    comment: `polder app ${ctx.app.name}: ${props.name}`,
    forceDestroy: false,
    vpc: props.private ? [{ vpcId: ctx.network.vpcId }] : undefined,
  });
  if (!props.private) {
    skipCheck(zone, "CKV2_AWS_38", "DNSSEC signing of a public zone needs its key-signing KMS key in us-east-1, outside the EU: EU residency rules it out");
    skipCheck(zone, "CKV2_AWS_39", "query logs of a public hosted zone can only go to a CloudWatch log group in us-east-1, outside the EU: EU residency rules it out");
  }
  for (const r of props.records) {
    new Route53Record(scope, recordId(r.name, r.type), { zoneId: zone.zoneId, name: recordFqdn(r.name, props.domain), type: r.type, ttl: r.ttl, records: recordValues(r.type, r.values) });
  }
  return {
    kind: "dns-zone",
    strategy: ctx.strategy,
    connection: { host: props.private ? "" : Fn.join(",", zone.nameServers), port: "53", name: props.domain, secretRef: "", url: "" },
    handle: zone,
  };
}
