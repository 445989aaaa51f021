// The inputs of one stack: everything its synthesized files depend on, hashed into one key. Two
// synths of a stack with the same key write the same bytes, so an incremental synth keeps the
// previous files of a stack whose key has not changed (lib/cli/incremental.ts).
import { createHash } from "node:crypto";
import type { ResolvedAppSpec } from "../app/spec";
import type { StateBackend } from "../core/state-backend";
import type { Target } from "../core/target";

/**
 * Version of the key recipe: raise it whenever what goes into a key changes, so keys written by
 * an older recipe never match.
 */
export const STACK_INPUTS_RECIPE = 1;

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
  /** The spec file's bytes, as read for this run. */
  readonly specBytes: Buffer;
  /** The spec as validated (defaults resolved). */
  readonly spec: ResolvedAppSpec;
  readonly target: Target;
  readonly backend: StateBackend | undefined;
  /**
   * The landing zone the app references. None yet: apps do not reference landing zones in the
   * synth command. When they do, pass the zone's own inputs here (its spec and target), and give a
   * landing-zone stack the keys of the apps that reference it, since their cross-stack references
   * add outputs to it.
   */
  readonly landingZone?: unknown;
}

/**
 * The key of one stack's inputs, or undefined when they cannot all be named (unknown build, a
 * value canonicalJson refuses): such a stack is always built.
 */
export function stackInputsKey(run: RunInputs, inputs: StackInputs): string | undefined {
  if (run.fingerprint === undefined) return undefined;
  try {
    const hash = createHash("sha256");
    hash.update(`polder stack inputs ${STACK_INPUTS_RECIPE}\n`);
    hash.update(canonicalJson({ build: run.fingerprint, cdktfEnv: run.cdktfEnv, stackId: inputs.stackId, target: inputs.target, backend: inputs.backend ?? null, landingZone: inputs.landingZone ?? null, spec: inputs.spec }));
    hash.update("\nspec file\n");
    hash.update(inputs.specBytes);
    return hash.digest("hex");
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
