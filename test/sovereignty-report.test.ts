// Sovereignty reports: written by every synth beside each stack and as a fleet summary, and true
// to the synthesized JSON they describe (strategies, fallbacks, keys, Checkov skips).
import { existsSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, test } from "vitest";
import { loadAppSpec } from "../lib/app/load";
import { planSynth, runMain } from "../lib/cli/main";
import { synthesizeSafely } from "../lib/cli/safe-synth";
import { evaluatePlacement } from "../lib/policy/placement";
import { parseAppSpec } from "../lib/app/spec";
import { synthesizeStacks } from "../lib/migrate/synthesize";
import { buildSovereigntyReport, type FleetSummary, renderSovereigntyReport, type SovereigntyReport } from "../lib/report";
import { referencedAddresses, stackResources, type StackJson } from "../lib/report/stack-json";
import { projectTargets } from "../stacks/targets";

const examplesDir = join(__dirname, "..", "examples");
const targets = projectTargets({});
const outdir = join(mkdtempSync(join(tmpdir(), "polder-report-")), "out");
const stacks: { id: string; json: StackJson; report: SovereigntyReport; markdown: string }[] = [];
let fleet: FleetSummary;

beforeAll(() => {
  const quiet = { log: () => undefined, error: (m: string) => console.error(m) };
  expect(runMain(["--outdir", outdir], { targets, examplesDir }, quiet)).toBe(0);
  for (const id of readdirSync(join(outdir, "stacks")).sort()) {
    const dir = join(outdir, "stacks", id);
    stacks.push({
      id,
      json: JSON.parse(readFileSync(join(dir, "cdk.tf.json"), "utf8")),
      report: JSON.parse(readFileSync(join(dir, "sovereignty.json"), "utf8")),
      markdown: readFileSync(join(dir, "sovereignty.md"), "utf8"),
    });
  }
  fleet = JSON.parse(readFileSync(join(outdir, "sovereignty.json"), "utf8"));
});

const specOf = (app: string) => loadAppSpec(join(examplesDir, `${app}.yaml`));
const targetOf = (name: string) => targets.find((t) => t.name === name)!;

describe("every synth writes the reports", () => {
  test("each stack has sovereignty.json and sovereignty.md beside its cdk.tf.json", () => {
    const specs = ["intake", "logistics", "planning"].map(specOf);
    expect(stacks.map((s) => s.id)).toEqual(planSynth(specs, targets, false).build.map((e) => e.stackId).sort());
    expect(stacks.map((s) => s.id)).toEqual(expect.arrayContaining(["intake-aws", "intake-sovereign", "logistics-aws", "logistics-sovereign", "planning-sovereign"]));
    for (const s of stacks) {
      expect(s.report.version).toBe(1);
      expect(s.report.stack).toBe(s.id);
      expect(s.markdown).toContain(`# Sovereignty report: ${s.id}`);
    }
  });

  test("the fleet summary lists every stack with its classification and rule, and the refused pairs", () => {
    expect(fleet.version).toBe(1);
    expect(fleet.stacks.map((s) => s.stack)).toEqual(stacks.map((s) => s.id));
    expect(fleet.stacks.find((s) => s.stack === "intake-aws")).toMatchObject({ classification: "departementaal-vertrouwelijk", rule: "dv-decision", decision: "BZK 2026-0042 (hyperscaler use for intake)" });
    expect(fleet.leftOut).toContainEqual(expect.objectContaining({ app: "planning", target: "aws", rule: "stg-sovereign-only" }));
    // Every refused pair is one the placement rules refuse, with their rule.
    for (const l of fleet.leftOut) expect(l.rule).toBe(evaluatePlacement(loadAppSpec(join(examplesDir, `${l.app}.yaml`)), targets.find((t) => t.name === l.target)!).rule);
    expect(existsSync(join(outdir, "sovereignty.md"))).toBe(true);
    expect(readFileSync(join(outdir, "sovereignty.md"), "utf8")).toContain("| planning | aws | stg-sovereign-only |");
  });

  test("a report that cannot be written fails the synth and leaves the previous output as it was", () => {
    const dir = join(mkdtempSync(join(tmpdir(), "polder-report-fail-")), "out");
    const quiet = { log: () => undefined, error: () => undefined };
    expect(runMain(["--spec", join(examplesDir, "intake.yaml"), "--target", "sovereign", "--outdir", dir], { targets, examplesDir }, quiet)).toBe(0);
    const before = readFileSync(join(dir, "sovereignty.json"), "utf8");
    expect(() =>
      synthesizeSafely(() => undefined, {
        outdir: dir,
        beforeCommit: () => {
          throw new Error("report failed");
        },
      }),
    ).toThrow("report failed");
    expect(readFileSync(join(dir, "sovereignty.json"), "utf8")).toBe(before);
    expect(readdirSync(join(dir, "stacks"))).toEqual(["intake-sovereign"]);
    expect(readdirSync(join(dir, "..")).filter((f) => f.startsWith(".polder-out"))).toEqual([]);
  });

  test("the fleet summary counts the fallbacks each stack really has", () => {
    for (const s of stacks) {
      const withFallback = new Set(stackResources(s.json).filter((r) => r.note?.includes("(fallback:")).map((r) => r.component));
      expect(fleet.stacks.find((f) => f.stack === s.id)!.fallbacks).toBe(withFallback.size);
    }
  });
});

