import { describe, expect, test } from "vitest";
import { parseAppSpec } from "../lib/app/spec";
import { SpecValidationError } from "../lib/core/errors";

function issuesOf(data: unknown): { path: string; message: string }[] {
  try {
    parseAppSpec(data);
  } catch (e) {
    if (e instanceof SpecValidationError) return [...e.issues];
    throw e;
  }
  throw new Error("spec was accepted");
}

const valid = { name: "demo", owner: "team-demo", classification: "intern" };

describe("parseAppSpec", () => {
  test("fills documented defaults", () => {
    const spec = parseAppSpec({ ...valid, components: { db: { kind: "postgres" } } });
    expect(spec.network).toMatchObject({ cidr: "10.0.0.0/16", zones: 2 });
    expect(spec.components[0]).toMatchObject({ kind: "postgres", size: "small", version: "16", storageGb: 20, backupRetentionDays: 14, highAvailability: false, deletionProtection: true, databaseName: "db" });
  });

  test("requires a classification and lists the allowed levels", () => {
    const [issue] = issuesOf({ name: "demo", owner: "team-demo" });
    expect(issue.path).toBe("classification");
    expect(issue.message).toContain("stg-zeer-geheim");
  });

  test("rejects an unknown classification, showing the bad value", () => {
    const [issue] = issuesOf({ ...valid, classification: "top-secret" });
    expect(issue).toMatchObject({ path: "classification" });
    expect(issue.message).toContain('"top-secret"');
  });

  test("accepts NATO and EU aliases and normalises them", () => {
    expect(parseAppSpec({ ...valid, classification: "NATO-SECRET" }).classification).toBe("stg-geheim");
    expect(parseAppSpec({ ...valid, classification: "restreint-ue" }).classification).toBe("departementaal-vertrouwelijk");
  });

  test("reports every problem at once, each with its field path", () => {
    const issues = issuesOf({ name: "Demo!", owner: "", classification: "intern", network: { cidr: "8.8.8.0/24" }, components: { db: { kind: "postgres", size: "huge" } } });
    expect(issues.map((i) => i.path).sort()).toEqual(["components.db.size", "name", "network.cidr", "owner"]);
  });

  test("names an unknown field instead of dropping it", () => {
    const [issue] = issuesOf({ ...valid, components: { docs: { kind: "bucket", publicRead: true } } });
    expect(issue.path).toBe("components.docs.publicRead");
    expect(issue.message).toContain("unknown field");
  });

  test("rejects an unknown kind with the list of kinds", () => {
    const [issue] = issuesOf({ ...valid, components: { q: { kind: "queue" } } });
    expect(issue.path).toBe("components.q.kind");
    expect(issue.message).toContain("public-endpoint");
  });

  test("rejects a network that is not private", () => {
    const [issue] = issuesOf({ ...valid, network: { cidr: "8.8.0.0/16" } });
    expect(issue).toMatchObject({ path: "network.cidr" });
    expect(issue.message).toContain("not private");
  });

  test("rejects a CIDR with host bits set and names the network address", () => {
    const [issue] = issuesOf({ ...valid, network: { cidr: "10.0.0.1/16" } });
    expect(issue.message).toContain("10.0.0.0/16");
  });

  test("rejects an endpoint whose backend is not a workload", () => {
    const issues = issuesOf({
      ...valid,
      components: { db: { kind: "postgres" }, web: { kind: "public-endpoint", domain: "a.example.nl", backend: "db" } },
    });
    expect(issues).toEqual([{ path: "components.web.backend", message: expect.stringContaining("is a postgres, expected kubernetes or vm-group") }]);
  });

  test("rejects an endpoint domain outside its zone", () => {
    const issues = issuesOf({
      ...valid,
      components: {
        vms: { kind: "vm-group" },
        zone: { kind: "dns-zone", domain: "example.nl" },
        web: { kind: "public-endpoint", domain: "api.example.com", backend: "vms", zone: "zone" },
      },
    });
    expect(issues.map((i) => i.path)).toEqual(["components.web.domain"]);
  });

  test("rejects reserved and malformed component names", () => {
    const issues = issuesOf({ ...valid, components: { network: { kind: "key" }, "Bad_Name": { kind: "key" } } });
    expect(issues.map((i) => i.path).sort()).toEqual(["components.Bad_Name", "components.network"]);
  });

  test("rejects an override for a field the target does not know", () => {
    const [issue] = issuesOf({ ...valid, components: { db: { kind: "postgres", overrides: { aws: { instanceType: "x" } } } } });
    expect(issue.path).toBe("components.db.overrides.aws.instanceType");
  });

  test("rejects a duplicate DNS record", () => {
    const [issue] = issuesOf({
      ...valid,
      components: { zone: { kind: "dns-zone", domain: "example.nl", records: [{ name: "www", type: "A", values: ["192.0.2.1"] }, { name: "www", type: "A", values: ["192.0.2.2"] }] } },
    });
    expect(issue.path).toBe("components.zone.records[1].name");
  });

  test("rejects input that is not an object", () => {
    expect(issuesOf("name: demo")[0].path).toBe("(root)");
  });
});
