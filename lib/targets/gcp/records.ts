import type { DnsRecord } from "../../kinds/dns-zone";

/** Construct id of a record: stable for a given name and type, whatever the record order. */
export function recordId(name: string, type: string): string {
  const label = name === "@" ? "apex" : name.replace(/^\*/, "wildcard").replace(/\./g, "-");
  return `record-${label}-${type.toLowerCase()}`;
}

/** A fully qualified name as Cloud DNS wants it: with the root's trailing dot. */
export function cloudDnsName(name: string, domain: string): string {
  return `${name === "@" ? domain : `${name}.${domain}`}.`;
}

const absolute = (host: string) => (host.endsWith(".") ? host : `${host}.`);

/**
 * Record values in Cloud DNS's presentation format: TXT strings quoted (inner quotes and
 * backslashes escaped), host names in CNAME, MX and SRV absolute (trailing dot), CAA as
 * `<flags> <tag> "<value>"` with the value quoted once.
 */
export function cloudDnsValues(type: DnsRecord["type"], values: readonly string[]): string[] {
  return values.map((v) => {
    switch (type) {
      case "TXT":
        return /^".*"$/.test(v) ? v : `"${v.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
      case "CNAME":
        return absolute(v);
      case "MX": {
        const [pref, host] = v.trim().split(/\s+/);
        return host ? `${pref} ${absolute(host)}` : v;
      }
      case "SRV": {
        const parts = v.trim().split(/\s+/);
        if (parts.length === 4) parts[3] = absolute(parts[3]);
        return parts.join(" ");
      }
      case "CAA": {
        const m = /^(\d+)\s+([a-z0-9]+)\s+"?([^"]*)"?$/i.exec(v.trim());
        return m ? `${m[1]} ${m[2].toLowerCase()} "${m[3]}"` : v;
      }
      default:
        return v;
    }
  });
}