describe("each report is true to its stack", () => {
  test("app, classification, placement rule and target profile are the spec's, the verdict's and the target's", () => {
    for (const s of stacks) {
      const spec = specOf(s.report.app.name);
      const target = targetOf(s.report.target.name);
      expect(s.report.app).toEqual({ name: spec.name, owner: spec.owner, classification: spec.classification, decision: spec.decision ?? null });
      const verdict = evaluatePlacement(spec, target);
      expect(s.report.placement).toMatchObject({ allowed: true, rule: verdict.rule, reason: verdict.reason });
      expect(s.report.target.sovereignty).toMatchObject({ operatorJurisdiction: target.sovereignty.operatorJurisdiction, euResident: target.sovereignty.euResident, keyCustody: [...target.sovereignty.keyCustody] });
      expect(s.report.landingZone).toEqual({ zone: null, enforced: [], notEnforceable: [] });
    }
  });

  test("every component's strategy is the strategy in its connection output", () => {
    for (const s of stacks) {
      for (const c of s.report.components.filter((c) => c.name !== "network")) expect(c.strategy).toBe((s.json.output![`${c.name}_connection`].value as { strategy: string }).strategy);
      expect(s.report.components.find((c) => c.name === "network")!.strategy).toBe(s.json.output!.network_strategy.value);
    }
  });

  test("a fallback in the report is a fallback in the JSON's strategy notes, and the other way round", () => {
    let seen = 0;
    for (const s of stacks) {
      for (const c of s.report.components) {
        const notes = stackResources(s.json).filter((r) => r.component === c.name && r.note).map((r) => r.note!);
        const inJson = notes.find((n) => n.includes("(fallback:"));
        if (c.fallback) {
          seen++;
          expect(inJson).toContain(`(fallback: ${c.fallback})`);
        } else expect(inJson).toBeUndefined();
      }
    }
    expect(seen).toBeGreaterThan(0);
  });

  test("the key named for a component is a key resource of the stack that the component's resources use", () => {
    for (const s of stacks) {
      for (const c of s.report.components) {
        for (const k of c.keys.filter((k) => k.address)) {
          const [type, id] = k.address!.split(".");
          expect(s.json.resource?.[type]?.[id], `${s.id} ${c.name}: ${k.address}`).toBeDefined();
          const own = stackResources(s.json).filter((r) => r.component === c.name);
          expect(own.some((r) => r.address === k.address || referencedAddresses(r.config).includes(k.address!)), `${s.id} ${c.name} uses ${k.address}`).toBe(true);
        }
      }
    }
  });

  test("on AWS the database's key is the key its storage is encrypted with", () => {
    const s = stacks.find((x) => x.id === "logistics-aws")!;
    const db = Object.values(s.json.resource!.aws_db_instance)[0] as { kms_key_id: string };
    const keys = s.report.components.find((c) => c.name === "orders-db")!.keys;
    expect(keys).toHaveLength(1);
    expect(db.kms_key_id).toBe(`\${${keys[0].address}.arn}`);
    expect(keys[0].custody).toBe("customer-managed");
  });

  test("on the sovereign target the database's data is protected by the encrypted volume type its volumes use", () => {
    const s = stacks.find((x) => x.id === "logistics-sovereign")!;
    const volumes = Object.values(s.json.resource!.openstack_blockstorage_volume_v3) as { volume_type: string }[];
    const key = s.report.components.find((c) => c.name === "orders-db")!.keys[0];
    expect(key.key).toContain(`volume type '${volumes[0].volume_type}'`);
    expect(key.custody).toBe("provider-managed");
  });

  test.each([
    ["logistics-azure", "azurerm_key_vault_key"],
    ["logistics-gcp", "google_kms_crypto_key"],
  ])("on %s the database's key is its own %s, held as described (not 'not described')", (id, type) => {
    const s = stacks.find((x) => x.id === id)!;
    const keys = s.report.components.find((c) => c.name === "orders-db")!.keys;
    expect(keys.length).toBeGreaterThan(0);
    expect(keys[0].address!.split(".")[0]).toBe(type);
    expect(keys[0].custody).toBe("customer-managed");
    expect(JSON.stringify(s.report)).not.toContain("not described");
    expect(s.markdown).not.toContain("not described");
  });

  test("no report of an Azure or Google stack says 'not described'", () => {
    const cloud = stacks.filter((x) => ["azure", "gcp"].includes(x.report.target.kind));
    expect(cloud.map((x) => x.id)).toEqual(expect.arrayContaining(["intake-azure", "logistics-gcp", "logistics-s3ns"]));
    for (const x of cloud) expect(x.markdown, x.id).not.toContain("not described");
  });

  test("the Checkov skips listed are exactly the skips in the stack's JSON, with their reasons", () => {
    for (const s of stacks) {
      const inJson: string[] = [];
      for (const block of ["resource", "data"] as const)
        for (const [type, byId] of Object.entries(s.json[block] ?? {}))
          for (const [id, config] of Object.entries(byId))
            for (const skip of (config as { "//"?: { checkov?: { skip?: { id: string; comment: string }[] } } })["//"]?.checkov?.skip ?? []) inJson.push(`${block === "data" ? "data." : ""}${type}.${id} ${skip.id} ${skip.comment}`);
      expect(s.report.checkovSkips.map((k) => `${k.address} ${k.id} ${k.comment}`).sort()).toEqual(inJson.sort());
      for (const k of s.report.checkovSkips) expect(s.markdown).toContain(k.id);
    }
    expect(stacks.find((s) => s.id === "logistics-aws")!.report.checkovSkips.length).toBeGreaterThan(0);
  });

  test("a per-target override is reported as what pins the app to that provider", () => {
    const spec = parseAppSpec({ name: "pinned", owner: "team", classification: "intern", components: { db: { kind: "postgres", overrides: { aws: { instanceClass: "db.r7g.large" } } } } });
    const [stack] = synthesizeStacks(spec, [targetOf("aws")]);
    const report = buildSovereigntyReport({ stackId: stack.stackId, spec, target: stack.target, verdict: evaluatePlacement(spec, stack.target), json: stack.json });
    expect(report.pins).toContainEqual({ type: "override", components: ["db"], detail: 'overrides.aws: instanceClass="db.r7g.large"' });
  });

  test("a landing zone's enforced and not-enforceable controls are listed when the app is in one", () => {
    const s = stacks.find((x) => x.id === "logistics-sovereign")!;
    const spec = specOf("logistics");
    const target = targetOf("sovereign");
    const landingZone = { zone: "defensie-lz", enforced: [{ control: "residency", detail: "EU regions only" }], notEnforceable: [{ control: "confidential", reason: "no confidential computing flavors" }] };
    const report = buildSovereigntyReport({ stackId: s.id, spec, target, verdict: evaluatePlacement(spec, target), json: s.json, landingZone });
    expect(report.landingZone).toEqual(landingZone);
    const md = renderSovereigntyReport(report);
    expect(md).toContain("Zone: defensie-lz");
    expect(md).toContain("| residency | EU regions only |");
    expect(md).toContain("| confidential | no confidential computing flavors |");
    expect(s.markdown).toContain("The app is not placed in a landing zone");
  });

  test("the Markdown names every component, its strategy and the placement rule", () => {
    for (const s of stacks) {
      expect(s.markdown).toContain(`\`${s.report.placement.rule}\``);
      for (const c of s.report.components) expect(s.markdown).toContain(`| ${c.name} | ${c.kind} | ${c.strategy} |`);
    }
  });
});
