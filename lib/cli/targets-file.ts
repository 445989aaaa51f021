// A targets file: the clouds a synth builds for, described in YAML (or JSON) instead of TypeScript.
//
//   targets:
//     rijkscloud:                 # the target's name: stack ids are <app>-rijkscloud
//       kind: sovereign           # which factory of `targets` makes it
//       cloud: rijkscloud         # ...and that factory's props
//       region: RegionOne
//     aws:
//       kind: aws
//       region: eu-central-1
//
// Each entry goes to its kind's factory (`targets.sovereign`, `targets.aws`, ...), which validates
// it as it validates TypeScript callers; its problems come back with the file's field paths.
import { existsSync, readFileSync } from "node:fs";
import { extname, join, resolve } from "node:path";
import { parseDocument } from "yaml";
import { type Issue, PolderError, SpecValidationError } from "../core/errors";
import { type Target, TARGET_NAME, TARGET_NAME_TEXT } from "../core/target";
import { FieldReader, show } from "../core/validate";
import { targets } from "../targets";

/** How the file makes one kind of target. */
export interface TargetKind {
  /** The factory; it validates its props and throws a SpecValidationError naming the field. */
  readonly create: (props: any) => Target;
  /**
   * The props the file may set besides `kind` and the name, for a factory that does not reject
   * unknown props itself.
   * @default the factory rejects unknown props
   */
  readonly fields?: readonly string[];
}

/**
 * Target kinds a targets file may name: one line per kind. A new target plugs in here with its
 * factory from `targets`, e.g. `azure: { create: targets.azure }`.
 */
export const TARGET_KINDS: Readonly<Record<string, TargetKind>> = {
  sovereign: { create: targets.sovereign },
  aws: { create: targets.aws, fields: ["region", "partition", "clusterAdminRoleArns", "adminCidrs", "egress"] },
  azure: { create: targets.azure, fields: ["location", "subscriptionId", "keyCustody", "managedHsmId", "environment", "metadataHost", "operatorJurisdiction", "vmAdminKey", "egress", "landingZones"] },
  gcp: { create: targets.gcp },
};

/** Environment variable naming the targets file when no `--targets` is given (cdktf passes no arguments). */
export const TARGETS_ENV = "POLDER_TARGETS";
/** The targets file used, when present in the project root, if neither `--targets` nor `POLDER_TARGETS` names one. */
export const DEFAULT_TARGETS_FILE = "targets.yaml";

/** Validates targets-file data and makes its targets, in file order; every problem at once. */
export function parseTargetsFile(data: unknown, source: string, kinds: Readonly<Record<string, TargetKind>> = TARGET_KINDS): Target[] {
  const issues: Issue[] = [];
  const root = FieldReader.object(data, "", issues);
  const list = root?.object("targets", { required: true });
  root?.rejectUnknown();
  const made: Target[] = [];
  if (list) {
    const names = Object.keys(list.raw);
    if (names.length === 0) issues.push({ path: "targets", message: "is empty: name at least one target" });
    for (const name of names) {
      const path = list.at(name);
      if (!TARGET_NAME.test(name)) issues.push({ path, message: `${show(name)} is not allowed as a target name: ${TARGET_NAME_TEXT}` });
      const entry = list.object(name, { required: true });
      if (!entry) continue;
      const kindName = entry.oneOf("kind", Object.keys(kinds), { required: true });
      if (entry.has("name")) entry.fail("name", "is given by the entry's key: rename the key instead");
      if (!kindName) continue;
      const kind = kinds[kindName];
      const props: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(entry.raw)) if (k !== "kind" && k !== "name") props[k] = v;
      if (kind.fields) for (const k of Object.keys(props)) if (!kind.fields.includes(k)) entry.fail(k, `unknown field: allowed are kind, ${kind.fields.join(", ")}`);
      try {
        made.push(kind.create({ ...props, name }));
      } catch (e) {
        if (!(e instanceof SpecValidationError)) throw e;
        // The factory's paths are relative to its props; the name's problem is the key's.
        for (const i of e.issues) if (i.path !== "name") issues.push({ path: `${path}.${i.path}`, message: i.message });
      }
    }
  }
  if (issues.length > 0) throw new SpecValidationError(source, issues);
  return made;
}

/** Reads and validates a targets file (`.yaml`, `.yml` or `.json`). */
export function loadTargetsFile(path: string): Target[] {
  const ext = extname(path).toLowerCase();
  const fail = (message: string) => new SpecValidationError(path, [{ path: "(file)", message }]);
  if (![".yaml", ".yml", ".json"].includes(ext)) throw fail(`extension ${show(ext)} is not allowed: .yaml, .yml or .json`);
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    throw fail(`cannot be read: ${(e as Error).message}`);
  }
  let data: unknown;
  if (ext === ".json") {
    try {
      data = JSON.parse(text);
    } catch (e) {
      throw fail(`is not valid JSON: ${(e as Error).message}`);
    }
  } else {
    // As app specs: one document, unique keys, no custom tags, bounded aliases.
    const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: true, customTags: [] });
    if (doc.errors.length > 0) throw new SpecValidationError(path, doc.errors.map((e) => ({ path: "(file)", message: `is not valid YAML: ${e.message.split("\n")[0]}` })));
    data = doc.toJS({ maxAliasCount: 100 });
  }
  return parseTargetsFile(data, path);
}

/** Where a synth's targets come from. */
export interface TargetsChoice {
  readonly targets: readonly Target[];
  /** The targets file read, absolute; undefined for the built-in targets. */
  readonly file?: string;
}

/**
 * The targets of a synth: the file named by `--targets`, else by `$POLDER_TARGETS`, else
 * `targets.yaml` in `root` when it exists, else `builtIn()`.
 */
export function chooseTargets(option: string | undefined, env: NodeJS.ProcessEnv, root: string, builtIn: () => readonly Target[]): TargetsChoice {
  const named = option ?? (env[TARGETS_ENV] || undefined);
  const file = named !== undefined ? resolve(named) : existsSync(join(root, DEFAULT_TARGETS_FILE)) ? join(root, DEFAULT_TARGETS_FILE) : undefined;
  return file ? { targets: loadTargetsFile(file), file } : { targets: builtIn() };
}

/** Takes `--targets FILE` (or `--targets=FILE`) out of a synth's arguments; the last one counts. */
export function takeTargetsOption(argv: readonly string[]): { option?: string; rest: string[] } {
  const rest: string[] = [];
  let option: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--") {
      rest.push(...argv.slice(i));
      break;
    }
    if (a === "--targets") {
      if (i + 1 >= argv.length || argv[i + 1].startsWith("--")) throw new PolderError("--targets needs a file: --targets targets.yaml");
      option = argv[++i];
    }
    else if (a.startsWith("--targets=")) option = a.slice("--targets=".length);
    else rest.push(a);
  }
  return { option, rest };
}

/**
 * The targets of a synth program from its arguments and environment (see `chooseTargets`), and the
 * arguments left for the synth. A file chosen here is put in `$POLDER_TARGETS`, so the program's
 * worker processes (which get no arguments) read the same file.
 */
export function synthTargets(argv: readonly string[], root: string, builtIn: () => readonly Target[]): { targets: readonly Target[]; argv: string[] } {
  const { option, rest } = takeTargetsOption(argv);
  const choice = chooseTargets(option, process.env, root, builtIn);
  if (choice.file) process.env[TARGETS_ENV] = choice.file;
  return { targets: choice.targets, argv: rest };
}
