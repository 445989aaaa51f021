// Confidential machine types on Azure (pure planning, no provider bindings): confidential VMs of
// the DCasv5/ECasv5 series (AMD SEV-SNP). Sources: Azure "DCasv5 and ECasv5 series", "Use
// Confidential Virtual Machines (CVM) in AKS" (Ubuntu node images; no Trusted Launch or ARM64),
// azurerm 4.55 linux_virtual_machine_scale_set (os_disk.security_encryption_type needs vtpm_enabled).
import type { ConfidentialProblem, ConfidentialSupport } from "../../core/confidential";
import type { Size } from "../../kinds/kind-names";
import type { AzureTarget } from "./target";

/** `small | medium | large` as confidential VM sizes (AMD SEV-SNP, no local temp disk). */
export const AZURE_CONFIDENTIAL_SIZES: Readonly<Record<Size, { readonly vmSize: string; readonly nodeVmSize: string }>> = {
  small: { vmSize: "Standard_DC2as_v5", nodeVmSize: "Standard_DC4as_v5" },
  medium: { vmSize: "Standard_DC4as_v5", nodeVmSize: "Standard_DC8as_v5" },
  large: { vmSize: "Standard_DC8as_v5", nodeVmSize: "Standard_DC16as_v5" },
};

/** VM sizes of the confidential series: DCasv5, DCadsv5, ECasv5, ECadsv5. */
const CONFIDENTIAL_SIZE = /^Standard_[DE]C\d+ad?s_v5$/;

/** Canonical's confidential VM image of Ubuntu 24.04 (`Canonical:ubuntu-24_04-lts:cvm`). */
export const AZURE_CONFIDENTIAL_IMAGES: Readonly<Record<string, { publisher: string; offer: string; sku: string }>> = {
  "ubuntu-24.04": { publisher: "Canonical", offer: "ubuntu-24_04-lts", sku: "cvm" },
};

/**
 * How the OS disk of a confidential VM is protected: the VM guest state (vTPM) encrypted with the
 * confidential VM's key. `DiskWithVMGuestState` would encrypt the whole disk that way too, but
 * needs a confidential disk encryption set and rules out encryption at host; the disk stays
 * encrypted with the app key through the app's disk encryption set.
 */
export const AZURE_CONFIDENTIAL_OS_DISK_ENCRYPTION = "VMGuestStateOnly";

/** Node image of confidential AKS node pools: Ubuntu (Azure Linux CVM pools are in preview). */
export const AZURE_CONFIDENTIAL_NODE_OS_SKU = "Ubuntu";

/** Whether the target's cloud offers confidential VMs, or why not. */
export function azureConfidentialSupport(target: Pick<AzureTarget, "environment" | "location">): ConfidentialSupport {
  if (target.environment !== "public")
    return { supported: false, reason: `Polder does not know whether the ${target.environment} cloud offers DCasv5 confidential VMs: use the public cloud` };
  return { supported: true, how: `DCasv5 confidential VMs (AMD SEV-SNP) in ${target.location}, if the location offers the series (az vm list-skus --location ${target.location} --size Standard_DC)` };
}

/** The VM size of a confidential component: the size's, or the override when it is a confidential size. */
export function azureConfidentialVmSize(size: Size, role: "vmSize" | "nodeVmSize", override: unknown): string | ConfidentialProblem {
  if (typeof override !== "string") return AZURE_CONFIDENTIAL_SIZES[size][role];
  if (CONFIDENTIAL_SIZE.test(override)) return override;
  return { path: "overrides.azure.vmSize", message: `${JSON.stringify(override)} is not a confidential VM size, which a confidential placement needs: a DCasv5 or ECasv5 size such as ${AZURE_CONFIDENTIAL_SIZES.small.vmSize}` };
}

/** The confidential VM image for a neutral image name, or why there is none. */
export function azureConfidentialImage(image: string): { publisher: string; offer: string; sku: string } | ConfidentialProblem {
  return (
    AZURE_CONFIDENTIAL_IMAGES[image] ?? {
      path: "image",
      message: `${JSON.stringify(image)} has no confidential VM image on Azure, which a confidential placement needs: use ${Object.keys(AZURE_CONFIDENTIAL_IMAGES).join(", ")}`,
    }
  );
}
