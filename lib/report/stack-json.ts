// Reading a synthesized stack (`cdk.tf.json`) the way reports and runbooks need it: which
// resources belong to which component, the strategy notes and Checkov skips in the `//`
// comments, the references between resources and the deletion protections. Pure functions over
// the JSON: nothing here knows a provider, the per-target facts live in provider-facts.ts.

/** The parts of a synthesized stack the reports read. */
export interface StackJson {
  readonly resource?: Record<string, Record<string, Record<string, unknown>>>;
  readonly data?: Record<string, Record<string, Record<string, unknown>>>;
  readonly output?: Record<string, { value?: unknown; description?: string }>;
  readonly provider?: Record<string, readonly Record<string, unknown>[]>;
  readonly terraform?: Record<string, unknown>;
}

/** One resource of the stack with what the `//` comments say about it. */
export interface StackResource {
  /** Terraform address, `<type>.<logical id>`. */
  readonly address: string;
  readonly type: string;
  readonly logicalId: string;
  /** Component of the app it belongs to (`foundation` and `network` for the app's baseline). */
  readonly component: string;
  readonly config: Record<string, unknown>;
  /** Polder's strategy note (`"//": { "polder": ... }`), if any. */
  readonly note?: string;
  readonly checkovSkips: readonly { id: string; comment: string }[];
}

/** The connection output every component has, same fields on every target. */
export interface ConnectionValue {
  readonly kind: string;
  readonly strategy: string;
  readonly host: string;
  readonly port: string;
  readonly name: string;
  readonly secret_ref: string;
  readonly url: string;
}

/** Every resource of the stack, in the JSON's order. */
export function stackResources(json: StackJson): StackResource[] {
  const result: StackResource[] = [];
  for (const [type, byId] of Object.entries(json.resource ?? {})) {
    for (const [logicalId, config] of Object.entries(byId)) {
      const comment = (config["//"] ?? {}) as { metadata?: { path?: string }; polder?: string; checkov?: { skip?: { id: string; comment: string }[] } };
      // Construct path: <stack>/<app>/<component>/...
      const component = comment.metadata?.path?.split("/")[2] ?? "(outside the app)";
      result.push({ address: `${type}.${logicalId}`, type, logicalId, component, config, note: comment.polder, checkovSkips: comment.checkov?.skip ?? [] });
    }
  }
  return result;
}

/** Checkov skips of data sources too (the key policy document is one). */
export function dataSourceSkips(json: StackJson): { address: string; component: string; id: string; comment: string }[] {
  const result: { address: string; component: string; id: string; comment: string }[] = [];
  for (const [type, byId] of Object.entries(json.data ?? {})) {
    for (const [logicalId, config] of Object.entries(byId)) {
      const comment = (config["//"] ?? {}) as { metadata?: { path?: string }; checkov?: { skip?: { id: string; comment: string }[] } };
      const component = comment.metadata?.path?.split("/")[2] ?? "(outside the app)";
      for (const s of comment.checkov?.skip ?? []) result.push({ address: `data.${type}.${logicalId}`, component, id: s.id, comment: s.comment });
    }
  }
  return result;
}

/** The `<component>_connection` output of a component, or undefined. */
export function connectionOf(json: StackJson, component: string): ConnectionValue | undefined {
  const value = json.output?.[`${component}_connection`]?.value;
  return value && typeof value === "object" ? (value as ConnectionValue) : undefined;
}

const REFERENCE = /\b(data\.)?([a-z][a-z0-9_]*)\.([A-Za-z0-9_-]+)\.[a-z_]/g;

/** Addresses (`type.id`, `data.type.id`) referenced anywhere in a value's `${...}` expressions. */
export function referencedAddresses(value: unknown): string[] {
  const found = new Set<string>();
  const visit = (v: unknown): void => {
    if (typeof v === "string") {
      for (const expr of v.match(/\$\{[^}]*\}/g) ?? []) for (const m of expr.matchAll(REFERENCE)) found.add(`${m[1] ?? ""}${m[2]}.${m[3]}`);
    } else if (Array.isArray(v)) v.forEach(visit);
    else if (v && typeof v === "object") for (const [k, x] of Object.entries(v)) if (k !== "//") visit(x);
  };
  visit(value);
  return [...found];
}

/** A deletion protection on a resource: what keeps `terraform destroy` from removing it. */
export interface DeletionProtection {
  readonly address: string;
  readonly component: string;
  /** `prevent_destroy` (lifecycle) or the attribute and value that protect it, e.g. `deletion_protection=true`. */
  readonly protection: string;
}

/**
 * Every deletion protection in the stack: `lifecycle.prevent_destroy` and the attributes named
 * (per provider) that must be switched off before a destroy.
 */
export function deletionProtections(json: StackJson, protectingAttributes: Readonly<Record<string, unknown>>): DeletionProtection[] {
  const result: DeletionProtection[] = [];
  for (const r of stackResources(json)) {
    if ((r.config.lifecycle as { prevent_destroy?: boolean } | undefined)?.prevent_destroy === true) result.push({ address: r.address, component: r.component, protection: "prevent_destroy" });
    for (const [a, value] of Object.entries(protectingAttributes)) if (r.config[a] === value) result.push({ address: r.address, component: r.component, protection: `${a}=${JSON.stringify(value)}` });
  }
  return result;
}

/** `(fallback: ...)` in a strategy note: why the best strategy was not taken. */
export function fallbackOf(note: string | undefined): string | undefined {
  return note?.match(/\(fallback: ((?:[^()]|\([^()]*\))*)\)/)?.[1];
}

/** Region (or location) and any cloud name from the stack's provider blocks. */
export function providerLocation(json: StackJson): { provider: string; region?: string; cloud?: string }[] {
  return Object.entries(json.provider ?? {}).map(([provider, blocks]) => {
    const b = blocks[0] ?? {};
    const str = (k: string) => (typeof b[k] === "string" ? (b[k] as string) : undefined);
    return { provider, region: str("region") ?? str("location"), cloud: str("cloud") };
  });
}
