import type { Size } from "../../kinds/kind-names";
import type { UniverseProfile } from "./universes";

interface GcpSize {
  /** Cloud SQL tier, for the universe's Cloud SQL edition. */
  readonly sqlTier: string;
  readonly vmMachineType: string;
  readonly nodeMachineType: string;
  /** Node pool size over the whole region (GKE Standard). */
  readonly nodes: { readonly min: number; readonly max: number };
}

/** `small | medium | large` on the public universe: E2/N2 machines, Cloud SQL Enterprise custom tiers. */
const GENERAL: Readonly<Record<Size, GcpSize>> = {
  small: { sqlTier: "db-custom-2-7680", vmMachineType: "e2-standard-2", nodeMachineType: "e2-standard-4", nodes: { min: 2, max: 4 } },
  medium: { sqlTier: "db-custom-4-15360", vmMachineType: "n2-standard-4", nodeMachineType: "n2-standard-4", nodes: { min: 3, max: 6 } },
  large: { sqlTier: "db-custom-8-30720", vmMachineType: "n2-standard-8", nodeMachineType: "n2-standard-8", nodes: { min: 3, max: 12 } },
};

/** Universes with C3 machines only and Cloud SQL Enterprise Plus on C3 (db-perf-optimized-C-*). */
const C3_ONLY: Readonly<Record<Size, GcpSize>> = {
  small: { sqlTier: "db-perf-optimized-C-4", vmMachineType: "c3-standard-4", nodeMachineType: "c3-standard-4", nodes: { min: 2, max: 4 } },
  medium: { sqlTier: "db-perf-optimized-C-8", vmMachineType: "c3-standard-8", nodeMachineType: "c3-standard-8", nodes: { min: 3, max: 6 } },
  large: { sqlTier: "db-perf-optimized-C-22", vmMachineType: "c3-standard-22", nodeMachineType: "c3-standard-22", nodes: { min: 3, max: 12 } },
};

export function gcpSize(u: UniverseProfile, size: Size): GcpSize {
  return (u.machineFamilies === "c3" ? C3_ONLY : GENERAL)[size];
}

/** Machine types a universe offers: every family publicly, C3 and M3 where only those exist. */
export function offersMachineType(u: UniverseProfile, machineType: string): boolean {
  return u.machineFamilies === "general" || /^(c3|m3)-/.test(machineType);
}

/** Public image families per neutral image name (project, family). */
export const GCP_IMAGES: Readonly<Record<string, { project: string; family: string }>> = {
  "ubuntu-24.04": { project: "ubuntu-os-cloud", family: "ubuntu-2404-lts-amd64" },
  "debian-12": { project: "debian-cloud", family: "debian-12" },
};
