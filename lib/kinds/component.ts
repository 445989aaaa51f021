import type { TargetId } from "../shared/names";
import type { FieldReader } from "../shared/validate";
import type { ComponentKind } from "./kind-names";
import { type OverrideSchema, readOverrides } from "./overrides";

/** Fields every component has, whatever its kind. */
export interface ComponentCommon<K extends ComponentKind> {
  readonly kind: K;
  /** Component name: also its construct id, so renaming it replaces the resources. */
  readonly name: string;
  /** Pins a strategy (e.g. `vm`) instead of the best the target offers. */
  readonly strategy?: string;
  /** Typed per-target settings; they tie the app to that target's vocabulary. */
  readonly overrides: Partial<Record<TargetId, Record<string, unknown>>>;
}

export function readCommon<K extends ComponentKind>(r: FieldReader, kind: K, name: string, overrides: OverrideSchema): ComponentCommon<K> {
  r.value("kind");
  const strategy = r.string("strategy", { pattern: /^[a-z][a-z0-9-]{0,30}$/, patternText: "a strategy name such as managed or vm" });
  return { kind, name, strategy, overrides: readOverrides(r, overrides) };
}

/** DNS names: lower-case labels separated by dots, no trailing dot. */
export const DOMAIN_PATTERN = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
export const DOMAIN_TEXT = "a lower-case DNS name such as api.example.nl (no trailing dot)";
