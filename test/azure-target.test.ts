import { describe, expect, test } from "vitest";
import { SpecValidationError } from "../lib/core/errors";
import { targets } from "../lib/targets";
import { synthApp } from "./support/synth";

const spec = { name: "demo", owner: "team-demo", classification: "intern" };
const westeurope = () => targets.azure({ location: "westeurope" });

describe("targets.azure", () => {
  test("defaults: key custody in Key Vault, public cloud, name azure", () => {
    const t = westeurope();
    expect({ id: t.id, name: t.name, region: t.region, keyCustody: t.keyCustody, environment: t.environment }).toEqual({
      id: "azure",
      name: "azure",
      region: "westeurope",
      keyCustody: "key-vault",
      environment: "public",
    });
  });

  test("EU locations are EU-resident; UK, Switzerland and Norway are not", () => {
    for (const l of ["westeurope", "northeurope", "germanywestcentral", "francecentral", "swedencentral", "italynorth", "polandcentral", "spaincentral"])
      expect(targets.azure({ location: l }).sovereignty.euResident, l).toBe(true);
    for (const l of ["uksouth", "switzerlandnorth", "norwayeast", "eastus"]) expect(targets.azure({ location: l }).sovereignty.euResident, l).toBe(false);
  });

  test("both key custodies are HSM custody in the sovereignty profile", () => {
    expect(westeurope().sovereignty.keyCustody).toContain("hsm");
    const mhsm = targets.azure({ location: "westeurope", keyCustody: "managed-hsm", managedHsmId: "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/kms/providers/Microsoft.KeyVault/managedHSMs/polder-hsm" });
    expect(mhsm.sovereignty.keyCustody).toContain("hsm");
  });

  test("a partner cloud reached through its metadata host is EU-operated", () => {
    const t = targets.azure({ location: "westeurope", metadataHost: "management.sovereign.example.eu" });
    expect(t.sovereignty).toMatchObject({ operatorJurisdiction: "EU", partition: "management.sovereign.example.eu" });
    expect(westeurope().sovereignty.operatorJurisdiction).toBe("US");
  });

  test("refuses a malformed location, naming the field and the value", () => {
    expect(() => targets.azure({ location: "West Europe" })).toThrow(/location: "West Europe" is not an Azure location name/);
  });

  test("managed-hsm needs managedHsmId", () => {
    expect(() => targets.azure({ location: "westeurope", keyCustody: "managed-hsm" })).toThrow(/managedHsmId: is required with keyCustody "managed-hsm"/);
  });

  test("refuses an unknown key custody, listing what is allowed", () => {
    expect(() => targets.azure({ location: "westeurope", keyCustody: "byok" as never })).toThrow(/keyCustody: "byok" is not allowed: one of key-vault, managed-hsm/);
  });

  test("refuses a subscription id that is not a GUID", () => {
    expect(() => targets.azure({ location: "westeurope", subscriptionId: "my-sub" })).toThrow(SpecValidationError);
  });

  test("refuses a bad name", () => {
    expect(() => targets.azure({ location: "westeurope", name: "Azure Prod" })).toThrow(/name: "Azure Prod" is not allowed/);
  });

  test("reports every problem at once", () => {
    try {
      targets.azure({ location: "x", environment: "mars" as never, name: "!" });
      expect.unreachable();
    } catch (e) {
      expect((e as SpecValidationError).issues.map((i) => i.path)).toEqual(["location", "environment", "name"]);
    }
  });
});

describe("Azure stack", () => {
  test("the provider block has features, Entra ID storage access, and no credential or subscription unless given", () => {
    const { json } = synthApp(spec, westeurope());
    const p = json.provider!.azurerm[0];
    expect(p.storage_use_azuread).toBe(true);
    expect(p.features).toHaveLength(1);
    // Storage accounts are private: the provider keeps to the management plane.
    expect(p.features[0].storage).toEqual([{ data_plane_available: false }]);
    expect(p.subscription_id).toBeUndefined();
    expect(Object.keys(p).filter((k) => /secret|password|certificate|token|client_id/.test(k))).toEqual([]);
  });

  test("the subscription goes into the provider block when given", () => {
    const { json } = synthApp(spec, targets.azure({ location: "westeurope", subscriptionId: "11111111-2222-3333-4444-555555555555" }));
    expect(json.provider!.azurerm[0].subscription_id).toBe("11111111-2222-3333-4444-555555555555");
  });

  test("a partner cloud's metadata host replaces the environment", () => {
    const { json } = synthApp(spec, targets.azure({ location: "westeurope", metadataHost: "management.sovereign.example.eu" }));
    expect(json.provider!.azurerm[0]).toMatchObject({ metadata_host: "management.sovereign.example.eu" });
    expect(json.provider!.azurerm[0].environment).toBeUndefined();
  });

  test("uses local state unless a backend is given", () => {
    const { json } = synthApp(spec, westeurope());
    expect(json.terraform!.backend).toEqual({ local: { path: "terraform.demo-azure.tfstate" } });
  });

  test("an azurerm backend uses Entra ID and a key per stack", () => {
    const { json } = synthApp(spec, westeurope(), { backend: { type: "azurerm", storageAccountName: "polderstate" } });
    expect(json.terraform!.backend.azurerm).toEqual({ storage_account_name: "polderstate", container_name: "tfstate", key: "demo-azure/terraform.tfstate", use_azuread_auth: true });
  });

  test("an s3 backend on Azure is an error naming the field", () => {
    expect(() => synthApp(spec, westeurope(), { backend: { type: "s3", bucket: "b" } })).toThrow(/backend.type: "s3" state is not offered on azure/);
  });

  test("stack ids are <app>-<target name>", () => {
    expect(synthApp(spec, targets.azure({ location: "westeurope", name: "azure-prod" })).stack.node.id).toBe("demo-azure-prod");
  });

  test("every resource that takes tags carries the app's tags", () => {
    const { json } = synthApp(spec, westeurope());
    const group = Object.values(json.resource!.azurerm_resource_group)[0];
    expect(group.tags).toEqual({ "polder-app": "demo", "polder-owner": "team-demo", "polder-classification": "intern", "polder-managed-by": "polder" });
  });
});
