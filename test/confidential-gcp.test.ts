// Confidential machine types on Google Cloud: Confidential VMs (AMD SEV) on N2D and Confidential
// GKE Nodes; refused in S3NS, which offers C3 and M3 machine types only.
import { describe, expect, test } from "vitest";
import { parseAppSpec } from "../lib/app/spec";
import { PlacementError } from "../lib/core/errors";
import { gcpConfidentialMachineType, gcpConfidentialStrategy, gcpConfidentialSupport } from "../lib/targets/gcp/confidential";
import { PUBLIC_UNIVERSE } from "../lib/targets/gcp/universes";
import { targets } from "../lib/targets";
import { dataAccessProblems, flowProblems, keyUseProblems } from "./deployability/checks";
import { gcpAdapter } from "./deployability/targets/gcp";
import { MACHINES, synthConfidential } from "./support/confidential";
import { onlyResource, specWith, synthApp } from "./support/synth";

const gcp = targets.gcp({ project: "polder-demo", region: "europe-west4" });
const s3ns = targets.gcp({ project: "polder-demo", region: "u-france-east1", universeDomain: "s3nsapis.fr", name: "s3ns" });
const spec = specWith(MACHINES);

describe("planning", () => {
  test("the public universe has Confidential VMs on N2D; S3NS is refused with the reason", () => {
    expect(gcpConfidentialSupport(PUBLIC_UNIVERSE, "europe-west4").supported).toBe(true);
    expect(gcpConfidentialSupport((s3ns as any).universe, "u-france-east1")).toEqual({ supported: false, reason: expect.stringContaining("C3 and M3 machine types only") });
  });

  test("an override must be an N2D machine type; Autopilot is refused", () => {
    expect(gcpConfidentialMachineType("small", "vmMachineType", "n2d-highmem-4")).toBe("n2d-highmem-4");
    expect(gcpConfidentialMachineType("small", "vmMachineType", "e2-standard-4")).toMatchObject({ path: "overrides.gcp.machineType" });
    expect(gcpConfidentialStrategy("managed")).toBe(true);
    expect(gcpConfidentialStrategy("autopilot")).toMatchObject({ path: "strategy", message: expect.stringContaining("use strategy managed") });
  });
});

describe("a confidential vm-group and kubernetes in europe-west4", () => {
  const json = synthConfidential(spec, gcp);
  const template = onlyResource(json, "google_compute_region_instance_template");
  const cluster = onlyResource(json, "google_container_cluster");
  const pool = onlyResource(json, "google_container_node_pool");

  test("the instance template is a Confidential VM (AMD SEV) on N2D, stopped for host maintenance", () => {
    expect(template).toMatchObject({ machine_type: "n2d-standard-4", confidential_instance_config: { confidential_instance_type: "SEV" }, scheduling: { on_host_maintenance: "TERMINATE", automatic_restart: true } });
  });

  test("the cluster turns on Confidential GKE Nodes; its node pools run on N2D", () => {
    expect(cluster.confidential_nodes).toEqual({ enabled: true, confidential_instance_type: "SEV" });
    expect(cluster.node_config.machine_type).toBe("n2d-standard-4");
    expect(pool.node_config.machine_type).toBe("n2d-standard-4");
  });

  test("key use and flows stay deployable: no flow finding the same app without confidential machines lacks", () => {
    const s = { label: "confidential", spec: parseAppSpec(spec), target: gcp, json };
    const plain = { ...s, json: synthApp(spec, gcp).json };
    expect(keyUseProblems(gcpAdapter, s)).toEqual([]);
    // The checks' model reads the IAP SSH rule and the pods' range to a VM group with no endpoint as serving no flow, on the plain app too.
    expect(flowProblems(gcpAdapter, s, [])).toEqual(flowProblems(gcpAdapter, plain, []));
    expect(dataAccessProblems(gcpAdapter, s)).toEqual([]);
  });
});

describe("refusals", () => {
  test("S3NS refuses the app, saying why", () => {
    expect(() => synthConfidential(spec, s3ns)).toThrow(PlacementError);
    expect(() => synthConfidential(spec, s3ns)).toThrow(/C3 and M3 machine types only.*N2D/);
  });

  test("a non-N2D override is refused with its field path", () => {
    expect(() => synthConfidential(specWith({ web: { kind: "vm-group", overrides: { gcp: { machineType: "n2-standard-4" } } } }), gcp)).toThrow(/components\.web\.overrides\.gcp\.machineType: "n2-standard-4" is not an N2D machine type/);
  });

  test("a pinned Autopilot cluster is refused with its field path", () => {
    expect(() => synthConfidential(specWith({ apps: { kind: "kubernetes", strategy: "autopilot" } }), gcp)).toThrow(/components\.apps\.strategy: Polder's GKE Autopilot clusters do not turn on Confidential GKE Nodes/);
  });
});

test("without a confidential placement the JSON is what it was", () => {
  const plain = synthApp(spec, gcp).json;
  expect(onlyResource(plain, "google_compute_region_instance_template").confidential_instance_config).toBeUndefined();
  expect(onlyResource(plain, "google_container_cluster").confidential_nodes).toBeUndefined();
  expect(synthConfidential(spec, gcp, false)).toEqual(plain);
});
