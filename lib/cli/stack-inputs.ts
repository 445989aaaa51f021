// The inputs of one stack: everything its synthesized files depend on, hashed into one key. Two
// synths of a stack with the same key write the same bytes, so an incremental synth keeps the
// previous files of a stack whose key has not changed (lib/cli/incremental.ts).
import type { StateBackend } from "../core/state-backend";
import type { Target } from "../core/target";
import { sha256 } from "./sha256";

/**
 * Version of the key recipe: raise it whenever what goes into a key changes, so keys written by
 * an older recipe never match.
 */
export const STACK_INPUTS_RECIPE = 2;

/** Environment variables cdktf's App reads when it synthesizes (context, HCL output, one stack). */
const CDKTF_SYNTH_ENV = ["CDKTF_CONTEXT_JSON", "SYNTH_HCL_OUTPUT", "CDKTF_TARGET_STACK_ID"] as const;

/** What is the same for every stack of one run: the build and cdktf's settings from the environment. */
export interface RunInputs {
  /** `buildFingerprint()`; undefined when unknown, and then no key is made (every stack is built). */
  readonly fingerprint: string | undefined;
  readonly cdktfEnv: Readonly<Record<string, string | undefined>>;
}

export function runInputs(fingerprint: string | undefined, env: NodeJS.ProcessEnv = process.env): RunInputs {
  return { fingerprint, cdktfEnv: Object.fromEntries(CDKTF_SYNTH_ENV.map((k) => [k, env[k]])) };
}

export interface StackInputs {
  readonly stackId: string;
  /**
   * SHA-256 (hex) of the spec file's bytes, as read for this run (lib/cli/spec-cache.ts hashes
   * each file once, not once per target). With the build they decide the validated spec
   * (defaults resolved), so that is not hashed again.
   */
  readonly specSha256: string;
  readonly target: Target;
  readonly backend: StateBackend | undefined;
  /**
   * For an app placed in a landing zone, the zone (its validated spec, stack id and backend); for
   * a landing-zone stack, the keys of the apps placed in it, since their cross-stack references
   * add outputs to it (lib/cli/zone-groups.ts). @default none: an app outside any zone
   */
  readonly landingZone?: unknown;
}

/**
 * Makes the keys of one run's stacks. A target's configuration is written out once per target, not
 * once per stack (a thousand-app fleet has two thousand stacks and a handful of targets).
 */
export function stackInputsKeys(run: RunInputs): (inputs: StackInputs) => string | undefined {
  // A target's configuration is hashed once: its digest, not its JSON (a few kB), goes into each key.
  const targets = new Map<Target, string | undefined>();
  const targetJson = (t: Target) => {
    if (!targets.has(t)) {
      const json = attempt(() => canonicalJson(t));
      targets.set(t, json === undefined ? undefined : sha256(json));
    }
    return targets.get(t);
  };
  const prefix = run.fingerprint === undefined ? undefined : `polder stack inputs ${STACK_INPUTS_RECIPE}\n${canonicalJson({ build: run.fingerprint, cdktfEnv: run.cdktfEnv })}\n`;
  return (inputs) => {
    const target = targetJson(inputs.target);
    // An app outside any zone with local state (most of a fleet): the same text canonicalJson writes.
    const rest =
      inputs.backend === undefined && inputs.landingZone === undefined
        ? `{"backend":null,"landingZone":null,"stackId":${JSON.stringify(inputs.stackId)}}`
        : attempt(() => canonicalJson({ stackId: inputs.stackId, backend: inputs.backend ?? null, landingZone: inputs.landingZone ?? null }));
    if (prefix === undefined || target === undefined || rest === undefined) return undefined;
    return sha256(`${prefix}target sha256 ${target}\n${rest}\nspec file sha256 ${inputs.specSha256}`);
  };
}

/** The key of one stack's inputs, or undefined when they cannot all be named (then it is always built). */
export function stackInputsKey(run: RunInputs, inputs: StackInputs): string | undefined {
  return stackInputsKeys(run)(inputs);
}

function attempt<T>(f: () => T): T | undefined {
  try {
    return f();
  } catch {
    return undefined;
  }
}

/**
 * JSON with sorted keys of a configuration value. Functions are left out (they are code, which the
 * build fingerprint covers); Maps, Sets and class instances keep their contents and their class
 * name. Throws on anything it cannot write faithfully (a cycle, a symbol-keyed object it cannot
 * see into), so the caller rebuilds.
 */
export function canonicalJson(value: unknown): string {
  const seen = new Set<object>();
  const write = (v: unknown): string => {
    if (v === null || v === undefined) return "null";
    switch (typeof v) {
      case "string":
      case "boolean":
        return JSON.stringify(v);
      case "number":
        return Number.isFinite(v) ? JSON.stringify(v) : JSON.stringify(String(v));
      case "bigint":
        return JSON.stringify(`${v}n`);
      case "function":
        return '"(code)"';
      case "symbol":
        throw new Error("a symbol has no canonical form");
    }
    const o = v as object;
    if (seen.has(o)) throw new Error("a cycle has no canonical form");
    seen.add(o);
    try {
      if (Array.isArray(o)) return `[${o.map(write).join(",")}]`;
      if (o instanceof Map) return `{"(Map)":[${[...o.entries()].map(([k, x]) => `[${write(k)},${write(x)}]`).join(",")}]}`;
      if (o instanceof Set) return `{"(Set)":[${[...o].map(write).join(",")}]}`;
      if (o instanceof Date) return JSON.stringify(o.toISOString());
      if (Buffer.isBuffer(o)) return JSON.stringify(`(bytes)${o.toString("base64")}`);
      if (Object.getOwnPropertySymbols(o).length) throw new Error("symbol-keyed properties have no canonical form");
      const proto = Object.getPrototypeOf(o);
      const cls = proto === Object.prototype || proto === null ? "" : `"(class)":${JSON.stringify(proto.constructor?.name ?? "?")},`;
      const keys = Object.keys(o)
        .filter((k) => typeof (o as Record<string, unknown>)[k] !== "function" && (o as Record<string, unknown>)[k] !== undefined)
        .sort();
      return `{${cls}${keys.map((k) => `${JSON.stringify(k)}:${write((o as Record<string, unknown>)[k])}`).join(",")}}`;
    } finally {
      seen.delete(o);
    }
  };
  return write(value);
}
