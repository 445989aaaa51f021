// How a vm-group's bootstrap reaches Google's machines. Ubuntu's images run cloud-init, which reads
// the `user-data` metadata key; Debian's run no cloud-init, only the guest agent's
// `startup-script` (a script, at every boot). Pure: tested on its own.
import { SpecValidationError } from "../../core/errors";
import { aptProxyConfig, proxyExports, withProxy } from "../../kinds/egress-proxy";
import { terraformLiteral } from "../../kinds/vm-group";

export interface GcpBootstrapInput {
  /** The component's name, for errors. */
  readonly name: string;
  readonly image: string;
  readonly bootstrap?: string;
  /** A classified app's forward proxy and its network (kept out of the proxy). @default none */
  readonly egress?: { readonly proxy: string; readonly networkCidr: string; readonly direct: readonly string[] };
}

/** The metadata entries that run the bootstrap (none without one), as Terraform JSON strings. */
export function gcpBootstrapMetadata(p: GcpBootstrapInput, where: string): Record<string, string> {
  if (p.bootstrap === undefined) return {};
  if (p.image === "debian-12") {
    if (!p.bootstrap.startsWith("#!"))
      throw new SpecValidationError(where, [
        {
          path: `components.${p.name}.bootstrap`,
          message: `a #cloud-config document needs cloud-init, which Google's debian-12 images do not run: use image ubuntu-24.04, or a #! script (Google runs it as the startup-script, at every boot)`,
        },
      ]);
    return { "startup-script": terraformLiteral(p.egress ? scriptWithProxy(p.bootstrap, p.egress.proxy, p.egress.networkCidr, p.egress.direct) : p.bootstrap) };
  }
  return { "user-data": terraformLiteral(p.egress ? withProxy(p.bootstrap, p.egress.proxy, p.egress.networkCidr, p.egress.direct) : p.bootstrap) };
}

/** A script with the proxy for itself and for apt put after its first line (the interpreter). */
export function scriptWithProxy(script: string, proxy: string, networkCidr: string, direct: readonly string[] = []): string {
  const [shebang, ...rest] = script.split("\n");
  const apt = aptProxyConfig(proxy)
    .split("\n")
    .slice(1)
    .map((l) => l.trim().replace(/^(https?)_proxy: (.*)$/, (_m, scheme: string, url: string) => `Acquire::${scheme}::Proxy "${url}";`));
  return [shebang, proxyExports(proxy, networkCidr, direct), `printf '%s\\n' ${apt.map((l) => `'${l}'`).join(" ")} > /etc/apt/apt.conf.d/95polder-proxy`, ...rest].join("\n");
}

/**
 * What a classified machine reaches without the proxy: the metadata server by name, and the
 * universe's APIs, which Private Google Access serves inside the network (the firewall allows them).
 */
export function gcpDirectHosts(universeDomain: string): string[] {
  return ["metadata.google.internal", `.${universeDomain}`];
}
