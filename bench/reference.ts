// The two reference programs a Polder synth is compared with, generated from its own output:
//
// - floor: plain cdktf, nothing of Polder in between. It loads exactly the provider modules the
//   stacks use, by deep import, and creates every provider, resource, data source and output
//   with its final attributes (typed class, `addOverride` per attribute, the logical id Polder gave
//   it), plus the same backend. What Polder costs is the difference to this program.
// - typed floor: the floor, but each resource and data source gets its final attributes as the
//   binding's typed config (camelCase keys, references as final `${...}` strings), the way a
//   hand-written cdktf program sets them; only what the config cannot express the same way
//   (meta-arguments, maps whose keys the binding would rename) stays an override. It shows what
//   the typed bindings themselves cost, apart from Polder.
// - naive: the same program, but every class comes from the provider packages' root imports, the
//   way most cdktf code is written (`import { s3Bucket } from "@cdktf/provider-aws"`). The
//   OpenStack bindings have no root index; the closest equivalent, used here, requires every
//   binding folder.
//
// The stacks' data (attributes, outputs) goes into a JSON file next to the programs, read at run
// time, so neither program pays for parsing megabytes of generated JavaScript.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Obj = { [k: string]: Json };

interface ProviderPackage {
  /** Folder of the binding modules, one per resource, data source and the provider. */
  readonly libDir: string;
  /** Module specifier of a binding folder for the floor (deep import). */
  readonly deep: (folder: string) => string;
  /** Code that makes `root` hold every binding namespace by camel-cased folder name. */
  readonly rootImport: string;
}

/** Provider local name (in required_providers) to where its bindings live. */
export function providerPackages(projectRoot: string): Record<string, ProviderPackage> {
  const awsLib = join(projectRoot, "node_modules", "@cdktf", "provider-aws", "lib");
  const googleLib = join(projectRoot, "node_modules", "@cdktf", "provider-google", "lib");
  const openstackLib = join(projectRoot, "dist", "providers", "openstack", "lib");
  const azurermLib = join(projectRoot, "node_modules", "@cdktf", "provider-azurerm", "lib");
  return {
    aws: {
      libDir: awsLib,
      deep: (folder) => `@cdktf/provider-aws/lib/${folder}`,
      rootImport: `require("@cdktf/provider-aws")`,
    },
    // Azure and Google Cloud targets (issues #10, #11): their bindings, laid out like AWS's.
    azurerm: {
      libDir: azurermLib,
      deep: (folder) => `@cdktf/provider-azurerm/lib/${folder}`,
      rootImport: `require("@cdktf/provider-azurerm")`,
    },
    google: {
      libDir: googleLib,
      deep: (folder) => `@cdktf/provider-google/lib/${folder}`,
      rootImport: `require("@cdktf/provider-google")`,
    },
    openstack: {
      libDir: openstackLib,
      deep: (folder) => join(openstackLib, folder),
      rootImport: `(() => { const dir = ${JSON.stringify(openstackLib)}; const all = {}; for (const f of require("fs").readdirSync(dir)) all[f.replace(/-([a-z0-9])/g, (_, c) => c.toUpperCase())] = require(require("path").join(dir, f)); return all; })()`,
    },
  };
}

/** Terraform's own provider: `terraform_data` and friends need no required_providers entry. */
const BUILT_IN = "terraform";
/**
 * google-beta has no binding package: Polder declares its provider block with a small class
 * (lib/targets/gcp/beta-provider.ts) and its resources with the GA bindings; the reference
 * programs do the same.
 */
const GOOGLE_BETA = "google-beta";
const betaFactory = `const betaProvider = () => { const cdktf = require("cdktf"); return class extends cdktf.TerraformProvider { constructor(scope, id) { super(scope, id, { terraformResourceType: "google-beta", terraformGeneratorMetadata: { providerName: "google-beta", providerVersion: "6.50.0", providerVersionConstraint: "~> 6.0" }, terraformProviderSource: "hashicorp/google-beta" }); } }; };`;

