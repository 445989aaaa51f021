import { Construct } from "constructs";
import { TerraformStack, type IConstruct } from "./cdktf";
import { prepareReferences } from "./prepare-references";
import type { Realizer } from "./realizer";
import type { Target } from "./target";
import type { StateBackend } from "./state-backend";

export interface TargetStackProps {
  readonly target: Target;
  /**
   * Remote state backend; the local backend when omitted.
   * @default local state in `terraform.<stack id>.tfstate`
   */
  readonly backend?: StateBackend;
  /**
   * Tags (labels) put on every resource the provider supports tagging on.
   * @default {} (PortableApp adds app, owner and classification)
   */
  readonly tags?: Readonly<Record<string, string>>;
  /**
   * The stack neither references another stack of its App nor is referenced by one, as an app
   * outside landing zones built from its spec: cdktf's preparing pass, which exists only to register
   * such references, is skipped (about an eighth of a synth). Set it only when that is certain: a
   * reference across a standalone stack's border is not registered, and the stack would name a
   * resource it does not declare. The synth sets it for every app not placed in a landing zone.
   * @default false
   */
  readonly standalone?: boolean;
}

const STACK_SYMBOL = Symbol.for("polder.TargetStack");

/**
 * A Terraform stack bound to one Target: it configures the provider and the state backend.
 * Its id is `<name>-<target name>` (the target name defaults to its id), so every (app, target)
 * pair has its own state and moving an app to another target never touches the old target's stack.
 */
export class TargetStack extends TerraformStack {
  /** The TargetStack a construct belongs to. */
  static of(construct: IConstruct): TargetStack {
    for (let c: IConstruct | undefined = construct; c; c = c.node.scope) {
      if (TargetStack.isTargetStack(c)) return c;
    }
    throw new Error(`${construct.node.path || "(root)"} is not inside a TargetStack: create it inside new TargetStack(app, name, { target })`);
  }

  static isTargetStack(x: unknown): x is TargetStack {
    return typeof x === "object" && x !== null && STACK_SYMBOL in x;
  }

  /** Stack id of an app on a target. */
  static stackId(name: string, target: Target): string {
    return `${name}-${target.name}`;
  }

  readonly target: Target;
  readonly backend?: StateBackend;
  /** Base name the stack id was made from. */
  readonly baseName: string;
  readonly standalone: boolean;
  private readonly tagMap: Record<string, string>;
  private realizerInstance?: Realizer;

  constructor(scope: Construct, name: string, props: TargetStackProps) {
    super(scope, TargetStack.stackId(name, props.target));
    Object.defineProperty(this, STACK_SYMBOL, { value: true });
    this.target = props.target;
    this.backend = props.backend;
    this.standalone = props.standalone ?? false;
    this.baseName = name;
    this.tagMap = { "managed-by": "polder", ...props.tags };
    this.realizer.configureStack(this);
  }

  /** The target's realizer, loaded on first use. */
  get realizer(): Realizer {
    this.realizerInstance ??= this.target.realizer();
    return this.realizerInstance;
  }

  /** Current tags; realizers read them lazily at synth time, so tags added later still apply. */
  get tags(): Readonly<Record<string, string>> {
    return { ...this.tagMap };
  }

  addTags(tags: Readonly<Record<string, string>>): void {
    Object.assign(this.tagMap, tags);
  }

  /**
   * cdktf's preparing pass, which registers references to other stacks, resolves every value of
   * the stack; this one hands only the values that carry tokens to cdktf's resolver, which is what
   * makes a TargetStack synthesize faster than a plain one. Same registrations, same output. A
   * standalone stack has nothing to register.
   */
  override prepareStack(): void {
    this.ensureBackendExists();
    if (!this.standalone) prepareReferences(this);
  }
}
