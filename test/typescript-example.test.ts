import { Testing } from "cdktf";
import { describe, expect, test } from "vitest";
import { buildLedger, ledger } from "../examples/typescript/ledger";
import { evaluatePlacement } from "../lib/policy/placement";
import { projectTargets } from "../stacks/targets";

// Defaults, not this machine's POLDER_* variables: outputs stay the same everywhere.
const PROJECT_TARGETS = projectTargets({});

describe("the TypeScript example app", () => {
  test.each(PROJECT_TARGETS.filter((t) => evaluatePlacement({ classification: "intern" }, t).allowed).map((t) => [t.id, t] as const))(
    "synthesizes on %s with a connection output per component",
    (_id, target) => {
      const json = JSON.parse(Testing.synth(buildLedger(Testing.app(), target)));
      expect(Object.keys(json.output).filter((o) => o.endsWith("_connection")).sort()).toEqual(
        Object.keys(ledger.components!).map((c) => `${c}_connection`).sort(),
      );
    },
  );
});
