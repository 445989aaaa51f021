/** One problem found in user input: where it is, what was there, what is allowed. */
export interface Issue {
  /** Field path, e.g. `components.orders-db.size`. */
  readonly path: string;
  readonly message: string;
}

/** Base class of every error Polder raises on purpose; the CLI prints these without a stack trace. */
export class PolderError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** A spec or props object failed validation. Carries every issue found, not only the first. */
export class SpecValidationError extends PolderError {
  readonly issues: readonly Issue[];
  constructor(source: string, issues: readonly Issue[]) {
    super(
      `${source} is invalid (${issues.length} ${issues.length === 1 ? "problem" : "problems"}):\n` +
        issues.map((i) => `  - ${i.path}: ${i.message}`).join("\n"),
    );
    this.issues = issues;
  }
}

/** A placement rule refuses this classification on this target. */
export class PlacementError extends PolderError {
  constructor(
    readonly rule: string,
    readonly classification: string,
    readonly targetId: string,
    reason: string,
  ) {
    super(`placement refused by rule '${rule}': classification '${classification}' on target '${targetId}': ${reason}`);
  }
}

/** One component a target cannot host: where it is in the spec, its kind and what would allow it. */
export interface MissingCapability {
  /** Field path, e.g. `components.portal` (or `network` for the app's network). */
  readonly path: string;
  readonly kind: string;
  /** What is missing, e.g. which services or target props would allow a strategy. */
  readonly missing: string;
}

/**
 * The target offers no strategy for one or more components: every one of them is listed, each
 * with its field path, kind, the target and what would allow it.
 */
export class CapabilityError extends PolderError {
  readonly problems: readonly MissingCapability[];
  constructor(kind: string, targetName: string, missing: string);
  constructor(problems: readonly MissingCapability[], targetName: string, app?: string);
  constructor(a: string | readonly MissingCapability[], targetName: string, b?: string) {
    const problems = typeof a === "string" ? [{ path: a, kind: a, missing: b ?? "" }] : a;
    const line = (p: MissingCapability) => `no strategy for kind '${p.kind}' on target '${targetName}': ${p.missing}`;
    super(
      typeof a === "string"
        ? line(problems[0])
        : `${b ? `app '${b}'` : "the app"} cannot be placed on target '${targetName}' (${problems.length} ${problems.length === 1 ? "component" : "components"}):\n` +
            problems.map((p) => `  - ${p.path}: ${line(p)}`).join("\n"),
    );
    this.problems = problems;
  }
}
