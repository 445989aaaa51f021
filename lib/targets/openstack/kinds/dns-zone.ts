import { DnsRecordsetV2 } from "../../../../providers/openstack/lib/dns-recordset-v2";
import { DnsZoneV2 } from "../../../../providers/openstack/lib/dns-zone-v2";
import type { Construct } from "constructs";
import { TerraformOutput } from "../../../core/cdktf";
import { CapabilityError } from "../../../core/errors";
import { noteStrategy } from "../../../core/strategy-note";
import type { RealizeContext, RealizedComponent } from "../../../core/realizer";
import type { ResolvedDnsZone } from "../../../kinds";
import { type DnsRecord, parseCaa } from "../../../kinds/dns-zone";
import type { SovereignFoundation } from "../foundation";
import { designateZoneName } from "../naming";
import type { SovereignNetwork } from "../network";

/** What other components (a public endpoint) get from a zone. */
export type SovereignZoneHandle = { readonly kind: "designate"; readonly zone: DnsZoneV2; readonly domain: string } | { readonly kind: "external"; readonly domain: string };

/** Construct id of a record: stable for a given name and type, whatever the record order. */
export function recordId(name: string, type: string): string {
  const label = name === "@" ? "apex" : name.replace(/^\*/, "wildcard").replace(/\./g, "-");
  return `record-${label}-${type.toLowerCase()}`;
}

/** Fully qualified, with the trailing dot Designate wants. */
export function recordFqdn(name: string, domain: string): string {
  return `${name === "@" ? domain : `${name}.${domain}`}.`;
}

/**
 * Record data as Designate accepts it: TXT data quoted; CAA as `flags tag value` with the value
 * bare (Designate validates an issuer as a domain name and refuses the zone-file quotes).
 */
export function recordValues(r: Required<DnsRecord>): string[] {
  return r.values.map((v) => {
    if (r.type === "TXT" && !v.startsWith('"')) return JSON.stringify(v);
    const caa = r.type === "CAA" ? parseCaa(v) : undefined;
    return caa ? `${caa.flags} ${caa.tag} ${caa.value}` : v;
  });
}

/**
 * `managed`: a Designate zone with the spec's records. `external`: the zone lives in a DNS
 * outside this cloud; the records to create there are an output.
 */
export function sovereignDnsZone(scope: Construct, props: ResolvedDnsZone, ctx: RealizeContext<SovereignFoundation, SovereignNetwork>): RealizedComponent {
  const f = ctx.foundation;
  if (ctx.strategy === "external") {
    new TerraformOutput(scope, "records", {
      description: `${f.explain("dns-zone", "external")}: create these in the DNS serving ${props.domain}`,
      value: { zone: props.domain, private: props.private, records: props.records.map((r) => ({ name: recordFqdn(r.name, props.domain), type: r.type, ttl: r.ttl, values: [...r.values] })) },
    }).overrideLogicalId(`${props.name}_dns_records`);
    const handle: SovereignZoneHandle = { kind: "external", domain: props.domain };
    return { kind: "dns-zone", strategy: ctx.strategy, connection: { host: "", port: "53", name: props.domain, secretRef: "", url: "" }, handle };
  }
  if (props.private)
    throw new CapabilityError(
      "dns-zone",
      f.target.id,
      `zone '${props.name}' is private, and Designate serves public zones only: pin 'strategy: external' and resolve it in your internal DNS`,
    );
  const zone = new DnsZoneV2(scope, "zone", {
    name: designateZoneName(props.domain),
    email: `hostmaster@${props.domain}`,
    ttl: 3600,
    type: "PRIMARY",
    description: `polder app ${ctx.app.name}: ${props.name}`,
  });
  noteStrategy(zone, f.explain("dns-zone", ctx.strategy));
  for (const r of props.records)
    new DnsRecordsetV2(scope, recordId(r.name, r.type), { zoneId: zone.id, name: recordFqdn(r.name, props.domain), type: r.type, ttl: r.ttl, records: recordValues(r) });
  const handle: SovereignZoneHandle = { kind: "designate", zone, domain: props.domain };
  return { kind: "dns-zone", strategy: ctx.strategy, connection: { host: "", port: "53", name: props.domain, secretRef: "", url: "" }, handle };
}