/**
 * Cross-stack references (an app placed in a landing zone reads the zone's outputs): cdktf writes
 * a `terraform_remote_state` data source into the reading stack and an output per referenced value
 * into the zone's stack. The references write both as plain cdktf elements with their final
 * attributes, like every other element: the outputs as `TerraformOutput`s, the data source with
 * cdktf's remote-state class for its backend (`DataTerraformRemoteStateLocal` for `local`, …), as a
 * hand-written cdktf program reads another stack's state. The `${data.terraform_remote_state…}`
 * strings in the reading stack are final strings, like every reference in the floors; resolving
 * them from tokens is work Polder (cdktf) does and the floors do not.
 */
const REMOTE_STATE = "terraform_remote_state";

/** cdktf's remote-state class for a backend type: `local` → `DataTerraformRemoteStateLocal`. */
function remoteStateClass(backend: string): ClassRef {
  const core = require("cdktf") as Record<string, unknown>;
  // The `remote` backend's (HCP Terraform) class has no suffix.
  const className = backend === "remote" ? "DataTerraformRemoteState" : `DataTerraformRemoteState${backend.charAt(0).toUpperCase()}${backend.slice(1)}`;
  if (typeof core[className] !== "function" || (core[className] as { tfResourceType?: string }).tfResourceType !== REMOTE_STATE)
    throw new Error(`bench: cdktf has no remote-state class for backend '${backend}' (looked for ${className})`);
  return { provider: BUILT_IN, folder: "", className };
}

/** The class key of a remote-state data source: one class per backend type. */
const remoteStateKey = (backend: string) => `data.${REMOTE_STATE}.${backend}`;
const isRemoteStateKey = (key: string) => key.startsWith(`data.${REMOTE_STATE}.`);

/** The Terraform block and type an element's class key stands for (`data.<type>[.<backend>]` or `<type>`). */
function keyType(key: string): { kind: "resource" | "data"; type: string } {
  const parts = key.split(".");
  return parts[0] === "data" ? { kind: "data", type: parts[1] } : { kind: "resource", type: parts[0] };
}

const camel = (folder: string) => folder.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());

interface ClassRef {
  readonly provider: string;
  readonly folder: string;
  readonly className: string;
}

/** Finds the binding class of a Terraform type ("provider" for the provider block itself). */
function findClass(pkgs: Record<string, ProviderPackage>, provider: string, kind: "resource" | "data" | "provider", type: string): ClassRef {
  if (provider === BUILT_IN) {
    // Terraform's built-in provider (terraform_data): its class comes with cdktf itself.
    if (kind === "data") throw new Error(`bench: built-in data source ${type}: only ${REMOTE_STATE} is known (remoteStateClass)`);
    const core = require("cdktf") as Record<string, unknown>;
    const className = Object.keys(core).find((k) => typeof core[k] === "function" && (core[k] as { tfResourceType?: string }).tfResourceType === type);
    if (!className) throw new Error(`bench: cdktf has no class for built-in ${kind} ${type}`);
    return { provider, folder: "", className };
  }
  if (provider === GOOGLE_BETA) {
    if (kind !== "provider") throw new Error(`bench: ${kind} ${type} names provider google-beta, which has no bindings: use the GA binding with provider = google-beta`);
    return { provider, folder: "", className: "GoogleBetaProvider" };
  }
  const pkg = pkgs[provider];
  if (!pkg) throw new Error(`bench: no bindings known for provider '${provider}' (add it to providerPackages in bench/reference.ts)`);
  const rest = type.startsWith(`${provider}_`) ? type.slice(provider.length + 1) : type;
  const folder = kind === "provider" ? "provider" : kind === "data" ? `data-${provider}-${rest.replace(/_/g, "-")}` : rest.replace(/_/g, "-");
  const dir = join(pkg.libDir, folder);
  if (!existsSync(dir)) throw new Error(`bench: no binding folder ${dir} for ${kind} ${type}`);
  const mod = require(dir) as Record<string, unknown>;
  const className = Object.keys(mod).find((k) => typeof mod[k] === "function" && (mod[k] as { tfResourceType?: string }).tfResourceType === type);
  if (!className) throw new Error(`bench: ${dir} has no class for ${kind} ${type}`);
  return { provider, folder, className };
}

