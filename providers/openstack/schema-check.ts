// checkAgainstSchema: a small, pure check of a synthesized cdk.tf.json against a
// provider schema in the `terraform providers schema -json` format (e.g.
// providers/openstack/schema.json), so that tests can catch arguments that
// Terraform would refuse at plan time without running Terraform.
//
// It reports, as human-readable strings:
//   - unknown resource / data source types,
//   - unknown arguments and blocks (also inside nested blocks and provider blocks),
//   - missing required arguments and missing required blocks (min_items),
//   - blocks given more often than max_items allows,
//   - computed-only arguments that were set.
// cdktf / Terraform meta keys are ignored on resources and data sources
// (`//`, depends_on, count, for_each, provider, lifecycle, connection,
// provisioner, timeouts). Values that are Terraform expressions ("${...}") are
// not type-checked; a block given as an expression counts as present.

type Json = any;

interface SchemaAttribute {
  type?: Json;
  required?: boolean;
  optional?: boolean;
  computed?: boolean;
}

interface SchemaBlockType {
  nesting_mode?: "single" | "list" | "set" | "map" | "group";
  block?: SchemaBlock;
  min_items?: number;
  max_items?: number;
}

interface SchemaBlock {
  attributes?: Record<string, SchemaAttribute>;
  block_types?: Record<string, SchemaBlockType>;
}

interface Lookup {
  resources: Map<string, SchemaBlock>;
  dataSources: Map<string, SchemaBlock>;
  providers: Map<string, SchemaBlock>;
}

/** Keys on a resource / data source body that are not provider arguments. */
const META_KEYS = new Set([
  "//",
  "depends_on",
  "count",
  "for_each",
  "provider",
  "lifecycle",
  "connection",
  "provisioner",
  "timeouts",
]);

/** Keys on a provider block that are not provider arguments. */
const PROVIDER_META_KEYS = new Set(["//", "alias", "version"]);

/** Resource and data source types built into Terraform itself (no provider schema). */
const BUILTIN_RESOURCES = new Set(["terraform_data"]);
const BUILTIN_DATA_SOURCES = new Set(["terraform_remote_state"]);

/**
 * Checks a synthesized Terraform JSON configuration (cdk.tf.json) against a
 * provider schema document. `schema` is either a whole
 * `terraform providers schema -json` document or one entry of its
 * `provider_schemas`. Returns one message per problem; empty means no problem found.
 */
export function checkAgainstSchema(schema: any, tfJson: any): string[] {
  const lookup = buildLookup(schema);
  const problems: string[] = [];
  if (!tfJson || typeof tfJson !== "object") return ["configuration is not a JSON object"];

  checkProviders(lookup, tfJson.provider, problems);
  checkSection("resource", lookup.resources, tfJson.resource, problems);
  checkSection("data", lookup.dataSources, tfJson.data, problems);
  return problems;
}

function buildLookup(schema: Json): Lookup {
  const lookup: Lookup = { resources: new Map(), dataSources: new Map(), providers: new Map() };
  const entries: [string, Json][] =
    schema && typeof schema === "object" && schema.provider_schemas
      ? Object.entries(schema.provider_schemas)
      : [["", schema ?? {}]];
  for (const [fqpn, p] of entries) {
    for (const [type, s] of Object.entries<Json>(p?.resource_schemas ?? {})) {
      lookup.resources.set(type, s?.block ?? {});
    }
    for (const [type, s] of Object.entries<Json>(p?.data_source_schemas ?? {})) {
      lookup.dataSources.set(type, s?.block ?? {});
    }
    if (p?.provider) {
      // The provider's local name is the last segment of its address, e.g.
      // registry.terraform.io/terraform-provider-openstack/openstack -> openstack.
      const name = fqpn.split("/").pop() || firstTypePrefix(p);
      if (name) lookup.providers.set(name, p.provider.block ?? {});
    }
  }
  return lookup;
}

function firstTypePrefix(p: Json): string | undefined {
  const first = Object.keys(p?.resource_schemas ?? {})[0] ?? Object.keys(p?.data_source_schemas ?? {})[0];
  return first?.split("_")[0];
}

function checkProviders(lookup: Lookup, providers: Json, problems: string[]): void {
  if (!providers || typeof providers !== "object") return;
  for (const [name, configs] of Object.entries<Json>(providers)) {
    const block = lookup.providers.get(name);
    if (!block) continue; // a provider this schema does not describe
    const list = Array.isArray(configs) ? configs : [configs];
    list.forEach((config, i) => {
      const label = `provider ${name}${list.length > 1 ? `[${i}]` : ""}`;
      checkBody(block, config, label, "", PROVIDER_META_KEYS, problems);
    });
  }
}

