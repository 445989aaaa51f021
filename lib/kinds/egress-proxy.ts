// cloud-init text that sends a classified app's machines through the egress proxy its target names.
// Pure text builders, the same on every target.
import { type Classification, isAtLeast } from "../policy/classification";

/** Apps from this classification up get no route to the internet, only the target's named destinations. */
export const RESTRICTED_EGRESS_FROM: Classification = "departementaal-vertrouwelijk";

export function egressRestricted(classification: Classification): boolean {
  return isAtLeast(classification, RESTRICTED_EGRESS_FROM);
}

/** cloud-config lines that send apt through the proxy. */
export function aptProxyConfig(proxy: string): string {
  return `apt:\n  http_proxy: ${proxy}\n  https_proxy: ${proxy}`;
}

/** Shell lines exporting the proxy for a script (not for the app network nor the metadata service). */
export function proxyExports(proxy: string, networkCidr: string): string {
  return `export http_proxy=${proxy} https_proxy=${proxy} HTTP_PROXY=${proxy} HTTPS_PROXY=${proxy} no_proxy=${networkCidr},169.254.169.254,localhost,127.0.0.1 NO_PROXY=${networkCidr},169.254.169.254,localhost,127.0.0.1`;
}

/**
 * A user's bootstrap with the proxy settings before it, as a MIME multi-part cloud-init document:
 * a cloud-config part (apt through the proxy, the proxy in /etc/environment) and the user's part as
 * written (cloud-config or script).
 */
export function withProxy(bootstrap: string, proxy: string, networkCidr: string): string {
  const boundary = "polder-egress-proxy";
  const env = proxyExports(proxy, networkCidr).replace(/^export /, "").split(" ");
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
