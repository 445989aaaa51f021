import { isIPv4, isIPv6 } from "node:net";
import { FieldReader, show } from "../shared/validate";
import { type ComponentCommon, DOMAIN_PATTERN, DOMAIN_TEXT, readCommon } from "./component";

export const DNS_RECORD_TYPES = ["A", "AAAA", "CNAME", "TXT", "MX", "CAA", "SRV"] as const;

export interface DnsRecord {
  /** Relative name inside the zone; `@` is the apex. */
  readonly name: string;
  readonly type: (typeof DNS_RECORD_TYPES)[number];
  readonly values: readonly string[];
  /** @default 300 */
  readonly ttl?: number;
}

/** A DNS zone with its records. */
export interface DnsZoneProps {
  readonly domain: string;
  /** Resolvable only inside the app network. @default false */
  readonly private?: boolean;
  /** @default [] */
  readonly records?: readonly DnsRecord[];
}

export interface ResolvedDnsZone extends ComponentCommon<"dns-zone"> {
  readonly domain: string;
  readonly private: boolean;
  readonly records: readonly Required<DnsRecord>[];
}

const RECORD_NAME = /^(@|\*|(\*\.)?[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9])?(\.[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9])?)*)$/;

export function readDnsZone(r: FieldReader, name: string): ResolvedDnsZone {
  const common = readCommon(r, "dns-zone", name, {});
  const domain = r.string("domain", { required: true, pattern: DOMAIN_PATTERN, patternText: DOMAIN_TEXT }) ?? "";
  const isPrivate = r.boolean("private", { default: false })!;
  const records: Required<DnsRecord>[] = [];
  const seen = new Set<string>();
  (r.list("records", { max: 500 }) ?? []).forEach((raw, i) => {
    const rr = FieldReader.object(raw, r.at(`records[${i}]`), r.issues);
    if (!rr) return;
    const recName = rr.string("name", { required: true, pattern: RECORD_NAME, patternText: "@, * or a lower-case relative name such as www" });
    const type = rr.oneOf("type", DNS_RECORD_TYPES, { required: true });
    const ttl = rr.integer("ttl", { min: 30, max: 86400, default: 300 });
    const values = rr.list("values", { max: 100 });
    if (values === undefined) rr.fail("values", "is required: a list of at least one string");
    else if (values.length === 0) rr.fail("values", "is empty: give at least one value");
    else {
      const bad = values.find((v) => typeof v !== "string" || v.length === 0 || v.length > 255);
      if (bad !== undefined) rr.fail("values", `every value must be a string of 1 to 255 characters, got ${show(bad)}`);
      else if (type) checkRecordValues(rr, type, recName, values as string[]);
    }
    rr.rejectUnknown();
    if (recName && type) {
      const key = `${recName} ${type}`;
      if (seen.has(key)) rr.fail("name", `${show(recName)} ${type} is defined twice in this zone: put every value in one record`);
      seen.add(key);
    }
    if (recName && type && ttl !== undefined && values?.length)
      records.push({ name: recName, type, ttl, values: values as string[] });
  });
  return { ...common, domain, private: isPrivate, records };
}

/** A CAA record's parts: `flags tag value`, the value with or without the zone-file quotes. */
export interface CaaRecord {
  readonly flags: number;
  readonly tag: "issue" | "issuewild" | "iodef";
  /** Unquoted: an issuer domain (with optional `; key=value` parameters) or, for iodef, a URL. */
  readonly value: string;
}

const CAA_VALUE = /^(\d{1,3}) (issue|issuewild|iodef) ("([^"]*)"|([^\s"]+))$/;

/** Parses `0 issue "letsencrypt.org"` or `0 issue letsencrypt.org`; undefined when it is neither. */
export function parseCaa(text: string): CaaRecord | undefined {
  const m = CAA_VALUE.exec(text);
  if (!m || Number(m[1]) > 255) return undefined;
  return { flags: Number(m[1]), tag: m[2] as CaaRecord["tag"], value: m[4] ?? m[5] };
}

/** What DNS itself refuses, so a bad record fails here rather than at apply time. */
function checkRecordValues(rr: FieldReader, type: DnsRecord["type"], name: string | undefined, values: readonly string[]): void {
  const badAddress = (ok: (v: string) => boolean, what: string) => {
    const bad = values.findIndex((v) => !ok(v));
    if (bad >= 0) rr.fail(`values[${bad}]`, `${show(values[bad])} is not ${what}`);
  };
  if (type === "A") badAddress(isIPv4, "an IPv4 address such as 192.0.2.10");
  else if (type === "AAAA") badAddress(isIPv6, "an IPv6 address such as 2001:db8::10");
  else if (type === "CAA") badAddress((v) => parseCaa(v) !== undefined, 'a CAA value "flags tag value" such as 0 issue "letsencrypt.org" (tag issue, issuewild or iodef)');
  else if (type === "CNAME") {
    if (values.length !== 1) rr.fail("values", `a CNAME has exactly one value (the name it points to), got ${values.length}`);
    if (name === "@") rr.fail("name", "a CNAME cannot be at the zone apex (@): other records live there; use an A/AAAA record");
  }
}
