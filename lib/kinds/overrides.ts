import type { FieldReader } from "../shared/validate";
import { show } from "../shared/validate";
import type { TargetId } from "../shared/names";

type OverrideType = "string" | "string-list" | "integer";
/** Per target, the override fields a kind accepts and their types. */
export type OverrideSchema = Partial<Record<TargetId, Record<string, OverrideType>>>;

const TARGET_IDS: readonly TargetId[] = ["sovereign", "aws", "azure", "gcp"];

/**
 * Reads `overrides` of a component: typed per target, unknown targets or fields are errors.
 * Overrides pin an app to a provider's vocabulary, so they stay few and explicit.
 */
export function readOverrides(r: FieldReader, schema: OverrideSchema): Record<string, Record<string, unknown>> {
  const o = r.object("overrides");
  const result: Record<string, Record<string, unknown>> = {};
  if (!o) return result;
  for (const target of TARGET_IDS) {
    const fields = schema[target];
    if (!fields) continue;
    const t = o.object(target);
    if (!t) continue;
    const out: Record<string, unknown> = {};
    for (const [field, type] of Object.entries(fields)) {
      if (type === "string") out[field] = t.string(field, { minLength: 1, maxLength: 128 });
      else if (type === "integer") out[field] = t.integer(field, { min: 1, max: 100000 });
      else {
        const list = t.list(field, { max: 10 });
        if (list) {
          const bad = list.find((x) => typeof x !== "string" || x.length === 0 || x.length > 128);
          if (bad !== undefined) t.fail(field, `every entry must be a non-empty string, got ${show(bad)}`);
          else out[field] = list;
        }
      }
      if (out[field] === undefined) delete out[field];
    }
    t.rejectUnknown();
    result[target] = out;
  }
  o.rejectUnknown();
  return result;
}
