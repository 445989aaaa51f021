import { describe, expect, test } from "vitest";
import { SpecValidationError } from "../lib/core/errors";
import { parseCidr } from "../lib/kinds/cidr";
import { planSubnets } from "../lib/kinds/network-plan";
import { evaluatePlacement } from "../lib/policy/placement";
import { targets } from "../lib/targets";
import { gcpAddressPlan } from "../lib/targets/gcp/address-plan";
import { gcpLabels, labelKey, labelValue } from "../lib/targets/gcp/labels";
import { cloudDnsName, cloudDnsValues } from "../lib/targets/gcp/records";

const gcp = (props: Partial<Parameters<typeof targets.gcp>[0]> = {}) => targets.gcp({ project: "polder-demo", region: "europe-west4", ...props });
const s3ns = (props: Partial<Parameters<typeof targets.gcp>[0]> = {}) => gcp({ region: "u-france-east1", universeDomain: "s3nsapis.fr", name: "s3ns", ...props });

function issuesOf(make: () => unknown): { path: string; message: string }[] {
  try {
    make();
  } catch (e) {
    if (e instanceof SpecValidationError) return [...e.issues];
    throw e;
  }
  throw new Error("expected a SpecValidationError");
}

describe("targets.gcp()", () => {
  test("egress: the named destinations plus the Private Google Access range", () => {
    expect(gcp({ egress: { proxy: "http://proxy.example.nl:3128/", cidrs: ["10.255.1.0/24"] } }).egress).toEqual({ proxy: "http://proxy.example.nl:3128", cidrs: ["10.255.1.0/24", "199.36.153.8/30"] });
  });

  test("egress: a bad range or a missing proxy is an error naming the field", () => {
    expect(issuesOf(() => gcp({ egress: { proxy: "proxy", cidrs: ["0.0.0.0/0"] } })).map((i) => i.path)).toEqual(["egress.proxy", "egress.cidrs[0]"]);
  });

  test("the admin range is IAP's where the universe has OS Login, none elsewhere", () => {
    expect(gcp().adminCidrs).toEqual(["35.235.240.0/20"]);
    expect(s3ns().adminCidrs).toEqual([]);
  });

  test("the public universe: project and region as given, name gcp, HSM keys by default", () => {
    const t = gcp();
    expect(t).toMatchObject({ id: "gcp", name: "gcp", project: "polder-demo", region: "europe-west4", keyCustody: "hsm", protectionLevel: "HSM", universeDomain: undefined });
  });

  test("a universe gets its project prefix and its own name", () => {
    const t = s3ns();
    expect(t).toMatchObject({ name: "s3ns", project: "s3ns:polder-demo", universeDomain: "s3nsapis.fr", description: "gcp (s3nsapis.fr/u-france-east1)" });
    expect(s3ns({ project: "s3ns:polder-demo" }).project).toBe("s3ns:polder-demo");
  });

  test("an unknown universe domain is an error listing the known ones", () => {
    expect(issuesOf(() => gcp({ universeDomain: "example.org" }))).toEqual([expect.objectContaining({ path: "universeDomain", message: expect.stringMatching(/"example.org" is not a universe.*s3nsapis.fr/) })]);
  });

  test("a public region in a universe, and a universe region without one, are errors", () => {
    expect(issuesOf(() => s3ns({ region: "europe-west9" }))[0]).toMatchObject({ path: "region", message: expect.stringMatching(/not a region of universe s3nsapis.fr.*u-france-east1/) });
    expect(issuesOf(() => gcp({ region: "u-france-east1" }))[0]).toMatchObject({ path: "region", message: expect.stringMatching(/set universeDomain/) });
  });

  test("a project prefix of another universe is an error", () => {
    expect(issuesOf(() => s3ns({ project: "eu0:polder-demo" }))[0]).toMatchObject({ path: "project", message: expect.stringMatching(/start with 's3ns:'/) });
  });

  test("bad project, region, custody and name are reported together", () => {
    const issues = issuesOf(() => targets.gcp({ project: "X", region: "eu west", keyCustody: "vault" as never, name: "Bad Name" }));
    expect(issues.map((i) => i.path).sort()).toEqual(["keyCustody", "name", "project", "region"]);
  });

  test("unknown props are errors", () => {
    expect(issuesOf(() => gcp({ zone: "a" } as never))[0]).toMatchObject({ path: "zone", message: expect.stringMatching(/unknown field/) });
  });

  test("Cloud HSM where the universe has none is an error naming the universe; there the default is software", () => {
    expect(issuesOf(() => s3ns({ keyCustody: "hsm" }))[0]).toMatchObject({ path: "keyCustody", message: expect.stringMatching(/not offered in universe s3nsapis.fr \(Cloud de Confiance by S3NS\)/) });
    expect(s3ns()).toMatchObject({ keyCustody: "software", protectionLevel: "SOFTWARE" });
  });

  test("external key custody needs the key's URI, and only it takes one", () => {
    expect(issuesOf(() => gcp({ keyCustody: "external" }))[0]).toMatchObject({ path: "externalKeyUri" });
    expect(issuesOf(() => gcp({ externalKeyUri: "https://ekm.example.nl/v0/keys/app" }))[0]).toMatchObject({ path: "externalKeyUri" });
    expect(gcp({ keyCustody: "external", externalKeyUri: "https://ekm.example.nl/v0/keys/app" }).protectionLevel).toBe("EXTERNAL");
  });
});

