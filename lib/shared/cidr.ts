/** Pure IPv4 CIDR arithmetic for network planning. */
export interface Cidr {
  /** Network address as an unsigned 32-bit number. */
  readonly base: number;
  readonly prefix: number;
}

// No leading zeros: "010" is ten to some parsers and eight to others, and Go's (so Terraform's) refuses it.
const OCTET = "(0|[1-9]\\d{0,2})";
const CIDR_RE = new RegExp(`^${OCTET}\\.${OCTET}\\.${OCTET}\\.${OCTET}\\/(0|[1-9]\\d?)$`);

/** Parses `a.b.c.d/n`; returns an error text for anything else, including host bits set. */
export function parseCidr(text: string): Cidr | string {
  const m = CIDR_RE.exec(text);
  if (!m) return "not an IPv4 CIDR block like 10.20.0.0/16 (four numbers without leading zeros, a prefix length)";
  const octets = m.slice(1, 5).map(Number);
  if (octets.some((o) => o > 255)) return "an octet is above 255";
  const prefix = Number(m[5]);
  if (prefix > 32) return "the prefix length is above 32";
  const base = ((octets[0] << 24) | (octets[1] << 16) | (octets[2] << 8) | octets[3]) >>> 0;
  if ((base & ~maskOf(prefix)) >>> 0 !== 0)
    return `host bits are set: the network address is ${formatCidr({ base: (base & maskOf(prefix)) >>> 0, prefix })}`;
  return { base, prefix };
}

function maskOf(prefix: number): number {
  return prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
}

export function formatCidr(c: Cidr): string {
  const b = c.base;
  return `${b >>> 24}.${(b >>> 16) & 255}.${(b >>> 8) & 255}.${b & 255}/${c.prefix}`;
}

/** The `index`-th block of length `newPrefix` inside `c`. */
export function subnet(c: Cidr, newPrefix: number, index: number): Cidr {
  if (newPrefix < c.prefix || newPrefix > 32) throw new RangeError(`cannot cut /${newPrefix} out of /${c.prefix}`);
  const count = 2 ** (newPrefix - c.prefix);
  if (index < 0 || index >= count) throw new RangeError(`/${c.prefix} holds ${count} blocks of /${newPrefix}, not ${index + 1}`);
  return { base: (c.base + index * 2 ** (32 - newPrefix)) >>> 0, prefix: newPrefix };
}

export function overlaps(a: Cidr, b: Cidr): boolean {
  const prefix = Math.min(a.prefix, b.prefix);
  return (a.base & maskOf(prefix)) >>> 0 === (b.base & maskOf(prefix)) >>> 0;
}

const PRIVATE_RANGES = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"].map((t) => parseCidr(t) as Cidr);

/** True when `c` lies wholly inside an RFC 1918 private range. */
export function isPrivate(c: Cidr): boolean {
  return PRIVATE_RANGES.some((r) => c.prefix >= r.prefix && overlaps(c, r));
}
