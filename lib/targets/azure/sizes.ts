import type { Size } from "../../kinds/kind-names";

/** How `small | medium | large` map to Azure SKUs (v5 generation, Intel, premium SSD capable). */
export const AZURE_SIZES: Readonly<Record<Size, { postgresSku: string; nodeVmSize: string; nodes: { min: number; max: number }; vmSize: string}>> = {
  small: { postgresSku: "GP_Standard_D2ds_v5", nodeVmSize: "Standard_D4ds_v5", nodes: { min: 2, max: 4 }, vmSize: "Standard_D2s_v5" },
  medium: { postgresSku: "GP_Standard_D4ds_v5", nodeVmSize: "Standard_D8ds_v5", nodes: { min: 3, max: 6 }, vmSize: "Standard_D4s_v5" },
  large: { postgresSku: "GP_Standard_D8ds_v5", nodeVmSize: "Standard_D16ds_v5", nodes: { min: 3, max: 12 }, vmSize: "Standard_D8s_v5" },
};

/** Marketplace images (Gen2) for the neutral image names. */
export const AZURE_IMAGES: Readonly<Record<string, { publisher: string; offer: string; sku: string }>> = {
  "ubuntu-24.04": { publisher: "Canonical", offer: "ubuntu-24_04-lts", sku: "server" },
  "debian-12": { publisher: "Debian", offer: "debian-12", sku: "12-gen2" },
};

/** Storage sizes PostgreSQL flexible server offers, in MiB. */
export const POSTGRES_STORAGE_MB = [32768, 65536, 131072, 262144, 524288, 1048576, 2097152, 4193280, 4194304, 8388608, 16777216, 33553408] as const;

/** The smallest offered storage size that holds `gb` GiB. */
export function postgresStorageMb(gb: number): number {
  const mb = gb * 1024;
  const found = POSTGRES_STORAGE_MB.find((s) => s >= mb);
  if (found === undefined) throw new RangeError(`${gb} GiB is more than PostgreSQL flexible server offers (32 TiB)`);
  return found;
}