interface StackData {
  readonly id: string;
  readonly backend: { readonly type: string; readonly config: Obj };
  readonly providers: { readonly key: string; readonly type: string; readonly attrs: Obj }[];
  /** `config`: typed constructor config (typed floor only); `attrs`: set by `addOverride`. */
  readonly elements: { readonly key: string; readonly id: string; config?: Obj; attrs: Obj }[];
  readonly outputs: { readonly id: string; readonly attrs: Obj }[];
}

/** Every cdk.tf.json of a synth output, by stack id (manifest order). */
export function readStacks(outdir: string): Map<string, Obj> {
  const manifest = JSON.parse(readFileSync(join(outdir, "manifest.json"), "utf8")) as { stacks: Record<string, { synthesizedStackPath: string }> };
  return new Map(Object.entries(manifest.stacks).map(([id, s]) => [id, JSON.parse(readFileSync(join(outdir, s.synthesizedStackPath), "utf8")) as Obj]));
}

const KNOWN_BLOCKS = new Set(["//", "terraform", "provider", "resource", "data", "output"]);

/**
 * Writes `floor.cjs`, `typed.cjs`, `naive.cjs` and their data (`stacks.json`, `stacks-typed.json`)
 * into `dir` for the stacks of the synth in `outdir`. Each program takes the output directory as
 * its argument. `typed: false`: no typed floor (returns no coverage).
 */
