// A state backend a target does not offer is refused with the field and what to use instead,
// never replaced by local state behind the user's back.
import { Testing } from "cdktf";
import { describe, expect, test } from "vitest";
import { SpecValidationError } from "../lib/core/errors";
import { TargetStack } from "../lib/core/target-stack";
import { projectTargets } from "../stacks/targets";

describe("azurerm state on a target that is not Azure", () => {
  test.each(projectTargets({}).filter((t) => t.id !== "azure").map((t) => [t.name, t] as const))("%s refuses it, naming backend.type", (_name, target) => {
    const make = () => new TargetStack(Testing.app(), "demo", { target, backend: { type: "azurerm", storageAccountName: "polderstate" } });
    expect(make).toThrow(SpecValidationError);
    expect(make).toThrow(/backend\.type.*"azurerm" state is not offered on/s);
  });
});

describe("GCS state on Google targets", () => {
  const gcp = projectTargets({}).find((t) => t.name === "gcp")!;
  const s3ns = projectTargets({}).find((t) => t.name === "s3ns")!;
  const backendOf = (target: typeof gcp, backend: object) => {
    const stack = new TargetStack(Testing.app(), "demo", { target, backend: backend as never });
    return JSON.parse(JSON.stringify(stack.toTerraform())).terraform.backend;
  };

  test("a bucket with a prefix per stack by default, and the state key when given", () => {
    expect(backendOf(gcp, { type: "gcs", bucket: "polder-state", kmsEncryptionKey: "projects/p/locations/europe-west4/keyRings/r/cryptoKeys/state" })).toEqual({
      gcs: { bucket: "polder-state", prefix: "demo-gcp", kms_encryption_key: "projects/p/locations/europe-west4/keyRings/r/cryptoKeys/state" },
    });
  });

  test("in a universe the storage endpoint is required, naming backend.endpoint", () => {
    expect(() => backendOf(s3ns, { type: "gcs", bucket: "polder-state" })).toThrow(/backend\.endpoint.*required on .*universe s3nsapis\.fr/s);
  });

  test("the endpoint is written as the backend's storage_custom_endpoint", () => {
    expect(backendOf(s3ns, { type: "gcs", bucket: "polder-state", endpoint: "https://storage.s3nsapis.fr/storage/v1/" }).gcs).toMatchObject({ storage_custom_endpoint: "https://storage.s3nsapis.fr/storage/v1/" });
  });

  test.each(projectTargets({}).filter((t) => t.id !== "gcp").map((t) => [t.name, t] as const))("%s refuses gcs state, naming backend.type", (_name, target) => {
    expect(() => new TargetStack(Testing.app(), "demo", { target, backend: { type: "gcs", bucket: "b" } })).toThrow(/backend\.type.*"gcs" state is not offered on/s);
  });
});
