// Confidential machine types on Azure: DCasv5 confidential VMs (AMD SEV-SNP) for VM groups and AKS nodes.
import { describe, expect, test } from "vitest";
import { parseAppSpec } from "../lib/app/spec";
import { AZURE_CONFIDENTIAL_SIZES, azureConfidentialImage, azureConfidentialSupport, azureConfidentialVmSize } from "../lib/targets/azure/confidential";
import { targets } from "../lib/targets";
import { dataAccessProblems, flowProblems, keyUseProblems } from "./deployability/checks";
import { azureAdapter } from "./deployability/targets/azure";
import { MACHINES, synthConfidential } from "./support/confidential";
import { onlyResource, specWith, synthApp } from "./support/synth";

const azure = targets.azure({ location: "westeurope" });
const spec = specWith(MACHINES);

describe("planning", () => {
  test("every size maps to a DCasv5 size; overrides must be confidential sizes", () => {
    for (const s of Object.values(AZURE_CONFIDENTIAL_SIZES)) for (const v of [s.vmSize, s.nodeVmSize]) expect(v).toMatch(/^Standard_DC\d+as_v5$/);
    expect(azureConfidentialVmSize("small", "vmSize", "Standard_EC4ads_v5")).toBe("Standard_EC4ads_v5");
    expect(azureConfidentialVmSize("small", "vmSize", "Standard_D4s_v5")).toMatchObject({ path: "overrides.azure.vmSize", message: expect.stringContaining("not a confidential VM size") });
  });

  test("Ubuntu 24.04 has Canonical's confidential VM image, Debian 12 none", () => {
    expect(azureConfidentialImage("ubuntu-24.04")).toEqual({ publisher: "Canonical", offer: "ubuntu-24_04-lts", sku: "cvm" });
    expect(azureConfidentialImage("debian-12")).toMatchObject({ path: "image" });
  });

  test("clouds other than the public one are refused with the reason", () => {
    expect(azureConfidentialSupport(azure).supported).toBe(true);
    expect(azureConfidentialSupport({ environment: "china", location: "chinanorth3" })).toMatchObject({ supported: false, reason: expect.stringContaining("china cloud") });
  });
});

describe("a confidential vm-group and kubernetes", () => {
  const json = synthConfidential(spec, azure);
  const vmss = onlyResource(json, "azurerm_linux_virtual_machine_scale_set");
  const aks = onlyResource(json, "azurerm_kubernetes_cluster");

  test("the scale set is a confidential VM: DCasv5 size, secure boot, vTPM, guest state encrypted", () => {
    expect(vmss).toMatchObject({ sku: "Standard_DC4as_v5", secure_boot_enabled: true, vtpm_enabled: true });
    expect(vmss.os_disk.security_encryption_type).toBe("VMGuestStateOnly");
  });

  test("its OS disk stays encrypted with the app key, and at host", () => {
    expect(vmss.os_disk.disk_encryption_set_id).toMatch(/azurerm_disk_encryption_set\./);
    expect(vmss.encryption_at_host_enabled).toBe(true);
  });

  test("it boots Canonical's confidential VM image", () => {
    expect(vmss.source_image_reference).toEqual({ publisher: "Canonical", offer: "ubuntu-24_04-lts", sku: "cvm", version: "latest" });
  });

  test("AKS nodes are DCasv5 confidential VMs on Ubuntu", () => {
    expect(aks.default_node_pool).toMatchObject({ vm_size: "Standard_DC4as_v5", os_sku: "Ubuntu" });
  });

  test("key use and flows stay deployable", () => {
    const s = { label: "confidential", spec: parseAppSpec(spec), target: azure, json };
    expect(keyUseProblems(azureAdapter, s)).toEqual([]);
    expect(flowProblems(azureAdapter, s, [])).toEqual([]);
    expect(dataAccessProblems(azureAdapter, s)).toEqual([]);
  });
});

describe("refusals", () => {
  test("a debian-12 VM group is refused with its field path", () => {
    expect(() => synthConfidential(specWith({ web: { kind: "vm-group", image: "debian-12" } }), azure)).toThrow(/components\.web\.image: "debian-12" has no confidential VM image/);
  });

  test("a general-purpose size override is refused with its field path", () => {
    expect(() => synthConfidential(specWith({ apps: { kind: "kubernetes", overrides: { azure: { vmSize: "Standard_D8ds_v5" } } } }), azure)).toThrow(/components\.apps\.overrides\.azure\.vmSize: "Standard_D8ds_v5" is not a confidential VM size/);
  });
});

test("without a confidential placement the JSON is what it was", () => {
  const plain = synthApp(spec, azure).json;
  expect(onlyResource(plain, "azurerm_linux_virtual_machine_scale_set").os_disk.security_encryption_type).toBeUndefined();
  expect(onlyResource(plain, "azurerm_kubernetes_cluster").default_node_pool).toMatchObject({ vm_size: "Standard_D4ds_v5", os_sku: "AzureLinux" });
  expect(synthConfidential(spec, azure, false)).toEqual(plain);
});
