// Confidential machine types on Google Cloud (pure planning, no provider bindings): Confidential
// VMs with AMD SEV on N2D machines, and Confidential GKE Nodes on GKE Standard. Sources: Compute
// Engine "Confidential VM supported configurations" (N2D with SEV; on_host_maintenance MIGRATE
// only with min_cpu_platform AMD Milan, else TERMINATE), GKE "Encrypt workload data in-use with
// Confidential GKE Nodes" (cluster-level confidential_nodes, N2D node pools).
import type { ConfidentialProblem, ConfidentialSupport } from "../../core/confidential";
import type { Size } from "../../kinds/kind-names";
import { type UniverseProfile, universeName } from "./universes";

/** `small | medium | large` as N2D (AMD EPYC) machine types. */
export const GCP_CONFIDENTIAL_SIZES: Readonly<Record<Size, { readonly vmMachineType: string; readonly nodeMachineType: string }>> = {
  small: { vmMachineType: "n2d-standard-2", nodeMachineType: "n2d-standard-4" },
  medium: { vmMachineType: "n2d-standard-4", nodeMachineType: "n2d-standard-4" },
  large: { vmMachineType: "n2d-standard-8", nodeMachineType: "n2d-standard-8" },
};

/**
 * The confidential computing technology: AMD SEV, which N2D machines offer in every region that
 * has them (SEV-SNP only in some zones).
 */
export const GCP_CONFIDENTIAL_INSTANCE_TYPE = "SEV";

/** Whether the universe offers Confidential VMs Polder can use, or why not. */
export function gcpConfidentialSupport(u: UniverseProfile, region: string): ConfidentialSupport {
  if (u.machineFamilies !== "general")
    return {
      supported: false,
      reason: `${universeName(u)} offers C3 and M3 machine types only, and Polder's Confidential VMs need N2D (AMD SEV); whether C3 with Intel TDX is offered there is not known`,
    };
  return { supported: true, how: `Confidential VMs (AMD ${GCP_CONFIDENTIAL_INSTANCE_TYPE}) on N2D machines in ${region}; GKE Standard with Confidential GKE Nodes` };
}

/** The machine type of a confidential component: the size's, or the override when it is N2D. */
export function gcpConfidentialMachineType(size: Size, role: "vmMachineType" | "nodeMachineType", override: unknown): string | ConfidentialProblem {
  if (typeof override !== "string") return GCP_CONFIDENTIAL_SIZES[size][role];
  if (/^n2d-/.test(override)) return override;
  return { path: "overrides.gcp.machineType", message: `${JSON.stringify(override)} is not an N2D machine type, which Confidential VMs with AMD SEV need: e.g. ${GCP_CONFIDENTIAL_SIZES.medium.vmMachineType}` };
}

/** Confidential GKE Nodes need GKE Standard here: Polder's Autopilot clusters do not set them. */
export function gcpConfidentialStrategy(strategy: string): true | ConfidentialProblem {
  if (strategy !== "autopilot") return true;
  return { path: "strategy", message: "Polder's GKE Autopilot clusters do not turn on Confidential GKE Nodes, which a confidential placement needs: use strategy managed (GKE Standard)" };
}