describe("sovereignty profile", () => {
  test("public Google Cloud: US operator, EU resident in an EU region", () => {
    expect(gcp().sovereignty).toMatchObject({ operatorJurisdiction: "US", publicCloud: true, euResident: true, keyCustody: ["provider-managed", "customer-managed", "hsm"] });
  });

  test("London and Zurich are not EU resident", () => {
    expect(gcp({ region: "europe-west2" }).sovereignty.euResident).toBe(false);
    expect(gcp({ region: "europe-west6" }).sovereignty.euResident).toBe(false);
  });

  test("S3NS: operated under French jurisdiction, EU resident, the universe as partition", () => {
    expect(s3ns().sovereignty).toMatchObject({ operatorJurisdiction: "FR", euResident: true, partition: "s3nsapis.fr", keyCustody: ["provider-managed", "customer-managed"] });
  });

  test("key custody in the profile follows the target's choice", () => {
    expect(gcp({ keyCustody: "software" }).sovereignty.keyCustody).not.toContain("hsm");
    expect(s3ns({ keyCustody: "external", externalKeyUri: "https://ekm.example.fr/k" }).sovereignty.keyCustody).toContain("external");
  });
});

describe("capabilities", () => {
  test("public Google Cloud offers GKE Standard first and Secret Manager", () => {
    const t = gcp();
    expect(t.capabilities.kubernetes).toEqual(["managed", "autopilot"]);
    expect(t.capabilities.secret).toEqual(["managed", "storage"]);
  });

  test("S3NS offers Autopilot only and no Secret Manager", () => {
    const t = s3ns();
    expect(t.capabilities.kubernetes).toEqual(["autopilot"]);
    expect(t.capabilities.secret).toEqual(["storage"]);
  });
});

