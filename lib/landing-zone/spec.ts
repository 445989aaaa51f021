import { type Issue, SpecValidationError } from "../core/errors";
import { FieldReader, show } from "../core/validate";
import { CLASSIFICATION_ALIASES, CLASSIFICATION_LEVELS, type Classification, parseClassification } from "../policy/classification";
import { readHubNetwork, type HubNetworkSpec, type ResolvedHubNetwork } from "./hub-network";
import { flattenUnits, type ResolvedUnit, TIERS, type Tier, UNIT_KINDS, type UnitKind } from "./units";

/** One unit of the zone: a branch of the hierarchy (AWS OU, Azure management group, Google folder, Keystone project). */
export interface UnitSpec {
  /** `platform` (connectivity, identity, management, security), `workload`, `sandbox` or `quarantine` (new tenancies). */
  readonly kind: UnitKind;
  /**
   * Highest classification an app in this unit may have (workload units).
   * @default the parent's; `intern` for a top-level workload unit, `openbaar` for a sandbox
   */
  readonly classification?: string;
  /**
   * Sovereignty tiers the unit enforces, after the Sovereign Landing Zone's control levels:
   * `residency` (L1), `data-protection` (L2), `confidential` (L3). A child inherits its parent's.
   * @default [] (the zone's baseline only: EU regions, audit, identity)
   */
  readonly tiers?: readonly Tier[];
  /** Child units. @default {} */
  readonly units?: Readonly<Record<string, UnitSpec>>;
}

/** An account, subscription or project the zone vends, for an app or a team, in one unit. */
export interface TenancySpec {
  /** Name of the unit it lives in. */
  readonly unit: string;
  /** Owning team. @default the zone's owner */
  readonly owner?: string;
  /** Contact address (AWS needs one per account). @default the first budget contact */
  readonly email?: string;
  /** Monthly budget in the zone's currency. @default budgets.monthly */
  readonly monthlyBudget?: number;
  /** Values of the required tags. @default {} (every required tag must have one) */
  readonly tags?: Readonly<Record<string, string>>;
}

export interface QuotaSpec {
  /** vCPUs. @default 64 */
  readonly cores?: number;
  /** RAM in GiB. @default 256 */
  readonly ramGb?: number;
  /** Instances. @default 50 */
  readonly instances?: number;
  /** Block storage in GiB. @default 2048 */
  readonly volumeGb?: number;
}

export interface LandingZoneSpec {
  /** Lower-case name, 2 to 20 characters; stack ids are `<name>-<target name>`. */
  readonly name: string;
  /** Owning platform team (a tag on every resource). */
  readonly owner: string;
  /** The unit tree; exactly one `quarantine` unit, at least one `workload` unit. */
  readonly units: Readonly<Record<string, UnitSpec>>;
  /** Tenancies the zone vends. @default {} */
  readonly tenancies?: Readonly<Record<string, TenancySpec>>;
  /** @default { retentionDays: 2557, immutable: true } */
  readonly audit?: { readonly retentionDays?: number; readonly immutable?: boolean };
  readonly hubNetwork?: HubNetworkSpec;
  readonly identity: {
    /** Admin group per unit name (the group's name in the identity provider). */
    readonly adminGroups: Readonly<Record<string, string>>;
    /** Exactly two break-glass identities, for when single sign-on is down. */
    readonly breakGlass: readonly { readonly name: string; readonly contact: string }[];
  };
  readonly budgets: {
    /** Monthly budget per tenancy, in `currency`. */
    readonly monthly: number;
    /** @default "EUR" */
    readonly currency?: string;
    /** Percentages of the monthly amount that notify the contacts. @default [50, 80, 100] */
    readonly thresholds?: readonly number[];
    /** E-mail addresses. */
    readonly contacts: readonly string[];
    /** Quotas per tenancy, where a target has no budgets (OpenStack). @default see QuotaSpec */
    readonly quota?: QuotaSpec;
  };
  /** Tag keys every tenancy must set (in `tenancies.<name>.tags`). @default [] */
  readonly tags?: { readonly required?: readonly string[] };
}

