import type { FieldReader } from "../shared/validate";
import { type ComponentCommon, readCommon } from "./component";
import { SIZES, type Size } from "./kind-names";

export const POSTGRES_VERSIONS = ["15", "16", "17"] as const;

/** A PostgreSQL database: private, encrypted with the app key, backed up, protected from deletion. */
export interface PostgresDatabaseProps {
  /** @default "small" */
  readonly size?: Size;
  /** Major version. @default "16" */
  readonly version?: (typeof POSTGRES_VERSIONS)[number];
  /** Allocated storage in GiB. @default 20 (small), 100 (medium), 500 (large) */
  readonly storageGb?: number;
  /** Days of automated backups. @default 14 */
  readonly backupRetentionDays?: number;
  /** A standby in a second zone. @default false for small, true otherwise */
  readonly highAvailability?: boolean;
  /** Name of the database created inside. @default the component name with `-` as `_` */
  readonly databaseName?: string;
  /** Refuse `terraform destroy`. @default true */
  readonly deletionProtection?: boolean;
  /** Typed per-target settings. */
  readonly overrides?: { aws?: { instanceClass?: string }; sovereign?: { flavor?: string }; azure?: { skuName?: string }; gcp?: { tier?: string } };
}

export interface ResolvedPostgres extends ComponentCommon<"postgres"> {
  readonly size: Size;
  readonly version: string;
  readonly storageGb: number;
  readonly backupRetentionDays: number;
  readonly highAvailability: boolean;
  readonly databaseName: string;
  readonly deletionProtection: boolean;
}

const STORAGE_BY_SIZE: Record<Size, number> = { small: 20, medium: 100, large: 500 };

export function readPostgres(r: FieldReader, name: string): ResolvedPostgres {
  const common = readCommon(r, "postgres", name, {
    aws: { instanceClass: "string" },
    sovereign: { flavor: "string" },
    azure: { skuName: "string" },
    gcp: { tier: "string" },
  });
  const size = r.oneOf("size", SIZES, { default: "small" }) ?? "small";
  return {
    ...common,
    size,
    version: r.oneOf("version", POSTGRES_VERSIONS, { default: "16" }) ?? "16",
    storageGb: r.integer("storageGb", { min: 20, max: 16384, default: STORAGE_BY_SIZE[size] }) ?? STORAGE_BY_SIZE[size],
    backupRetentionDays: r.integer("backupRetentionDays", { min: 7, max: 35, default: 14 }) ?? 14,
    highAvailability: r.boolean("highAvailability", { default: size !== "small" })!,
    databaseName: readDatabaseName(r, name),
    deletionProtection: r.boolean("deletionProtection", { default: true })!,
  };
}

/** Databases every PostgreSQL server (or RDS) already has: creating one of these fails. */
const RESERVED_DATABASE_NAMES = ["template0", "template1", "rdsadmin"];

function readDatabaseName(r: FieldReader, component: string): string {
  const given = r.string("databaseName", { pattern: /^[a-z][a-z0-9_]{0,62}$/, patternText: "a lower-case identifier (letters, digits, _), at most 63 characters" });
  const databaseName = given ?? component.replace(/-/g, "_");
  // A bad given name is reported already; judge the fallback only when none was given.
  if ((given !== undefined || !r.has("databaseName")) && RESERVED_DATABASE_NAMES.includes(databaseName))
    r.fail("databaseName", `${JSON.stringify(databaseName)}${given ? "" : " (from the component name)"} is reserved by PostgreSQL: set databaseName to another name`);
  return databaseName;
}
