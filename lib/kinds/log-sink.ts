import { type FieldReader, show } from "../shared/validate";
import { type ComponentCommon, readCommon } from "./component";

/** Retention periods every target can honour exactly. */
export const LOG_RETENTION_DAYS = [30, 90, 180, 365, 731, 1096, 1827, 2557, 3653] as const;

/** Where the app's logs and audit trail go; encrypted with the app key and kept. */
export interface LogSinkProps {
  /**
   * Days to keep log records.
   * @default 365
   */
  readonly retentionDays?: (typeof LOG_RETENTION_DAYS)[number];
}

export interface ResolvedLogSink extends ComponentCommon<"log-sink"> {
  readonly retentionDays: number;
}

export function readLogSink(r: FieldReader, name: string): ResolvedLogSink {
  const common = readCommon(r, "log-sink", name, {});
  const v = r.value("retentionDays");
  let retentionDays = 365;
  if (v !== undefined && v !== null) {
    if (typeof v === "number" && (LOG_RETENTION_DAYS as readonly number[]).includes(v)) retentionDays = v;
    else r.fail("retentionDays", `${show(v)} is not allowed: one of ${LOG_RETENTION_DAYS.join(", ")}`);
  }
  return { ...common, retentionDays };
}
