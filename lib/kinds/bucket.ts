import type { FieldReader } from "../shared/validate";
import { type ComponentCommon, readCommon } from "./component";

/** Private object storage, encrypted with the app key, versioned, TLS only. */
export interface ObjectBucketProps {
  /**
   * Keep old versions of every object.
   * @default true
   */
  readonly versioning?: boolean;
  /**
   * Days after which non-current versions are removed; 0 keeps them forever.
   * @default 90
   */
  readonly noncurrentVersionDays?: number;
  /**
   * Refuse `terraform destroy` of the bucket.
   * @default true
   */
  readonly deletionProtection?: boolean;
}

export interface ResolvedBucket extends ComponentCommon<"bucket"> {
  readonly versioning: boolean;
  readonly noncurrentVersionDays: number;
  readonly deletionProtection: boolean;
}

export function readBucket(r: FieldReader, name: string): ResolvedBucket {
  const common = readCommon(r, "bucket", name, {});
  return {
    ...common,
    versioning: r.boolean("versioning", { default: true })!,
    noncurrentVersionDays: r.integer("noncurrentVersionDays", { min: 0, max: 3650, default: 90 }) ?? 90,
    deletionProtection: r.boolean("deletionProtection", { default: true })!,
  };
}
