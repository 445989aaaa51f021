import { DnsManagedZone } from "@cdktf/provider-google/lib/dns-managed-zone";
import { DnsRecordSet } from "@cdktf/provider-google/lib/dns-record-set";
import type { Construct } from "constructs";
import { Fn, TerraformOutput } from "../../../core/cdktf";
import type { RealizeContext, RealizedComponent } from "../../../core/realizer";
import { noteStrategy } from "../../../core/strategy-note";
import type { ResolvedDnsZone } from "../../../kinds";
import { explainGcpStrategy } from "../capabilities";
import type { GcpFoundation } from "../foundation";
import { componentName } from "../naming";
import type { GcpNetwork } from "../network";
import { cloudDnsName, cloudDnsValues, recordId } from "../records";
import { universeName } from "../universes";

/** What a public endpoint needs from a zone of the same app. */
export type GcpZoneHandle = { readonly kind: "managed"; readonly zone: DnsManagedZone } | { readonly kind: "external"; readonly domain: string };

/**
 * Cloud DNS: a public zone signed with DNSSEC and logging queries, or a private zone visible only
 * in the app network. In a universe without public zones a public zone falls back to `external`:
 * the records (rendered for Cloud DNS) are an output `<name>_dns_records` for the DNS that serves it.
 */
export function gcpDnsZone(scope: Construct, props: ResolvedDnsZone, ctx: RealizeContext<GcpFoundation, GcpNetwork>): RealizedComponent {
  const f = ctx.foundation;
  const records = props.records.map((r) => ({ id: recordId(r.name, r.type), name: cloudDnsName(r.name, props.domain), type: r.type, ttl: r.ttl, rrdatas: cloudDnsValues(r.type, r.values) }));
  const external = ctx.strategy === "external" || (!props.private && !f.universe.publicDns);
  if (external) {
    const note =
      ctx.strategy === "external"
        ? explainGcpStrategy("dns-zone", "external", f.universe)
        : `dns-zone as external: the records to create in a DNS outside Google Cloud (fallback: managed: public Cloud DNS zones are not offered in ${universeName(f.universe)}, private zones are)`;
    const out = new TerraformOutput(scope, "records", {
      description: `${note}: create these records for ${props.domain} in the DNS that serves it`,
      value: { domain: `${props.domain}.`, records: records.map(({ id: _, ...r }) => r) },
    });
    out.overrideLogicalId(`${props.name}_dns_records`);
    const handle: GcpZoneHandle = { kind: "external", domain: props.domain };
    return { kind: "dns-zone", strategy: "external", connection: { host: "", port: "53", name: props.domain, secretRef: "", url: "" }, handle };
  }
  const zone = new DnsManagedZone(scope, "zone", {
    name: componentName(ctx.app.name, props.name),
    dnsName: `${props.domain}.`,
    description: `polder app ${ctx.app.name}: ${props.name}`,
    visibility: props.private ? "private" : "public",
    dnssecConfig: props.private ? undefined : { state: "on", nonExistence: "nsec3" },
    privateVisibilityConfig: props.private ? { networks: [{ networkUrl: ctx.network.network.id }] } : undefined,
    cloudLoggingConfig: { enableLogging: true },
    forceDestroy: false,
  });
  noteStrategy(zone, explainGcpStrategy("dns-zone", ctx.strategy, f.universe));
  for (const { id, ...r } of records) new DnsRecordSet(scope, id, { managedZone: zone.name, ...r });
  const handle: GcpZoneHandle = { kind: "managed", zone };
  return {
    kind: "dns-zone",
    strategy: ctx.strategy,
    connection: { host: props.private ? "" : Fn.join(",", zone.nameServers), port: "53", name: props.domain, secretRef: "", url: "" },
    handle,
  };
}
