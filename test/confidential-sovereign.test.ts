// Confidential machine types on the sovereign target: the memory-encrypting flavors the target names.
import { describe, expect, test } from "vitest";
import { parseAppSpec } from "../lib/app/spec";
import { PlacementError, SpecValidationError } from "../lib/core/errors";
import { sovereignConfidentialFlavor, sovereignConfidentialSupport } from "../lib/targets/openstack/confidential";
import { checkAgainstSchema } from "../providers/openstack/schema-check";
import { dataAccessProblems, flowProblems, keyUseProblems } from "./deployability/checks";
import { sovereignAdapter } from "./deployability/targets/sovereign";
import { MACHINES, synthConfidential } from "./support/confidential";
import { all, ALL_SERVICES, OPENSTACK_SCHEMA, sovereignTarget, TEST_ADMIN_ACCESS } from "./support/sovereign";
import { specWith, synthApp } from "./support/synth";

const FLAVORS = { small: "SCS-2V-4-sev", medium: "SCS-4V-16-sev", large: "SCS-8V-32-sev" };
const withFlavors = sovereignTarget({ services: { keyManager: true }, confidentialFlavors: FLAVORS });
const without = sovereignTarget({ services: { keyManager: true } });
const spec = specWith(MACHINES);
const flavorsOf = (json: any, part: string) => all(json, "openstack_compute_instance_v2").filter(([id]) => id.includes(part)).map(([, i]) => i.flavor_name);

describe("the target's confidentialFlavors", () => {
  test("are read per size", () => {
    expect(withFlavors.confidentialFlavors).toEqual(FLAVORS);
    expect(sovereignConfidentialSupport(withFlavors)).toMatchObject({ supported: true, how: expect.stringContaining("SCS-2V-4-sev, SCS-4V-16-sev, SCS-8V-32-sev") });
  });

  test("must name every size, with flavor names", () => {
    expect(() => sovereignTarget({ confidentialFlavors: { small: "a", medium: "b c" } as any })).toThrow(SpecValidationError);
    expect(() => sovereignTarget({ confidentialFlavors: { small: "a", medium: "b c" } as any })).toThrow(/confidentialFlavors\.medium: "b c" is not allowed[\s\S]*confidentialFlavors\.large: is required/);
    expect(() => sovereignTarget({ confidentialFlavors: { small: "a", medium: "b", large: "c", huge: "d" } as any })).toThrow(/confidentialFlavors\.huge/);
  });

  test("without them the target says how to get them", () => {
    expect(sovereignConfidentialSupport(without)).toEqual({ supported: false, reason: expect.stringContaining("set confidentialFlavors { small, medium, large }") });
  });

  test("an override must be one of them", () => {
    expect(sovereignConfidentialFlavor(FLAVORS, "small", "SCS-8V-32-sev")).toBe("SCS-8V-32-sev");
    expect(sovereignConfidentialFlavor(FLAVORS, "small", "SCS-2V-4")).toMatchObject({ path: "overrides.sovereign.flavor" });
  });
});

describe("a confidential vm-group and kubernetes (k3s) on a cloud with memory-encrypting flavors", () => {
  const json = synthConfidential(spec, withFlavors);

  test("the VM group's machines use the confidential flavor of its size", () => {
    expect(flavorsOf(json, "web")).toEqual(["SCS-4V-16-sev", "SCS-4V-16-sev"]);
  });

  test("every k3s server and worker uses the confidential flavor of the cluster's size", () => {
    const nodes = flavorsOf(json, "apps");
    expect(nodes.length).toBeGreaterThanOrEqual(3);
    expect(new Set(nodes)).toEqual(new Set(["SCS-2V-4-sev"]));
  });

  test("matches the provider schema and stays deployable", () => {
    expect(checkAgainstSchema(OPENSTACK_SCHEMA, json)).toEqual([]);
    const s = { label: "confidential", spec: parseAppSpec(spec), target: withFlavors, json };
    expect(keyUseProblems(sovereignAdapter, s)).toEqual([]);
    expect(flowProblems(sovereignAdapter, s, TEST_ADMIN_ACCESS.cidrs)).toEqual([]);
    expect(dataAccessProblems(sovereignAdapter, s)).toEqual([]);
  });
});

test("Magnum's template and cluster take the confidential flavors too", () => {
  const magnum = sovereignTarget({ services: ALL_SERVICES, confidentialFlavors: FLAVORS });
  const json = synthConfidential(specWith({ apps: { kind: "kubernetes", size: "large" } }), magnum);
  for (const type of ["openstack_containerinfra_clustertemplate_v1", "openstack_containerinfra_cluster_v1"])
    expect(all(json, type)[0][1]).toMatchObject({ flavor: "SCS-8V-32-sev", master_flavor: "SCS-8V-32-sev" });
  expect(checkAgainstSchema(OPENSTACK_SCHEMA, json)).toEqual([]);
});

describe("refusals", () => {
  test("a cloud without confidential flavors refuses the app, saying why", () => {
    expect(() => synthConfidential(spec, without)).toThrow(PlacementError);
    expect(() => synthConfidential(spec, without)).toThrow(/names no memory-encrypting flavors \(hw:mem_encryption=true\)/);
  });

  test("a flavor override that is not confidential is refused with its field path", () => {
    const s = specWith({ web: { kind: "vm-group", overrides: { sovereign: { flavor: "SCS-2V-4" } } } });
    expect(() => synthConfidential(s, withFlavors)).toThrow(/components\.web\.overrides\.sovereign\.flavor: "SCS-2V-4" is not one of the target's confidential flavors/);
  });
});

test("without a confidential placement the flavors are the usual ones, also on a target that names confidential flavors", () => {
  const plain = synthApp(spec, without).json;
  expect(flavorsOf(plain, "web")).toEqual(["SCS-4V-8", "SCS-4V-8"]);
  expect(synthConfidential(spec, withFlavors, false)).toEqual(synthConfidential(spec, without, false));
});