export interface ResolvedTenancy {
  readonly name: string;
  readonly unit: string;
  readonly owner: string;
  readonly email: string;
  readonly monthlyBudget: number;
  readonly tags: Readonly<Record<string, string>>;
}

export type ResolvedQuota = Required<QuotaSpec>;

export interface ResolvedLandingZoneSpec {
  readonly name: string;
  readonly owner: string;
  /** Every unit, parents before children. */
  readonly units: readonly ResolvedUnit[];
  readonly tenancies: readonly ResolvedTenancy[];
  readonly audit: { readonly retentionDays: number; readonly immutable: boolean };
  readonly hubNetwork: ResolvedHubNetwork;
  readonly identity: {
    readonly adminGroups: Readonly<Record<string, string>>;
    readonly breakGlass: readonly { readonly name: string; readonly contact: string }[];
  };
  readonly budgets: {
    readonly monthly: number;
    readonly currency: string;
    readonly thresholds: readonly number[];
    readonly contacts: readonly string[];
    readonly quota: ResolvedQuota;
  };
  readonly tags: { readonly required: readonly string[] };
}

export const AUDIT_DEFAULTS = { retentionDays: 2557, immutable: true } as const;
export const QUOTA_DEFAULTS: ResolvedQuota = { cores: 64, ramGb: 256, instances: 50, volumeGb: 2048 };