function checkSection(
  kind: "resource" | "data",
  schemas: Map<string, SchemaBlock>,
  section: Json,
  problems: string[],
): void {
  if (!section || typeof section !== "object") return;
  for (const [type, instances] of Object.entries<Json>(section)) {
    const block = schemas.get(type);
    if (!block) {
      if ((kind === "resource" ? BUILTIN_RESOURCES : BUILTIN_DATA_SOURCES).has(type)) continue;
      const names = instances && typeof instances === "object" ? Object.keys(instances) : [];
      problems.push(
        `${kind} ${type}${names.length ? ` (${names.join(", ")})` : ""}: unknown ${
          kind === "resource" ? "resource" : "data source"
        } type`,
      );
      continue;
    }
    if (!instances || typeof instances !== "object") continue;
    for (const [name, body] of Object.entries<Json>(instances)) {
      checkBody(block, body, `${kind} ${type}.${name}`, "", META_KEYS, problems);
    }
  }
}

function isExpression(v: Json): boolean {
  return typeof v === "string";
}

function isSet(v: Json): boolean {
  return v !== undefined && v !== null;
}

function checkBody(
  block: SchemaBlock,
  body: Json,
  label: string,
  path: string,
  metaKeys: Set<string>,
  problems: string[],
): void {
  const at = (key: string) => `${label}: ${path}${key}`;
  if (isExpression(body)) return;
  if (!body || typeof body !== "object" || Array.isArray(body)) {
    problems.push(`${label}: ${path ? path.slice(0, -1) : "body"} is not an object`);
    return;
  }
  const attributes = block.attributes ?? {};
  const blockTypes = block.block_types ?? {};
  // Blocks written as `dynamic "x" { for_each, content }` count as present.
  const dynamicBlocks = new Set<string>();

  for (const [key, value] of Object.entries<Json>(body)) {
    if (metaKeys.has(key)) continue;
    if (key === "dynamic" && !attributes.dynamic && !blockTypes.dynamic) {
      if (!value || typeof value !== "object") continue;
      for (const [blockName, dyn] of Object.entries<Json>(value)) {
        const bt = blockTypes[blockName];
        if (!bt) {
          problems.push(`${at(blockName)}: unknown block (in dynamic)`);
          continue;
        }
        dynamicBlocks.add(blockName);
        if (dyn && typeof dyn === "object" && isSet(dyn.content)) {
          checkBody(bt.block ?? {}, dyn.content, label, `${path}${blockName}[*].`, new Set(), problems);
        }
      }
      continue;
    }
    const attr = attributes[key];
    if (attr) {
      if (isSet(value) && attr.computed && !attr.optional && !attr.required) {
        problems.push(`${at(key)}: computed-only argument must not be set`);
      }
      continue;
    }
    const bt = blockTypes[key];
    if (bt) {
      checkNestedBlock(key, bt, value, label, path, problems);
      continue;
    }
    problems.push(`${at(key)}: unknown argument or block`);
  }

  for (const [key, attr] of Object.entries(attributes)) {
    if (attr.required && !metaKeys.has(key) && !isSet(body[key])) {
      problems.push(`${at(key)}: missing required argument`);
    }
  }
  for (const [key, bt] of Object.entries(blockTypes)) {
    const min = bt.min_items ?? 0;
    if (min <= 0 || metaKeys.has(key) || dynamicBlocks.has(key)) continue;
    const value = body[key];
    if (isExpression(value)) continue;
    const n = countBlocks(bt, value);
    if (n < min) {
      problems.push(
        `${at(key)}: missing required block (needs at least ${min}, found ${n})`,
      );
    }
  }
}

function countBlocks(bt: SchemaBlockType, value: Json): number {
  if (!isSet(value)) return 0;
  if (Array.isArray(value)) return value.length;
  if (bt.nesting_mode === "map" && typeof value === "object") return Object.keys(value).length;
  return 1;
}

function checkNestedBlock(
  key: string,
  bt: SchemaBlockType,
  value: Json,
  label: string,
  path: string,
  problems: string[],
): void {
  if (!isSet(value) || isExpression(value)) return;
  const inner = bt.block ?? {};
  const n = countBlocks(bt, value);
  const max = bt.max_items ?? 0;
  const singular = bt.nesting_mode === "single" || bt.nesting_mode === "group";
  if ((max > 0 && n > max) || (singular && n > 1)) {
    problems.push(`${label}: ${path}${key}: too many blocks (at most ${singular ? 1 : max}, found ${n})`);
  }
  if (Array.isArray(value)) {
    value.forEach((item, i) => checkBody(inner, item, label, `${path}${key}[${i}].`, new Set(), problems));
  } else if (bt.nesting_mode === "map") {
    for (const [k, item] of Object.entries<Json>(value)) {
      checkBody(inner, item, label, `${path}${key}["${k}"].`, new Set(), problems);
    }
  } else {
    checkBody(inner, value, label, `${path}${key}.`, new Set(), problems);
  }
}
