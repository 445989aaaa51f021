import { DnsAaaaRecord } from "@cdktf/provider-azurerm/lib/dns-aaaa-record";
import { DnsARecord } from "@cdktf/provider-azurerm/lib/dns-a-record";
import { DnsCaaRecord } from "@cdktf/provider-azurerm/lib/dns-caa-record";
import { DnsCnameRecord } from "@cdktf/provider-azurerm/lib/dns-cname-record";
import { DnsMxRecord } from "@cdktf/provider-azurerm/lib/dns-mx-record";
import { DnsSrvRecord } from "@cdktf/provider-azurerm/lib/dns-srv-record";
import { DnsTxtRecord } from "@cdktf/provider-azurerm/lib/dns-txt-record";
import { DnsZone } from "@cdktf/provider-azurerm/lib/dns-zone";
import { PrivateDnsAaaaRecord } from "@cdktf/provider-azurerm/lib/private-dns-aaaa-record";
import { PrivateDnsARecord } from "@cdktf/provider-azurerm/lib/private-dns-a-record";
import { PrivateDnsCnameRecord } from "@cdktf/provider-azurerm/lib/private-dns-cname-record";
import { PrivateDnsMxRecord } from "@cdktf/provider-azurerm/lib/private-dns-mx-record";
import { PrivateDnsSrvRecord } from "@cdktf/provider-azurerm/lib/private-dns-srv-record";
import { PrivateDnsZone } from "@cdktf/provider-azurerm/lib/private-dns-zone";
import { PrivateDnsZoneVirtualNetworkLink } from "@cdktf/provider-azurerm/lib/private-dns-zone-virtual-network-link";
import { PrivateDnsTxtRecord } from "@cdktf/provider-azurerm/lib/private-dns-txt-record";
import type { Construct } from "constructs";
import { Fn } from "../../../core/cdktf";
import { type Issue, SpecValidationError } from "../../../core/errors";
import type { RealizeContext, RealizedComponent } from "../../../core/realizer";
import type { ResolvedDnsZone } from "../../../kinds";
import { azureRecordValues } from "../dns-records";
import type { AzureFoundation } from "../foundation";
import type { AzureNetwork } from "../network";

/** Construct id of a record: stable for a given name and type, whatever the record order. */
export function recordId(name: string, type: string): string {
  const label = name === "@" ? "apex" : name.replace(/^\*/, "wildcard").replace(/\./g, "-");
  return `record-${label}-${type.toLowerCase()}`;
}

/** What a public endpoint needs to point its name at itself. */
export interface AzureZoneHandle {
  readonly zoneName: string;
  readonly resourceGroupName: string;
  readonly private: boolean;
  readonly domain: string;
}

/**
 * An Azure DNS zone (public), or a private DNS zone linked to the app's VNet, with the spec's
 * records rendered as Azure takes them (CAA, MX and SRV as structured fields). Private zones
 * have no CAA records in Azure: such a record is an error naming it.
 */
export function azureDnsZone(scope: Construct, props: ResolvedDnsZone, ctx: RealizeContext<AzureFoundation, AzureNetwork>): RealizedComponent {
  const f = ctx.foundation;
  const rg = f.group.name;
  const issues: Issue[] = [];
  const rendered = props.records.map((r, i) => {
    const v = azureRecordValues(r);
    if ("index" in v) issues.push({ path: `components.${props.name}.records[${i}].values[${v.index}]`, message: `${v.message} (on ${ctx.target.description})` });
    else if (props.private && r.type === "CAA") issues.push({ path: `components.${props.name}.records[${i}].type`, message: `"CAA" cannot be in a private zone on ${ctx.target.description} (Azure private DNS has no CAA records): remove it or make the zone public` });
    return { r, v };
  });
  if (issues.length) throw new SpecValidationError(`app ${ctx.app.name} on ${ctx.target.description}`, issues);

  let zoneName: string;
  let nameServers = "";
  if (props.private) {
    const zone = new PrivateDnsZone(scope, "zone", { name: props.domain, resourceGroupName: rg, tags: f.tags });
    new PrivateDnsZoneVirtualNetworkLink(scope, "vnet-link", { name: `${ctx.app.name}-vnet`, resourceGroupName: rg, privateDnsZoneName: zone.name, virtualNetworkId: ctx.network.vnet.id, registrationEnabled: false, tags: f.tags });
    zoneName = zone.name;
  } else {
    const zone = new DnsZone(scope, "zone", { name: props.domain, resourceGroupName: rg, tags: f.tags });
    zoneName = zone.name;
    nameServers = Fn.join(",", zone.nameServers);
  }
  for (const { r, v } of rendered) {
    if ("index" in v) continue;
    const base = { name: r.name, zoneName, resourceGroupName: rg, ttl: r.ttl, tags: f.tags };
    const id = recordId(r.name, r.type);
    if (props.private) {
      if (v.type === "A") new PrivateDnsARecord(scope, id, { ...base, records: v.records });
      else if (v.type === "AAAA") new PrivateDnsAaaaRecord(scope, id, { ...base, records: v.records });
      else if (v.type === "CNAME") new PrivateDnsCnameRecord(scope, id, { ...base, record: v.record });
      else if (v.type === "TXT") new PrivateDnsTxtRecord(scope, id, { ...base, record: v.records });
      else if (v.type === "MX") new PrivateDnsMxRecord(scope, id, { ...base, record: v.records });
      else if (v.type === "SRV") new PrivateDnsSrvRecord(scope, id, { ...base, record: v.records });
    } else {
      if (v.type === "A") new DnsARecord(scope, id, { ...base, records: v.records });
      else if (v.type === "AAAA") new DnsAaaaRecord(scope, id, { ...base, records: v.records });
      else if (v.type === "CNAME") new DnsCnameRecord(scope, id, { ...base, record: v.record });
      else if (v.type === "TXT") new DnsTxtRecord(scope, id, { ...base, record: v.records });
      else if (v.type === "MX") new DnsMxRecord(scope, id, { ...base, record: v.records.map((m) => ({ preference: String(m.preference), exchange: m.exchange })) });
      else if (v.type === "SRV") new DnsSrvRecord(scope, id, { ...base, record: v.records });
      else if (v.type === "CAA") new DnsCaaRecord(scope, id, { ...base, record: v.records });
    }
  }
  const handle: AzureZoneHandle = { zoneName, resourceGroupName: rg, private: props.private, domain: props.domain };
  return {
    kind: "dns-zone",
    strategy: ctx.strategy,
    connection: { host: nameServers, port: "53", name: props.domain, secretRef: "", url: "" },
    handle,
  };
}