const NAME = /^[a-z](?!.*--)[a-z0-9-]{0,18}[a-z0-9]$/;
const NAME_TEXT = "2 to 20 lower-case letters, digits and single hyphens, starting with a letter, not ending with a hyphen";
const OWNER = /^[a-z0-9][a-z0-9_-]{0,62}$/;
const OWNER_TEXT = "a lower-case team identifier (letters, digits, _ and -), at most 63 characters";
const EMAIL = /^[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$/;
const EMAIL_TEXT = "an e-mail address such as platform@example.nl";
const GROUP = /^[A-Za-z0-9][A-Za-z0-9 ._-]{0,63}$/;
const GROUP_TEXT = "1 to 64 letters, digits, spaces, '.', '_' or '-', starting with a letter or digit";
const BREAK_GLASS = /^[a-z][a-z0-9-]{1,30}$/;
const TAG_KEY = /^[a-z][a-z0-9_-]{0,62}$/;
const TAG_KEY_TEXT = "a lower-case key of letters, digits, _ and -, at most 63 characters (every target accepts it)";
const TAG_VALUE = /^[a-z0-9_-]{0,63}$/;
const TAG_VALUE_TEXT = "at most 63 lower-case letters, digits, _ and - (Google labels allow no more)";
const CURRENCY = /^[A-Z]{3}$/;

/**
 * Validates plain data as a LandingZoneSpec. Reports every problem at once, each with its field
 * path, the bad value and what is allowed.
 * @param source names the input in the error message, e.g. a file path.
 */
export function parseLandingZoneSpec(data: unknown, source = "landing zone spec"): ResolvedLandingZoneSpec {
  const issues: Issue[] = [];
  const r = FieldReader.object(data, "", issues);
  if (!r) throw new SpecValidationError(source, issues);

  const name = r.string("name", { required: true, pattern: NAME, patternText: NAME_TEXT });
  const owner = r.string("owner", { required: true, pattern: OWNER, patternText: OWNER_TEXT });
  const units = readUnits(r);
  const budgets = readBudgets(r);
  const requiredTags = readRequiredTags(r);
  const tenancies = readTenancies(r, { units, owner, budgets, requiredTags });
  const audit = readAudit(r);
  const hubNetwork = readHubNetwork(r.object("hubNetwork") ?? new FieldReader({}, "hubNetwork", issues));
  const identity = readIdentity(r, units);
  r.rejectUnknown();

  if (issues.length > 0 || !name || !owner || !units || !budgets || !audit || !hubNetwork || !identity) throw new SpecValidationError(source, issues);
  return { name, owner, units, tenancies, audit, hubNetwork, identity, budgets, tags: { required: requiredTags } };
}

function readClassification(r: FieldReader, key: string): Classification | undefined {
  const raw = r.value(key);
  if (raw === undefined || raw === null) return undefined;
  const parsed = typeof raw === "string" ? parseClassification(raw) : undefined;
  if (!parsed) return r.fail(key, `${show(raw)} is not a classification level: one of ${CLASSIFICATION_LEVELS.join(", ")} (or an alias: ${Object.keys(CLASSIFICATION_ALIASES).join(", ")})`);
  return parsed;
}

interface RawUnit {
  readonly name: string;
  readonly path: string;
  readonly parent?: string;
  readonly kind?: UnitKind;
  readonly classification?: Classification;
  readonly tiers: readonly Tier[];
}

/** Reads the unit tree depth first; returns the flattened, resolved units or undefined on a problem. */
function readUnits(r: FieldReader): ResolvedUnit[] | undefined {
  const before = r.issues.length;
  const top = r.object("units", { required: true });
  if (!top) return undefined;
  const raw: RawUnit[] = [];
  const seen = new Map<string, string>();
  const walk = (holder: FieldReader, parent: string | undefined, depth: number): void => {
    const names = Object.keys(holder.raw);
    if (depth === 0 && names.length === 0) holder.issues.push({ path: holder.path, message: "has no units: name at least a workload unit and a quarantine unit" });
    for (const name of names) {
      if (!NAME.test(name)) {
        holder.fail(name, `unit name ${show(name)} is not allowed: ${NAME_TEXT}`);
        continue;
      }
      const u = holder.object(name);
      if (!u) continue;
      if (seen.has(name)) {
        u.issues.push({ path: u.path, message: `unit name '${name}' is used twice (also at ${seen.get(name)}): unit names are unique in a zone` });
        continue;
      }
      seen.set(name, u.path);
      if (depth >= 4) {
        u.issues.push({ path: u.path, message: "is nested too deep: at most 5 levels of units (AWS allows 5 levels of OUs below the root)" });
        continue;
      }
      const kind = u.oneOf("kind", UNIT_KINDS, { required: parent === undefined });
      const classification = readClassification(u, "classification");
      const tiers: Tier[] = [];
      u.list("tiers", { max: TIERS.length })?.forEach((t, i) => {
        if (typeof t !== "string" || !(TIERS as readonly string[]).includes(t)) u.fail(`tiers[${i}]`, `${show(t)} is not allowed: one of ${TIERS.join(", ")}`);
        else if (tiers.includes(t as Tier)) u.fail(`tiers[${i}]`, `${show(t)} is listed twice`);
        else tiers.push(t as Tier);
      });
      raw.push({ name, path: u.path, parent, kind, classification, tiers });
      const children = u.object("units");
      u.rejectUnknown();
      if (children) walk(children, name, depth + 1);
    }
  };
  walk(top, undefined, 0);
  if (r.issues.length > before) return undefined;
  const resolved = flattenUnits(raw);
  for (const problem of resolved.problems) r.issues.push(problem);
  return r.issues.length > before ? undefined : resolved.units;
}

function readBudgets(r: FieldReader): ResolvedLandingZoneSpec["budgets"] | undefined {
  const b = r.object("budgets", { required: true });
  if (!b) return undefined;
  const before = r.issues.length;
  const monthly = b.integer("monthly", { min: 1, max: 100_000_000, required: true });
  const currency = b.string("currency", { pattern: CURRENCY, patternText: "an ISO 4217 code such as EUR", default: "EUR" });
  const thresholds: number[] = [];
  const list = b.list("thresholds", { max: 10 });
  (list ?? [50, 80, 100]).forEach((t, i) => {
    if (typeof t !== "number" || !Number.isInteger(t) || t < 1 || t > 500) b.fail(`thresholds[${i}]`, `${show(t)} is not allowed: a whole percentage from 1 to 500`);
    else if (thresholds.includes(t)) b.fail(`thresholds[${i}]`, `${show(t)} is listed twice`);
    else thresholds.push(t);
  });
  if (list && list.length === 0) b.fail("thresholds", "is empty: give at least one percentage, e.g. [80, 100]");
  const contacts: string[] = [];
  const rawContacts = b.list("contacts", { max: 10 });
  if (!rawContacts || rawContacts.length === 0) b.fail("contacts", `is required: at least one ${EMAIL_TEXT}`);
  rawContacts?.forEach((c, i) => {
    if (typeof c !== "string" || !EMAIL.test(c)) b.fail(`contacts[${i}]`, `${show(c)} is not allowed: ${EMAIL_TEXT}`);
    else contacts.push(c);
  });
  const quota = readQuota(b);
  b.rejectUnknown();
  if (r.issues.length > before || monthly === undefined || !currency || !quota) return undefined;
  return { monthly, currency, thresholds: thresholds.sort((x, y) => x - y), contacts, quota };
}

function readQuota(b: FieldReader): ResolvedQuota | undefined {
  const before = b.issues.length;
  const q = b.object("quota");
  // Absent or null: the defaults; anything else that is not an object was recorded as an issue.
  if (!q) return b.issues.length > before ? undefined : QUOTA_DEFAULTS;
  const quota = {
    cores: q.integer("cores", { min: 1, max: 100_000, default: QUOTA_DEFAULTS.cores }),
    ramGb: q.integer("ramGb", { min: 1, max: 1_000_000, default: QUOTA_DEFAULTS.ramGb }),
    instances: q.integer("instances", { min: 1, max: 10_000, default: QUOTA_DEFAULTS.instances }),
    volumeGb: q.integer("volumeGb", { min: 1, max: 10_000_000, default: QUOTA_DEFAULTS.volumeGb }),
  };
  q.rejectUnknown();
  return Object.values(quota).every((v) => v !== undefined) ? (quota as ResolvedQuota) : undefined;
}

function readRequiredTags(r: FieldReader): string[] {
  const t = r.object("tags");
  if (!t) return [];
  const out: string[] = [];
  t.list("required", { max: 20 })?.forEach((k, i) => {
    if (typeof k !== "string" || !TAG_KEY.test(k)) t.fail(`required[${i}]`, `${show(k)} is not allowed: ${TAG_KEY_TEXT}`);
    else if (out.includes(k)) t.fail(`required[${i}]`, `${show(k)} is listed twice`);
    else out.push(k);
  });
  t.rejectUnknown();
  return out;
}

function readTenancies(
  r: FieldReader,
  ctx: { units?: readonly ResolvedUnit[]; owner?: string; budgets?: ResolvedLandingZoneSpec["budgets"]; requiredTags: readonly string[] },
): ResolvedTenancy[] {
  const t = r.object("tenancies");
  if (!t) return [];
  const out: ResolvedTenancy[] = [];
  const unitNames = ctx.units?.map((u) => u.name);
  for (const name of Object.keys(t.raw)) {
    if (!NAME.test(name)) {
      t.fail(name, `tenancy name ${show(name)} is not allowed: ${NAME_TEXT}`);
      continue;
    }
    const x = t.object(name);
    if (!x) continue;
    const before = x.issues.length;
    const unit = x.string("unit", { required: true });
    if (unit !== undefined && unitNames && !unitNames.includes(unit)) x.fail("unit", `${show(unit)} names no unit: units are ${unitNames.join(", ")}`);
    const owner = x.string("owner", { pattern: OWNER, patternText: OWNER_TEXT, default: ctx.owner });
    const email = x.string("email", { pattern: EMAIL, patternText: EMAIL_TEXT, default: ctx.budgets?.contacts[0] });
    const monthlyBudget = x.integer("monthlyBudget", { min: 1, max: 100_000_000, default: ctx.budgets?.monthly });
    const tags: Record<string, string> = {};
    const tr = x.object("tags");
    if (tr) {
      for (const key of Object.keys(tr.raw)) {
        if (!TAG_KEY.test(key)) {
          tr.fail(key, `tag key ${show(key)} is not allowed: ${TAG_KEY_TEXT}`);
          continue;
        }
        const v = tr.string(key, { pattern: TAG_VALUE, patternText: TAG_VALUE_TEXT });
        if (v !== undefined) tags[key] = v;
      }
    }
    const missing = ctx.requiredTags.filter((k) => !(k in tags) && !(tr?.has(k) ?? false));
    if (missing.length) x.fail("tags", `misses required tag${missing.length > 1 ? "s" : ""} ${missing.join(", ")} (tags.required of the zone)`);
    x.rejectUnknown();
    if (x.issues.length === before && unit && owner && email && monthlyBudget !== undefined) out.push({ name, unit, owner, email, monthlyBudget, tags });
  }
  return out;
}

function readAudit(r: FieldReader): ResolvedLandingZoneSpec["audit"] | undefined {
  const before = r.issues.length;
  const a = r.object("audit");
  if (!a) return r.issues.length > before ? undefined : { ...AUDIT_DEFAULTS };
  // At least a year: the BIO (Baseline Informatiebeveiliging Overheid) asks for logs kept that long.
  const retentionDays = a.integer("retentionDays", { min: 365, max: 3653, default: AUDIT_DEFAULTS.retentionDays });
  const immutable = a.boolean("immutable", { default: AUDIT_DEFAULTS.immutable });
  a.rejectUnknown();
  return retentionDays !== undefined && immutable !== undefined ? { retentionDays, immutable } : undefined;
}

function readIdentity(r: FieldReader, units: readonly ResolvedUnit[] | undefined): ResolvedLandingZoneSpec["identity"] | undefined {
  const i = r.object("identity", { required: true });
  if (!i) return undefined;
  const before = r.issues.length;
  const adminGroups: Record<string, string> = {};
  const g = i.object("adminGroups", { required: true });
  if (g) {
    const names = units?.map((u) => u.name);
    for (const unit of Object.keys(g.raw)) {
      if (names && !names.includes(unit)) {
        g.value(unit);
        g.fail(unit, `names no unit: units are ${names.join(", ")}`);
        continue;
      }
      const group = g.string(unit, { pattern: GROUP, patternText: GROUP_TEXT });
      if (group) adminGroups[unit] = group;
    }
    if (Object.keys(g.raw).length === 0) g.issues.push({ path: g.path, message: "is empty: name an admin group for at least one unit" });
  }
  const breakGlass: { name: string; contact: string }[] = [];
  const list = i.list("breakGlass");
  if (!list) i.fail("breakGlass", "is required: exactly two break-glass identities ({ name, contact })");
  else if (list.length !== 2) i.fail("breakGlass", `has ${list.length} entries: exactly two break-glass identities, so one lost credential never locks the platform team out`);
  list?.forEach((raw, n) => {
    const b = FieldReader.object(raw, i.at(`breakGlass[${n}]`), i.issues);
    if (!b) return;
    const name = b.string("name", { required: true, pattern: BREAK_GLASS, patternText: "2 to 31 lower-case letters, digits and hyphens, starting with a letter" });
    const contact = b.string("contact", { required: true, pattern: EMAIL, patternText: EMAIL_TEXT });
    b.rejectUnknown();
    if (name && breakGlass.some((x) => x.name === name)) b.fail("name", `${show(name)} is used twice: the two identities need different names`);
    else if (name && contact) breakGlass.push({ name, contact });
  });
  i.rejectUnknown();
  return r.issues.length > before ? undefined : { adminGroups, breakGlass };
}
