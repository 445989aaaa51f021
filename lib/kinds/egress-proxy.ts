// cloud-init text that sends a classified app's machines through the egress proxy its target names.
// Pure text builders, the same on every target.
import { type Classification, isAtLeast } from "../policy/classification";
import { type Cidr, parseCidr } from "../shared/cidr";
import type { Issue } from "../shared/errors";
import { show } from "../shared/validate";

/** Apps from this classification up get no route to the internet, only the target's named destinations. */
export const RESTRICTED_EGRESS_FROM: Classification = "departementaal-vertrouwelijk";

export function egressRestricted(classification: Classification): boolean {
  return isAtLeast(classification, RESTRICTED_EGRESS_FROM);
}

/** cloud-config lines that send apt through the proxy. */
export function aptProxyConfig(proxy: string): string {
  return `apt:\n  http_proxy: ${proxy}\n  https_proxy: ${proxy}`;
}

/**
 * Shell lines exporting the proxy for a script (not for the app network nor the metadata service);
 * `direct`: more hosts or domains reached without it (a cloud's metadata name, its private API range).
 */
export function proxyExports(proxy: string, networkCidr: string, direct: readonly string[] = []): string {
  const none = [networkCidr, "169.254.169.254", ...direct, "localhost", "127.0.0.1"].join(",");
  return `export http_proxy=${proxy} https_proxy=${proxy} HTTP_PROXY=${proxy} HTTPS_PROXY=${proxy} no_proxy=${none} NO_PROXY=${none}`;
}

/**
 * A user's bootstrap with the proxy settings before it, as a MIME multi-part cloud-init document:
 * a cloud-config part (apt through the proxy, the proxy in /etc/environment) and the user's part as
 * written (cloud-config or script).
 */
export function withProxy(bootstrap: string, proxy: string, networkCidr: string, direct: readonly string[] = []): string {
  const boundary = "polder-egress-proxy";
  const env = proxyExports(proxy, networkCidr, direct).replace(/^export /, "").split(" ");
  const ours = `#cloud-config\n${aptProxyConfig(proxy)}\nwrite_files:\n  - path: /etc/environment\n    append: true\n    content: |\n${env.map((e) => `      ${e}`).join("\n")}\n`;
  const type = bootstrap.startsWith("#cloud-config") ? "text/cloud-config" : "text/x-shellscript";
  return [
    `Content-Type: multipart/mixed; boundary="${boundary}"`,
    "MIME-Version: 1.0",
    "",
    `--${boundary}`,
    'Content-Type: text/cloud-config; charset="utf-8"',
    "",
    ours,
    `--${boundary}`,
    `Content-Type: ${type}; charset="utf-8"`,
    "",
    bootstrap,
    `--${boundary}--`,
    "",
  ].join("\n");
}

const PROXY_URL = /^https?:\/\/[A-Za-z0-9.-]+(:\d{1,5})?\/?$/;

/**
 * Reads what every target's `egress` prop has: `proxy` (an http(s) URL, trailing slash dropped)
 * and `cidrs` (the named destinations, at least one, none wider than a /8). Problems go to
 * `issues` under `egress.`; the target reads and checks its own further fields.
 */
export function readEgressDestinations(r: Readonly<Record<string, unknown>>, issues: Issue[]): { proxy: string; cidrs: { text: string; cidr: Cidr }[] } {
  if (typeof r.proxy !== "string" || !PROXY_URL.test(r.proxy)) issues.push({ path: "egress.proxy", message: `${show(r.proxy)} is not a proxy URL such as http://proxy.example.nl:3128` });
  const cidrs: { text: string; cidr: Cidr }[] = [];
  if (!Array.isArray(r.cidrs) || r.cidrs.length === 0) issues.push({ path: "egress.cidrs", message: "is required: the destination ranges (proxy, mirror), at least one" });
  else
    r.cidrs.forEach((c, i) => {
      const p = typeof c === "string" ? parseCidr(c) : "not a string";
      if (typeof p === "string") issues.push({ path: `egress.cidrs[${i}]`, message: `${show(c)} is invalid: ${p}` });
      else if (p.prefix < 8) issues.push({ path: `egress.cidrs[${i}]`, message: `${show(c)} is far wider than a proxy or mirror: name their addresses` });
      else cidrs.push({ text: c as string, cidr: p });
    });
  return { proxy: typeof r.proxy === "string" ? r.proxy.replace(/\/$/, "") : "", cidrs };
}
