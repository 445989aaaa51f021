// Pure planning code of the Azure target, tested without synthesizing.
import { describe, expect, test } from "vitest";
import { parseCidr } from "../lib/kinds/cidr";
import { planSubnets } from "../lib/kinds/network-plan";
import { azureRecordValues } from "../lib/targets/azure/dns-records";
import { globalName, keyVaultName, stableGuid, storageAccountName } from "../lib/targets/azure/naming";
import { kubernetesRanges, planAzureSubnets } from "../lib/targets/azure/network-plan";
import { postgresStorageMb } from "../lib/targets/azure/sizes";

const network = (cidr: string, zones = 2, allowedIngressCidrs: string[] = []) => ({ cidr, zones, subnets: planSubnets(parseCidr(cidr) as never, zones), allowedIngressCidrs });

describe("Azure names", () => {
  test("storage account names are 3-24 lower-case letters and digits, however long the app and component", () => {
    for (const [app, c] of [["a", "b"], ["logistics", "documents"], ["a-very-long-app-name", "an-even-longer-component-name"]])
      expect(storageAccountName("azure", app, c)).toMatch(/^[a-z0-9]{3,24}$/);
  });

  test("names that differ only in hyphens stay distinct", () => {
    expect(storageAccountName("azure", "app", "a-b")).not.toBe(storageAccountName("azure", "app", "ab"));
  });

  test("the same app on two Azure targets gets distinct global names", () => {
    expect(storageAccountName("azure", "app", "docs")).not.toBe(storageAccountName("azure-prod", "app", "docs"));
    expect(keyVaultName("azure", "app")).not.toBe(keyVaultName("azure-prod", "app"));
  });

  test("names are the same on every synth", () => {
    expect(storageAccountName("azure", "logistics", "documents")).toBe(storageAccountName("azure", "logistics", "documents"));
    expect(stableGuid(["x"])).toBe(stableGuid(["x"]));
  });

  test("Key Vault names are 3-24 letters, digits and hyphens starting with a letter", () => {
    expect(keyVaultName("azure", "a-very-long-app-name")).toMatch(/^[a-z][a-z0-9-]{2,23}$/);
  });

  test("global names stay within their limit", () => {
    expect(globalName("azure", "a".repeat(20), "b".repeat(60)).length).toBeLessThanOrEqual(63);
  });

  test("stable GUIDs are GUIDs", () => {
    expect(stableGuid(["azure", "app", "grant"])).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-8[0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});

describe("Azure subnet plan", () => {
  test("keeps the neutral plan and takes the data and endpoint subnets from the blocks it leaves free", () => {
    expect(planAzureSubnets(network("10.20.0.0/16"))).toEqual({
      workload: ["10.20.0.0/19", "10.20.32.0/19"],
      public: ["10.20.128.0/19", "10.20.160.0/19"],
      data: "10.20.96.0/19",
      endpoints: "10.20.224.0/20",
      apiServer: "10.20.240.0/20",
    });
  });

  test("adding a zone moves no subnet", () => {
    const two = planAzureSubnets(network("172.20.0.0/22", 2));
    const three = planAzureSubnets(network("172.20.0.0/22", 3));
    expect(three.workload.slice(0, 2)).toEqual(two.workload);
    expect([three.data, three.endpoints, three.apiServer]).toEqual([two.data, two.endpoints, two.apiServer]);
  });

  test("Kubernetes service ranges avoid the app network and admitted ranges", () => {
    expect(kubernetesRanges(network("10.20.0.0/16")).serviceCidr).toBe("172.30.0.0/16");
    expect(kubernetesRanges(network("172.30.0.0/16")).serviceCidr).toBe("10.254.0.0/16");
    expect(kubernetesRanges(network("10.20.0.0/16", 2, ["172.30.0.0/15"])).serviceCidr).toBe("10.254.0.0/16");
    expect(kubernetesRanges(network("10.20.0.0/16")).dnsServiceIp).toBe("172.30.0.10");
  });
});

describe("Azure DNS record values", () => {
  test("CAA: flags, tag and the value without zone-file quotes", () => {
    expect(azureRecordValues({ type: "CAA", values: ['0 issue "amazon.com"', "128 iodef mailto:sec@example.nl"] })).toEqual({
      type: "CAA",
      records: [
        { flags: 0, tag: "issue", value: "amazon.com" },
        { flags: 128, tag: "iodef", value: "mailto:sec@example.nl" },
      ],
    });
  });

  test("MX and SRV as structured fields", () => {
    expect(azureRecordValues({ type: "MX", values: ["10 mail.example.nl"] })).toEqual({ type: "MX", records: [{ preference: 10, exchange: "mail.example.nl" }] });
    expect(azureRecordValues({ type: "SRV", values: ["10 5 5060 sip.example.nl"] })).toEqual({ type: "SRV", records: [{ priority: 10, weight: 5, port: 5060, target: "sip.example.nl" }] });
  });

  test("a value Azure cannot take names its index and the expected form", () => {
    expect(azureRecordValues({ type: "CAA", values: ['0 issue "a.nl"', "issue letsencrypt.org"] })).toEqual({ index: 1, message: expect.stringContaining("<flags> <issue|issuewild|iodef> <value>") });
    expect(azureRecordValues({ type: "MX", values: ["99999 mail.example.nl"] })).toMatchObject({ index: 0 });
  });
});

describe("PostgreSQL storage sizes", () => {
  test("round up to the next size the service offers", () => {
    expect(postgresStorageMb(20)).toBe(32768);
    expect(postgresStorageMb(100)).toBe(131072);
    expect(postgresStorageMb(128)).toBe(131072);
  });
});
