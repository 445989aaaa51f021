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

/** The target offers no strategy for a kind. */
export class CapabilityError extends PolderError {
  constructor(kind: string, targetId: string, missing: string) {
    super(`no strategy for kind '${kind}' on target '${targetId}': ${missing}`);
  }
}
