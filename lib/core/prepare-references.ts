import { DefaultTokenResolver, StringConcat, TerraformElement, TerraformStack, Tokenization, type IConstruct } from "./cdktf";

// cdktf's TerraformStack.prepareStack resolves every element's whole configuration once, "preparing",
// and throws the result away: the pass exists so that references to another stack register their
// outputs and remote state (only `Reference.resolve` looks at `context.preparing`). Only tokens can
// hold such a reference, so this pass walks the plain values itself and hands every value that
// carries a token to cdktf's own resolver, preparing: the same registrations, and the same errors,
// without cdktf's per-value bookkeeping for the plain majority of the configuration.

const RESOLVER = new DefaultTokenResolver(new StringConcat());
// How cdktf's resolve recognizes tokens in a string: string, list and map token markers all end in
// "TfToken[", and number tokens are doubles whose text has an exponent (its NUMBER_TOKEN_REGEX).
const TOKEN_MARKER = "TfToken[";
const NUMBER_TOKEN_TEXT = /[-|\d.+]e[-|\d.eE+]/;
// A number token and an element of a number-list token are doubles of magnitude ~1e289 to ~1e298
// (cdktf marks the top bits; Token.isUnresolved knows only the first). A plain number that large
// is merely handed over too.
const NUMBER_TOKEN_MAGNITUDE = 1e200;
// cdktf refuses to resolve deeper than 200 levels (a cyclic value); hand such a value over well
// before this walk could loop.
const MAX_DEPTH = 100;

/** The Terraform elements of a stack, in construct order, without those of nested stacks. */
function stackElements(stack: TerraformStack): TerraformElement[] {
  const into: TerraformElement[] = [];
  const visit = (node: IConstruct) => {
    if (TerraformElement.isTerraformElement(node)) into.push(node);
    for (const child of node.node.children) if (!TerraformStack.isStack(child)) visit(child);
  };
  visit(stack);
  return into;
}

/** The preparing pass of `TerraformStack.prepareStack`, over the token-bearing values only. */
export function prepareReferences(stack: TerraformStack): void {
  const prepare = (value: unknown) => Tokenization.resolve(value, { scope: stack, resolver: RESOLVER, preparing: true });
  for (const element of stackElements(stack)) {
    const config = element.toTerraform();
    try {
      visit(config, prepare, 0);
    } catch (error) {
      // cdktf's error names the failing value's path only when it walks from the top: let it.
      prepare(config);
      throw error;
    }
  }
}

function visit(value: unknown, prepare: (value: unknown) => unknown, depth: number): void {
  if (typeof value === "string") {
    if (holdsToken(value)) prepare(value);
    return;
  }
  if (typeof value === "number") {
    if (mayBeNumberToken(value)) prepare(value);
    return;
  }
  // Functions: cdktf's resolve rejects them; let it say so, as it would have.
  if (typeof value === "function") {
    prepare(value);
    return;
  }
  if (typeof value !== "object" || value === null) return;
  if (depth > MAX_DEPTH) {
    prepare(value);
    return;
  }
  if (Array.isArray(value)) {
    // A token element may stand for a whole list: cdktf resolves such an array as one.
    if (value.some(isTokenPrimitive)) prepare(value);
    else for (const item of value) visit(item, prepare, depth + 1);
    return;
  }
  // Tokens (IResolvable, also as object literals), dates, constructs and other class instances:
  // cdktf decides.
  const proto = Object.getPrototypeOf(value);
  if ((proto !== Object.prototype && proto !== null) || Tokenization.isResolvable(value)) {
    prepare(value);
    return;
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  // A map token as a key stands for the whole map.
  if (keys.some(holdsToken)) {
    prepare(value);
    return;
  }
  for (const key of keys) visit(record[key], prepare, depth + 1);
}

function holdsToken(text: string): boolean {
  return text.includes(TOKEN_MARKER) || NUMBER_TOKEN_TEXT.test(text);
}

function mayBeNumberToken(n: number): boolean {
  return !(Math.abs(n) < NUMBER_TOKEN_MAGNITUDE);
}

function isTokenPrimitive(x: unknown): boolean {
  return (typeof x === "string" && holdsToken(x)) || (typeof x === "number" && mayBeNumberToken(x));
}
