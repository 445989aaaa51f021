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