export function writeReferencePrograms(projectRoot: string, outdir: string, dir: string, options: { typed?: boolean } = {}): TypedCoverage | undefined {
  const pkgs = providerPackages(projectRoot);
  const classes = new Map<string, ClassRef>();
  const classFor = (provider: string, kind: "resource" | "data" | "provider", type: string): string => {
    const key = kind === "resource" ? type : `${kind}.${type}`;
    if (!classes.has(key)) classes.set(key, findClass(pkgs, provider, kind, type));
    return key;
  };
  const providerOf = (type: string, providers: string[]) => {
    const p = [...providers, BUILT_IN].find((name) => type === name || type.startsWith(`${name}_`));
    if (!p) throw new Error(`bench: type ${type} belongs to none of the stack's providers ${providers.join(", ")}`);
    return p;
  };

  const stacks: StackData[] = [];
  for (const [id, tf] of readStacks(outdir)) {
    const unknown = Object.keys(tf).filter((k) => !KNOWN_BLOCKS.has(k));
    if (unknown.length) throw new Error(`bench: stack ${id} has blocks the reference programs do not build: ${unknown.join(", ")}`);
    const terraform = tf.terraform as Obj;
    const required = Object.keys((terraform.required_providers ?? {}) as Obj);
    const backends = Object.entries((terraform.backend ?? {}) as Obj);
    if (backends.length !== 1 || backends[0][0] !== "local") throw new Error(`bench: stack ${id}: the reference programs build local state only (unset POLDER_STATE_BUCKET)`);
    const extra = Object.keys(terraform).filter((k) => k !== "backend" && k !== "required_providers");
    if (extra.length) throw new Error(`bench: stack ${id}: terraform block has ${extra.join(", ")}, which the reference programs do not build`);
    const providers = Object.entries((tf.provider ?? {}) as Record<string, Obj[]>).flatMap(([type, blocks]) =>
      blocks.map((attrs) => ({ key: classFor(type, "provider", type), type, attrs })),
    );
    const elements: StackData["elements"][number][] = [];
    for (const kind of ["resource", "data"] as const)
      for (const [type, byId] of Object.entries((tf[kind] ?? {}) as Record<string, Record<string, Obj>>))
        for (const [logicalId, attrs] of Object.entries(byId)) {
          const { "//": _, ...rest } = attrs;
          if (kind === "data" && type === REMOTE_STATE) {
            const backend = String(rest.backend);
            const key = remoteStateKey(backend);
            if (!classes.has(key)) classes.set(key, remoteStateClass(backend));
            elements.push({ key, id: logicalId, attrs: rest });
            continue;
          }
          elements.push({ key: classFor(providerOf(type, required), kind, type), id: logicalId, attrs: rest });
        }
    const outputs = Object.entries((tf.output ?? {}) as Record<string, Obj>).map(([oid, attrs]) => ({ id: oid, attrs }));
    stacks.push({ id, backend: { type: "local", config: backends[0][1] as Obj }, providers, elements, outputs });
  }

  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "stacks.json"), JSON.stringify(stacks));
  const byProvider = new Map<string, [string, ClassRef][]>();
  for (const entry of classes) byProvider.set(entry[1].provider, [...(byProvider.get(entry[1].provider) ?? []), entry]);

  // Built-in resources (terraform_data) are plain TerraformResources in the floor: cdktf's
  // DataResource runs `terraform version` as a validation per resource, which Polder avoids
  // (lib/core/terraform-data.ts); the naive program keeps cdktf's class, as people write it.
  const floorImports = [...classes].map(([key, c]) =>
    isRemoteStateKey(key)
      ? `  ${JSON.stringify(key)}: require("cdktf").${c.className},`
      : c.provider === BUILT_IN
      ? `  ${JSON.stringify(key)}: builtIn(${JSON.stringify(c.className)}),`
      : c.provider === GOOGLE_BETA
        ? `  ${JSON.stringify(key)}: betaProvider(),`
        : `  ${JSON.stringify(key)}: require(${JSON.stringify(pkgs[c.provider].deep(c.folder))}).${c.className},`,
  );
  const builtInFactory = `const builtIn = (name) => { const cdktf = require("cdktf"); const type = cdktf[name].tfResourceType; return class extends cdktf.TerraformResource { constructor(scope, id) { super(scope, id, { terraformResourceType: type, terraformGeneratorMetadata: { providerName: "terraform" } }); } }; };`;
  const builtIn = byProvider.get(BUILT_IN) ?? [];
  byProvider.delete(BUILT_IN);
  const beta = byProvider.get(GOOGLE_BETA) ?? [];
  byProvider.delete(GOOGLE_BETA);
  const naiveImports = [...builtIn.map(([key, c]) => `C[${JSON.stringify(key)}] = require("cdktf").${c.className};`), ...beta.map(([key]) => `C[${JSON.stringify(key)}] = betaProvider();`), ...[...byProvider].flatMap(([provider, refs]) => [
    `const ${provider}Root = ${pkgs[provider].rootImport};`,
    ...refs.map(([key, c]) => `C[${JSON.stringify(key)}] = ${provider}Root.${camel(c.folder)}.${c.className};`),
  ])];
  // The floor also turns off cdktf's token creation traces, as the synth command does: the best
  // plain cdktf can do. The naive program keeps cdktf's defaults.
  const noTraces = `require("cdktf/lib/tokens/private/stack-trace").captureStackTrace = () => [];`;
  writeFileSync(join(dir, "floor.cjs"), program([noTraces, builtInFactory, betaFactory, "const C = {", ...floorImports, "};"], "stacks.json"));
  writeFileSync(join(dir, "naive.cjs"), program([betaFactory, "const C = {};", ...naiveImports], "stacks.json"));
  // The typed floor's data needs a trial run of the whole program: skipped where only the floor
  // is measured (the fleet-scale cases).
  if (options.typed === false) return undefined;
  writeFileSync(join(dir, "typed.cjs"), program([noTraces, builtInFactory, betaFactory, "const C = {", ...floorImports, "};"], "stacks-typed.json"));
  return writeTypedData(stacks, outdir, dir);
}

