import { Testing } from "cdktf";
import { describe, expect, test } from "vitest";
import { PortableApp } from "../lib/app/portable-app";
import { CapabilityError, PlacementError, SpecValidationError } from "../lib/core/errors";
import type { Target } from "../lib/core/target";
import { TargetStack } from "../lib/core/target-stack";
import { targets } from "../lib/targets";
import { specWith, synthApp } from "./support/synth";

const aws = targets.aws({ region: "eu-central-1" });

describe("PortableApp", () => {
  test("outputs every component's connection with the uniform fields", () => {
    const { json } = synthApp(specWith({ db: { kind: "postgres" } }), aws);
    const value = json.output!.db_connection.value;
    expect(Object.keys(value).sort()).toEqual(["host", "kind", "name", "port", "secret_ref", "strategy", "url"]);
    expect(value).toMatchObject({ kind: "postgres", strategy: "managed", port: "5432" });
    expect(value.secret_ref).toContain("master_user_secret");
  });

  test("refuses stg-geheim on AWS, naming rule, level and target", () => {
    expect(() => synthApp(specWith({}, { classification: "stg-geheim" }), aws)).toThrow(
      /placement refused by rule 'stg-sovereign-only': classification 'stg-geheim' on target 'aws'/,
    );
  });

  test("refuses departementaal-vertrouwelijk on AWS without a decision", () => {
    expect(() => synthApp(specWith({}, { classification: "departementaal-vertrouwelijk" }), aws)).toThrow(PlacementError);
  });

  test("accepts plain spec data and validates it", () => {
    const stack = new TargetStack(Testing.app(), "demo", { target: aws });
    expect(() => new PortableApp(stack, "demo", { spec: { name: "demo", owner: "x", classification: "geheim" } })).toThrow(SpecValidationError);
  });

  test("a pinned strategy the target does not offer is an error on its field", () => {
    expect(() => synthApp(specWith({ db: { kind: "postgres", strategy: "vm" } }), aws)).toThrow(/components\.db\.strategy: strategy "vm" is not offered for postgres/);
  });

  test("a kind without any strategy fails naming kind, target and what is missing", () => {
    const limited: Target = { ...aws, capabilities: { ...aws.capabilities, kubernetes: [] }, missing: { kubernetes: "no managed Kubernetes service" } };
    expect(() => synthApp(specWith({ k: { kind: "kubernetes" } }), limited)).toThrow(CapabilityError);
    expect(() => synthApp(specWith({ k: { kind: "kubernetes" } }), limited)).toThrow("no strategy for kind 'kubernetes' on target 'aws': no managed Kubernetes service");
  });

  test("nothing is created when a later component fails validation", () => {
    const cdkApp = Testing.app();
    const stack = new TargetStack(cdkApp, "demo", { target: aws });
    expect(() => new PortableApp(stack, "demo", { spec: specWith({ db: { kind: "postgres", strategy: "vm" } }) })).toThrow();
    expect(stack.node.tryFindChild("demo")?.node.children.length ?? 0).toBe(0);
  });
});
