import type { Issue } from "./errors";

/** Shows a bad value in an error message: JSON, cut short so a huge value stays readable. */
export function show(value: unknown): string {
  let text: string;
  try {
    text = value === undefined ? "undefined" : JSON.stringify(value);
  } catch {
    text = String(value);
  }
  if (text === undefined) text = String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

export function typeName(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "list";
  return typeof value === "object" ? "object" : typeof value;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

interface StringRule {
  pattern?: RegExp;
  /** Said in the error instead of the regular expression. */
  patternText?: string;
  minLength?: number;
  maxLength?: number;
}

/**
 * Reads one object of user input field by field, collecting every problem instead of stopping
 * at the first. Each accessor returns undefined for a missing or bad field.
 */
export class FieldReader {
  private readonly seen = new Set<string>();

  constructor(
    readonly raw: Record<string, unknown>,
    readonly path: string,
    readonly issues: Issue[],
  ) {}

  /** Reads `raw` as an object, or records an issue and returns undefined. */
  static object(raw: unknown, path: string, issues: Issue[]): FieldReader | undefined {
    if (!isPlainObject(raw)) {
      issues.push({ path: path || "(root)", message: `expected an object, got ${typeName(raw)} ${show(raw)}` });
      return undefined;
    }
    return new FieldReader(raw, path, issues);
  }

  at(key: string): string {
    // An empty key would make an empty path that names nothing: show it quoted.
    const k = key === "" ? '""' : key;
    return this.path ? `${this.path}.${k}` : k;
  }

  fail(key: string, message: string): undefined {
    this.issues.push({ path: this.at(key), message });
    return undefined;
  }

  has(key: string): boolean {
    return Object.prototype.hasOwnProperty.call(this.raw, key) && this.raw[key] !== undefined;
  }

  value(key: string): unknown {
    this.seen.add(key);
    return this.has(key) ? this.raw[key] : undefined;
  }

  string(key: string, opts: StringRule & { required: true }): string | undefined;
  string(key: string, opts?: StringRule & { required?: false; default?: string }): string | undefined;
  string(key: string, opts: StringRule & { required?: boolean; default?: string } = {}): string | undefined {
    const v = this.value(key);
    if (v === undefined || v === null) {
      if (opts.required) return this.fail(key, "is required");
      return opts.default;
    }
    if (typeof v !== "string") return this.fail(key, `expected a string, got ${typeName(v)} ${show(v)}`);
    if (opts.minLength !== undefined && v.length < opts.minLength)
      return this.fail(key, `${show(v)} is too short: at least ${opts.minLength} characters`);
    if (opts.maxLength !== undefined && v.length > opts.maxLength)
      return this.fail(key, `${show(v)} is too long (${v.length} characters): at most ${opts.maxLength}`);
    if (opts.pattern && !opts.pattern.test(v))
      return this.fail(key, `${show(v)} is not allowed: must be ${opts.patternText ?? `matching ${opts.pattern}`}`);
    return v;
  }

  oneOf<T extends string>(key: string, allowed: readonly T[], opts: { default?: T; required?: boolean } = {}): T | undefined {
    const v = this.value(key);
    if (v === undefined || v === null) {
      if (opts.required) return this.fail(key, `is required: one of ${allowed.join(", ")}`);
      return opts.default;
    }
    if (typeof v !== "string" || !(allowed as readonly string[]).includes(v))
      return this.fail(key, `${show(v)} is not allowed: one of ${allowed.join(", ")}`);
    return v as T;
  }

  integer(key: string, opts: { min: number; max: number; default?: number; required?: boolean }): number | undefined {
    const v = this.value(key);
    if (v === undefined || v === null) {
      if (opts.required) return this.fail(key, `is required: a whole number from ${opts.min} to ${opts.max}`);
      return opts.default;
    }
    if (typeof v !== "number" || !Number.isInteger(v) || v < opts.min || v > opts.max)
      return this.fail(key, `${show(v)} is not allowed: a whole number from ${opts.min} to ${opts.max}`);
    return v;
  }

  boolean(key: string, opts: { default?: boolean } = {}): boolean | undefined {
    const v = this.value(key);
    if (v === undefined || v === null) return opts.default;
    if (typeof v !== "boolean") return this.fail(key, `expected true or false, got ${show(v)}`);
    return v;
  }

  object(key: string, opts: { required?: boolean } = {}): FieldReader | undefined {
    const v = this.value(key);
    if (v === undefined || v === null) {
      if (opts.required) return this.fail(key, "is required");
      return undefined;
    }
    return FieldReader.object(v, this.at(key), this.issues);
  }

  list(key: string, opts: { max?: number } = {}): unknown[] | undefined {
    const v = this.value(key);
    if (v === undefined || v === null) return undefined;
    if (!Array.isArray(v)) return this.fail(key, `expected a list, got ${typeName(v)} ${show(v)}`);
    if (opts.max !== undefined && v.length > opts.max) return this.fail(key, `has ${v.length} entries: at most ${opts.max}`);
    return v;
  }

  /** Records every key that no accessor read: unknown fields are errors, never silently dropped. */
  rejectUnknown(): void {
    const allowed = [...this.seen].sort();
    for (const key of Object.keys(this.raw)) {
      if (!this.seen.has(key))
        this.issues.push({
          path: this.at(key),
          message: `unknown field${allowed.length ? `: allowed are ${allowed.join(", ")}` : ""}`,
        });
    }
  }
}