/** How many top-level attributes the typed floor sets through typed config, and how many not. */
export interface TypedCoverage {
  readonly typed: number;
  readonly overridden: number;
}

/** Meta-arguments: their typed config takes constructs, not the strings the JSON holds. */
const META_ARGUMENTS = new Set(["depends_on", "provider", "count", "for_each", "provisioner", "connection", "lifecycle"]);

/** A Terraform attribute name as the bindings' config key: `ipv6_cidr_block` → `ipv6CidrBlock`. */
const configKey = (attribute: string) => camel(attribute.replace(/_/g, "-"));

/** snake_case keys to config keys, at every depth. */
function camelKeys(value: Json): Json {
  if (Array.isArray(value)) return value.map(camelKeys);
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [configKey(k), camelKeys(v)]));
  return value;
}

/**
 * Data of the typed floor: every attribute as typed config, then checked by running the program
 * once: an attribute the config does not reproduce exactly (e.g. a map of tags, whose keys the
 * conversion would rename) moves to an override, and an element that gains attributes falls back
 * to overrides only. `compareOutputs` checks the result like every reference's.
 */
function writeTypedData(stacks: readonly StackData[], polderOut: string, dir: string): TypedCoverage {
  const typed: StackData[] = stacks.map((s) => ({
    ...s,
    elements: s.elements.map((e) => {
      const config: Obj = {};
      const attrs: Obj = {};
      if (isRemoteStateKey(e.key)) return { key: e.key, id: e.id, config: remoteStateConfig(e.attrs), attrs };
      for (const [k, v] of Object.entries(e.attrs)) {
        if (META_ARGUMENTS.has(k)) attrs[k] = v;
        else config[configKey(k)] = camelKeys(v);
      }
      return { key: e.key, id: e.id, config, attrs };
    }),
  }));
  const file = join(dir, "stacks-typed.json");
  writeFileSync(file, JSON.stringify(typed));
  const trial = join(dir, "typed-trial");
  rmSync(trial, { recursive: true, force: true });
  const r = spawnSync(process.execPath, [join(dir, "typed.cjs"), trial], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`bench: the typed floor's trial run failed: ${r.stderr}`);
  const want = readStacks(polderOut);
  const got = readStacks(trial);
  for (const s of typed) {
    const w = want.get(s.id)!;
    const g = got.get(s.id)!;
    for (const e of s.elements) {
      const { kind, type } = keyType(e.key);
      const expected = (((w[kind] as Obj)[type] as Obj)[e.id] ?? {}) as Obj;
      const actual = ((((g[kind] ?? {}) as Obj)[type] ?? {}) as Obj)[e.id] as Obj | undefined;
      const keys = new Set([...Object.keys(expected), ...Object.keys(actual ?? {})].filter((k) => k !== "//"));
      const differs = [...keys].filter((k) => JSON.stringify(canonical(expected[k])) !== JSON.stringify(canonical(actual?.[k] ?? null)));
      if (!actual || differs.some((k) => !(k in expected))) {
        e.config = {};
        e.attrs = Object.fromEntries(Object.entries(expected).filter(([k]) => k !== "//"));
        continue;
      }
      for (const k of differs) {
        delete e.config![configKey(k)];
        e.attrs[k] = expected[k];
      }
    }
  }
  writeFileSync(file, JSON.stringify(typed));
  rmSync(trial, { recursive: true, force: true });
  let typedCount = 0;
  let overridden = 0;
  for (const s of typed)
    for (const e of s.elements) {
      typedCount += Object.keys(e.config ?? {}).length;
      overridden += Object.keys(e.attrs).length;
    }
  return { typed: typedCount, overridden };
}

