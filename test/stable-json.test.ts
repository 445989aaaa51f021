// The manifest writer (lib/cli/stable-json.ts) must give exactly the bytes of cdktf's own,
// json-stable-stringify with { space: 2 }: cdktf's CLI and pipelines read manifest.json, and an
// incremental synth must write the bytes a full one does.
import { createRequire } from "node:module";
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { stableJson } from "../lib/cli/stable-json";

// The copy cdktf's Manifest.writeToFile uses.
const cdktfRequire = createRequire(require.resolve("cdktf/package.json"));
const stringify = cdktfRequire("json-stable-stringify") as (value: unknown, options: { space: number }) => string;
const cdktf = (value: unknown) => stringify(value, { space: 2 });

describe("stableJson", () => {
  test("writes a manifest as cdktf does: empty annotations and dependencies on two lines", () => {
    const manifest = {
      version: "0.21.0",
      stacks: {
        "shop-aws": { name: "shop-aws", constructPath: "shop-aws", workingDirectory: "stacks/shop-aws", synthesizedStackPath: "stacks/shop-aws/cdk.tf.json", stackMetadataPath: "stacks/shop-aws/metadata.json", annotations: [], dependencies: [] },
        "mindef-aws": { name: "mindef-aws", constructPath: "mindef-aws", annotations: [{ constructPath: "mindef-aws/x", level: "@cdktf/warn", message: "a message with [] and {} and \"quotes\"\nand a line break" }], dependencies: ["depot-aws"] },
      },
    };
    expect(stableJson(manifest)).toBe(cdktf(manifest));
  });

  test("matches json-stable-stringify on any JSON value without index-like keys", () => {
    const key = fc.string().filter((k) => !/^(?:0|[1-9]\d*)$/.test(k));
    const json = fc.letrec((tie) => ({
      value: fc.oneof({ depthSize: "small" }, fc.constant(null), fc.boolean(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.string(), fc.array(tie("value"), { maxLength: 4 }), fc.dictionary(key, tie("value"), { maxKeys: 4 })),
    })).value;
    fc.assert(
      fc.property(json, (value) => {
        expect(stableJson(value)).toBe(cdktf(value));
      }),
      { numRuns: 500 },
    );
  });

  test("leaves what is not plain JSON data to cdktf's writer", () => {
    expect(stableJson({ "10": 1, "9": 2 })).toBeUndefined();
    expect(stableJson({ a: new Date(0) })).toBeUndefined();
    expect(stableJson({ a: Number.NaN })).toBeUndefined();
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    expect(stableJson(cycle)).toBeUndefined();
  });
});
