import type { DnsRecord } from "../../kinds/dns-zone";

/**
 * Record values as Azure DNS takes them: structured fields instead of zone-file text. Pure, so
 * the rendering rules are tested on their own. Returns an error text for a value Azure cannot take.
 */
export type AzureRecordValues =
  | { readonly type: "A" | "AAAA"; readonly records: string[] }
  | { readonly type: "CNAME"; readonly record: string }
  | { readonly type: "TXT"; readonly records: { value: string }[] }
  | { readonly type: "MX"; readonly records: { preference: number; exchange: string }[] }
  | { readonly type: "CAA"; readonly records: { flags: number; tag: string; value: string }[] }
  | { readonly type: "SRV"; readonly records: { priority: number; weight: number; port: number; target: string }[] };

const CAA = /^(\d{1,3})\s+(issue|issuewild|iodef)\s+(?:"([^"]*)"|(\S+))$/;
const MX = /^(\d{1,5})\s+(\S+)$/;
const SRV = /^(\d{1,5})\s+(\d{1,5})\s+(\d{1,5})\s+(\S+)$/;

/** Parses each value of a record; `{ index, message }` for the first one Azure cannot take. */
export function azureRecordValues(record: Pick<DnsRecord, "type" | "values">): AzureRecordValues | { index: number; message: string } {
  const values = [...record.values];
  const fail = (index: number, message: string) => ({ index, message });
  switch (record.type) {
    case "A":
    case "AAAA":
      return { type: record.type, records: values };
    case "CNAME":
      return { type: "CNAME", record: values[0] };
    case "TXT":
      return { type: "TXT", records: values.map((value) => ({ value })) };
    case "MX": {
      const out = [];
      for (const [i, v] of values.entries()) {
        const m = MX.exec(v);
        if (!m || Number(m[1]) > 65535) return fail(i, `${JSON.stringify(v)} is not "<preference> <mail host>", e.g. "10 mail.example.nl"`);
        out.push({ preference: Number(m[1]), exchange: m[2] });
      }
      return { type: "MX", records: out };
    }
    case "SRV": {
      const out = [];
      for (const [i, v] of values.entries()) {
        const m = SRV.exec(v);
        if (!m || [m[1], m[2], m[3]].some((n) => Number(n) > 65535)) return fail(i, `${JSON.stringify(v)} is not "<priority> <weight> <port> <target>", e.g. "10 5 5060 sip.example.nl"`);
        out.push({ priority: Number(m[1]), weight: Number(m[2]), port: Number(m[3]), target: m[4] });
      }
      return { type: "SRV", records: out };
    }
    case "CAA": {
      const out = [];
      for (const [i, v] of values.entries()) {
        const m = CAA.exec(v);
        if (!m || Number(m[1]) > 255) return fail(i, `${JSON.stringify(v)} is not "<flags> <issue|issuewild|iodef> <value>", e.g. '0 issue "letsencrypt.org"'`);
        // Azure takes the value without the zone-file quotes.
        out.push({ flags: Number(m[1]), tag: m[2], value: m[3] ?? m[4] });
      }
      return { type: "CAA", records: out };
    }
  }
}