/**
 * Typed config of a remote-state data source, as its class takes it: the backend's settings
 * (camelCase, the class writes them back in snake_case) with `workspace` and `defaults` beside
 * them; the backend type is the class's.
 */
function remoteStateConfig(attrs: Obj): Obj {
  const config = camelKeys((attrs.config ?? {}) as Obj) as Obj;
  for (const k of ["workspace", "defaults"]) if (k in attrs) config[k] = attrs[k];
  return config;
}

function program(classes: string[], data: string): string {
  // Modules load at the top; the stacks are built in main(). Started plainly, main runs at once;
  // while a startup snapshot of the (bundled) program is built, it warms up on its first few
  // stacks (Polder's snapshot warms up without any target's bindings, lib/cli/warm-up.ts) and main runs when the
  // snapshot starts, as Polder's synth does (lib/cli/program.ts).
  return `"use strict";
// Generated by bench/reference.ts from a Polder synth output: the same stacks in plain cdktf.
const { App, LocalBackend, TerraformOutput, TerraformStack } = require("cdktf");
${classes.join("\n")}
function main(outdir, limit) {
  const stacks = JSON.parse(require("fs").readFileSync(require("path").join(__dirname, ${JSON.stringify(data)}), "utf8")).slice(0, limit);
  const app = new App({ outdir });
  for (const s of stacks) {
    const stack = new TerraformStack(app, s.id);
    new LocalBackend(stack, s.backend.config);
    const seen = {};
    for (const p of s.providers) {
      // Several blocks of one provider (aliases, as landing-zone stacks have) need their own ids.
      const n = (seen[p.type] = (seen[p.type] || 0) + 1);
      const provider = new C[p.key](stack, n === 1 ? p.type : p.type + "-" + n, {});
      for (const [k, v] of Object.entries(p.attrs)) provider.addOverride(k, v);
    }
    for (const e of s.elements) {
      const element = new C[e.key](stack, e.id, e.config || {});
      element.overrideLogicalId(e.id);
      for (const [k, v] of Object.entries(e.attrs)) element.addOverride(k, v);
    }
    for (const o of s.outputs) new TerraformOutput(stack, o.id, o.attrs).overrideLogicalId(o.id);
  }
  app.synth();
}
const { startupSnapshot } = require("v8");
if (startupSnapshot && startupSnapshot.isBuildingSnapshot()) {
  const fs = require("fs");
  const dir = fs.mkdtempSync(require("path").join(require("os").tmpdir(), "floor-warm-up-"));
  main(dir, 5);
  fs.rmSync(dir, { recursive: true, force: true });
  startupSnapshot.setDeserializeMainFunction(() => main(process.argv[1]));
} else main(process.argv[2]);
`;
}

/** Drops cdktf's "//" metadata everywhere and sorts keys: what Terraform sees. */
function canonical(value: Json): Json {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === "object")
    return Object.fromEntries(
      Object.keys(value)
        .filter((k) => k !== "//")
        .sort()
        .map((k) => [k, canonical(value[k])]),
    );
  return value;
}

/** Differences (stack ids) between two synth outputs, ignoring cdktf metadata. */
export function compareOutputs(expected: string, actual: string): string[] {
  const a = readStacks(expected);
  const b = readStacks(actual);
  const ids = new Set([...a.keys(), ...b.keys()]);
  return [...ids].filter((id) => !a.has(id) || !b.has(id) || JSON.stringify(canonical(a.get(id)!)) !== JSON.stringify(canonical(b.get(id)!)));
}

/** Resources and data sources in a synth output. */
export function countResources(outdir: string): { stacks: number; resources: number } {
  let resources = 0;
  const stacks = readStacks(outdir);
  for (const tf of stacks.values())
    for (const kind of ["resource", "data"]) for (const byId of Object.values((tf[kind] ?? {}) as Record<string, Obj>)) resources += Object.keys(byId).length;
  return { stacks: stacks.size, resources };
}