describe("placement on Google Cloud", () => {
  const dv = { classification: "departementaal-vertrouwelijk" as const };
  test("intern is allowed", () => expect(evaluatePlacement({ classification: "intern" }, gcp()).allowed).toBe(true));
  test("departementaal-vertrouwelijk is refused without a decision", () => expect(evaluatePlacement(dv, gcp())).toMatchObject({ allowed: false, rule: "dv-decision" }));
  test("departementaal-vertrouwelijk with a decision is allowed with HSM keys", () => expect(evaluatePlacement({ ...dv, decision: "BZK 1" }, gcp()).allowed).toBe(true));
  test("departementaal-vertrouwelijk with a decision is allowed with external keys", () =>
    expect(evaluatePlacement({ ...dv, decision: "BZK 1" }, s3ns({ keyCustody: "external", externalKeyUri: "https://ekm.example.fr/k" })).allowed).toBe(true));
  test("departementaal-vertrouwelijk with a decision is refused with software keys", () =>
    expect(evaluatePlacement({ ...dv, decision: "BZK 1" }, gcp({ keyCustody: "software" }))).toMatchObject({ allowed: false, rule: "dv-hsm-keys" }));
  test("stg-confidentieel and above are refused", () => {
    for (const classification of ["stg-confidentieel", "stg-geheim", "stg-zeer-geheim"] as const)
      expect(evaluatePlacement({ classification, decision: "x" }, s3ns())).toMatchObject({ allowed: false, rule: "stg-sovereign-only" });
  });
  test("a region outside the EU is refused", () => expect(evaluatePlacement({ classification: "openbaar" }, gcp({ region: "europe-west2" }))).toMatchObject({ allowed: false, rule: "eu-residency" }));
});

describe("labels", () => {
  test("values follow Google's rules: lower case, letters digits _ -, at most 63", () => {
    expect(labelValue("Team Logistiek/Ops")).toBe("team-logistiek-ops");
    expect(labelValue("Ĳsselmeer-Ü")).toBe("ijsselmeer-u");
    expect(labelValue("a".repeat(80))).toHaveLength(63);
    expect(labelValue("")).toBe("");
  });

  test("keys start with a lower-case letter", () => {
    expect(labelKey("1abc")).toBe("x1abc");
    expect(labelKey("Polder-App")).toBe("polder-app");
  });

  test("Polder's tags become polder-* labels", () => {
    expect(gcpLabels({ app: "logistics", owner: "Team_Logistiek", classification: "departementaal-vertrouwelijk" })).toEqual({
      "polder-app": "logistics",
      "polder-owner": "team_logistiek",
      "polder-classification": "departementaal-vertrouwelijk",
    });
  });
});

describe("address plan", () => {
  test("the workload subnet is the plan's first private block; GKE's control plane the first /28 of block 7", () => {
    const plan = gcpAddressPlan("10.20.0.0/16", planSubnets(parseCidr("10.20.0.0/16") as never, 2));
    expect(plan).toMatchObject({ workloads: "10.20.0.0/19", controlPlane: "10.20.224.0/28", pods: "100.64.0.0/14" });
  });

  test("a /24 network still has room for the control plane", () => {
    expect(gcpAddressPlan("192.168.1.0/24", planSubnets(parseCidr("192.168.1.0/24") as never, 1)).controlPlane).toBe("192.168.1.224/28");
  });
});

describe("Cloud DNS record rendering", () => {
  test("names are absolute", () => {
    expect(cloudDnsName("@", "example.nl")).toBe("example.nl.");
    expect(cloudDnsName("www", "example.nl")).toBe("www.example.nl.");
  });

  test("TXT values are quoted once, inner quotes escaped", () => {
    expect(cloudDnsValues("TXT", ["v=spf1 -all", '"already"', 'say "hi"'])).toEqual(['"v=spf1 -all"', '"already"', '"say \\"hi\\""']);
  });

  test("CAA values keep one pair of quotes around the value", () => {
    expect(cloudDnsValues("CAA", ['0 issue "pki.goog"', "0 issue letsencrypt.org", "128 IODEF mailto:sec@example.nl"])).toEqual(['0 issue "pki.goog"', '0 issue "letsencrypt.org"', '128 iodef "mailto:sec@example.nl"']);
  });

  test("host names in CNAME, MX and SRV get the trailing dot", () => {
    expect(cloudDnsValues("CNAME", ["api.example.nl"])).toEqual(["api.example.nl."]);
    expect(cloudDnsValues("MX", ["10 mail.example.nl"])).toEqual(["10 mail.example.nl."]);
    expect(cloudDnsValues("SRV", ["10 5 443 sip.example.nl"])).toEqual(["10 5 443 sip.example.nl."]);
  });
});
