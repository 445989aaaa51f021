import type { FieldReader } from "../shared/validate";
import { show } from "../shared/validate";
import { type Cidr, formatCidr, overlaps, parseCidr } from "./cidr";
import { type ComponentCommon, DOMAIN_PATTERN, DOMAIN_TEXT, readCommon } from "./component";

/**
 * HTTPS entry from outside the network: a load balancer with a TLS certificate for `domain`,
 * HTTP redirected to HTTPS. The only kind that exposes anything publicly, and only when declared.
 */
export interface PublicEndpointProps {
  /** The name clients use; the certificate is issued for it. */
  readonly domain: string;
  /** Name of the `kubernetes` or `vm-group` component that serves the traffic. */
  readonly backend: string;
  /** Port the backend listens on. @default 8080 */
  readonly port?: number;
  /** Path the load balancer probes. @default "/healthz" */
  readonly healthCheckPath?: string;
  /** Name of a `dns-zone` component of this app holding `domain`: validates the certificate and points the name at the endpoint. @default none */
  readonly zone?: string;
  /** Client ranges allowed in. @default ["0.0.0.0/0"] (public: that is what this kind is for) */
  readonly allowedCidrs?: readonly string[];
  /**
   * Wait in this apply for the certificate to be validated and serve HTTPS. Set it once the
   * validation record resolves on the internet: the `zone` is delegated to, or the record from the
   * output `<name>_certificate_validation_record` exists. Targets whose certificate the owner
   * provides (the sovereign target) serve HTTPS either way.
   * @default false (the first apply makes the certificate, its validation record and the load balancer; HTTPS follows in the apply after you set it)
   */
  readonly awaitCertificate?: boolean;
}

export interface ResolvedPublicEndpoint extends ComponentCommon<"public-endpoint"> {
  readonly domain: string;
  readonly backend: string;
  readonly port: number;
  readonly healthCheckPath: string;
  readonly zone?: string;
  readonly allowedCidrs: readonly string[];
  readonly awaitCertificate: boolean;
}

export function readPublicEndpoint(r: FieldReader, name: string): ResolvedPublicEndpoint {
  const common = readCommon(r, "public-endpoint", name, {});
  const allowedCidrs: string[] = [];
  const list = r.list("allowedCidrs", { max: 50 });
  if (list?.length === 0) r.fail("allowedCidrs", "is empty: omit it for a public endpoint, or list the client ranges");
  const seen: { index: number; cidr: Cidr }[] = [];
  list?.forEach((v, i) => {
    const parsed = typeof v === "string" ? parseCidr(v) : "not a string";
    // Each range becomes a firewall rule: a repeated or covered one would be a duplicate rule.
    const other = typeof parsed === "string" ? undefined : seen.find((s) => overlaps(s.cidr, parsed));
    if (typeof parsed === "string") r.fail(`allowedCidrs[${i}]`, `${show(v)} is invalid: ${parsed}`);
    else if (other) r.fail(`allowedCidrs[${i}]`, `${show(v)} overlaps allowedCidrs[${other.index}] (${formatCidr(other.cidr)}): list each range once, the wider one covers both`);
    else {
      seen.push({ index: i, cidr: parsed });
      allowedCidrs.push(formatCidr(parsed));
    }
  });
  return {
    ...common,
    domain: r.string("domain", { required: true, pattern: DOMAIN_PATTERN, patternText: DOMAIN_TEXT }) ?? "",
    backend: r.string("backend", { required: true }) ?? "",
    port: r.integer("port", { min: 1, max: 65535, default: 8080 }) ?? 8080,
    healthCheckPath: r.string("healthCheckPath", { pattern: /^\/[A-Za-z0-9._~\/-]{0,200}$/, patternText: "an absolute URL path such as /healthz" }) ?? "/healthz",
    zone: r.string("zone"),
    allowedCidrs: list ? allowedCidrs : ["0.0.0.0/0"],
    awaitCertificate: r.boolean("awaitCertificate", { default: false })!,
  };
}
