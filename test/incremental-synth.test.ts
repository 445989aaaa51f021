// Incremental synth (issue #15): a stack whose inputs did not change since the previous synth
// into the same folder is kept, whole; the output is byte-identical to a full synth; changes.json
// lists what a diff of the two outputs shows; removed stacks' folders are gone; a run with a
// selection leaves the rest of the output alone; a failing run leaves output and change list as
// they were. In process through runMain, with the build fingerprint given by the test.
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { runMain, type MainOptions } from "../lib/cli/main";
import type { Target } from "../lib/core/target";
import { targets } from "../lib/targets";
import { diffChanges, outputTree } from "./support/output-tree";

const root = join(__dirname, "..");

interface TargetConfig {
  readonly awsRegion: string;
  readonly externalNetwork: string;
}
const DEFAULT_TARGETS: TargetConfig = { awsRegion: "eu-central-1", externalNetwork: "public" };

function makeTargets(c: TargetConfig): Target[] {
  return [
    targets.aws({ region: c.awsRegion }),
    targets.sovereign({ cloud: "polder", region: "RegionOne", accreditedUpTo: "stg-geheim", s3Endpoint: "https://objectstore.polder.example.nl", externalNetwork: c.externalNetwork, services: { dns: true, keyManager: true }, adminAccess: { keyPair: "polder-admins", cidrs: ["192.168.250.0/24"] }, egress: { network: "egress", proxy: "http://proxy.polder.example.nl:3128", cidrs: ["192.168.251.0/24"] } }),
  ];
}

interface SmallSpec {
  readonly name: string;
  readonly owner: string;
  readonly classification: "intern" | "stg-confidentieel";
  readonly versioning: boolean;
  readonly key: boolean;
}

function specText(s: SmallSpec): string {
  const components: Record<string, unknown> = { docs: { kind: "bucket", versioning: s.versioning } };
  if (s.key) components.vault = { kind: "key" };
  return `${JSON.stringify({ name: s.name, owner: s.owner, classification: s.classification, components }, null, 2)}\n`;
}

/** Writes the specs as the only files of `dir`. */
function writeSpecs(dir: string, specs: readonly SmallSpec[]): void {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const s of specs) writeFileSync(join(dir, `${s.name}.json`), specText(s));
}

/** `fingerprint` null: unknown (as outside a bundle). */
function synth(args: string[], outdir: string, options: Partial<MainOptions> & { examplesDir: string }, fingerprint: string | null = "build-1") {
  const lines: string[] = [];
  const code = runMain([...args, "--outdir", outdir, "--jobs", "1"], { targets: makeTargets(DEFAULT_TARGETS), buildFingerprint: () => fingerprint ?? undefined, ...options }, { log: (m: string) => lines.push(m), error: (m: string) => lines.push(m) });
  const kept = Number(/\((\d+) kept: inputs unchanged\)/.exec(lines.join("\n"))?.[1] ?? 0);
  return { code, text: lines.join("\n"), kept };
}

const changesOf = (outdir: string) => JSON.parse(readFileSync(join(outdir, "changes.json"), "utf8"));
const fresh = (name: string) => join(mkdtempSync(join(tmpdir(), `polder-inc-${name}-`)), "out");
/** A file only an untouched folder still has (as `terraform init` leaves `.terraform/` behind). */
function mark(outdir: string, stack: string): string {
  const file = join(outdir, "stacks", stack, ".terraform", "marker");
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, stack);
  return file;
}

describe("property: an incremental synth after random edits is a full synth", () => {
  const names = ["alpha", "bravo", "charlie", "delta", "echo"];
  const spec = fc.record({
    owner: fc.constantFrom("team-a", "team-b"),
    classification: fc.constantFrom<SmallSpec["classification"]>("intern", "intern", "stg-confidentieel"),
    versioning: fc.boolean(),
    key: fc.boolean(),
  });
  type Edit =
    | { op: "field"; at: number; field: "owner" | "classification" | "versioning" | "key" }
    | { op: "add"; spec: Omit<SmallSpec, "name"> }
    | { op: "remove"; at: number }
    | { op: "target"; awsRegion: string; externalNetwork: string }
    | { op: "nothing" };
  const edit: fc.Arbitrary<Edit> = fc.oneof(
    fc.record({ op: fc.constant("field" as const), at: fc.nat(9), field: fc.constantFrom("owner" as const, "classification" as const, "versioning" as const, "key" as const) }),
    fc.record({ op: fc.constant("add" as const), spec }),
    fc.record({ op: fc.constant("remove" as const), at: fc.nat(9) }),
    fc.record({ op: fc.constant("target" as const), awsRegion: fc.constantFrom("eu-central-1", "eu-west-1"), externalNetwork: fc.constantFrom("public", "ext-net") }),
    fc.constant({ op: "nothing" as const }),
  );

  function apply(specs: SmallSpec[], config: TargetConfig, e: Edit): [SmallSpec[], TargetConfig] {
    const next = [...specs];
    switch (e.op) {
      case "field": {
        if (!next.length) return [next, config];
        const i = e.at % next.length;
        const s = next[i];
        next[i] =
          e.field === "owner"
            ? { ...s, owner: s.owner === "team-a" ? "team-b" : "team-a" }
            : e.field === "classification"
              ? { ...s, classification: s.classification === "intern" ? "stg-confidentieel" : "intern" }
              : e.field === "versioning"
                ? { ...s, versioning: !s.versioning }
                : { ...s, key: !s.key };
        return [next, config];
      }
      case "add": {
        const name = names.find((n) => !next.some((s) => s.name === n));
        return [name ? [...next, { name, ...e.spec }] : next, config];
      }
      case "remove":
        if (next.length) next.splice(e.at % next.length, 1);
        return [next, config];
      case "target":
        return [next, { awsRegion: e.awsRegion, externalNetwork: e.externalNetwork }];
      case "nothing":
        return [next, config];
    }
  }

  test("same bytes as a full synth into the same previous output, and a change list equal to the diff", () => {
    let keptSomewhere = 0;
    fc.assert(
      fc.property(fc.array(spec, { minLength: 1, maxLength: 3 }), fc.array(edit, { minLength: 1, maxLength: 5 }), (initial, edits) => {
        const base = mkdtempSync(join(tmpdir(), "polder-inc-prop-"));
        const specsDir = join(base, "specs");
        const incremental = join(base, "incremental");
        let specs: SmallSpec[] = initial.map((s, i) => ({ name: names[i], ...s }));
        let config = DEFAULT_TARGETS;
        for (const e of [{ op: "nothing" } as Edit, ...edits]) {
          [specs, config] = apply(specs, config, e);
          writeSpecs(specsDir, specs);
          const before = existsSync(incremental) ? outputTree(incremental) : {};
          const full = join(base, `full-${Math.random().toString(36).slice(2)}`);
          if (existsSync(incremental)) cpSync(incremental, full, { recursive: true });
          const options = { examplesDir: specsDir, targets: makeTargets(config) };
          const inc = synth([], incremental, options);
          expect(inc.code, inc.text).toBe(0);
          keptSomewhere += inc.kept;
          expect(synth(["--full"], full, options).code).toBe(0);
          const after = outputTree(incremental);
          expect(after).toEqual(outputTree(full));
          const changes = changesOf(incremental);
          expect({ added: changes.added, changed: changes.changed, unchanged: changes.unchanged, removed: changes.removed }).toEqual(diffChanges(before, after));
          rmSync(full, { recursive: true, force: true });
        }
        rmSync(base, { recursive: true, force: true });
      }),
      { seed: 1515, numRuns: 8 },
    );
    // The property is about kept stacks: some runs must have kept some.
    expect(keptSomewhere).toBeGreaterThan(0);
  });
});

describe("what an incremental synth keeps and builds", () => {
  const specsDir = join(mkdtempSync(join(tmpdir(), "polder-inc-specs-")), "specs");
  const two = [
    { name: "alpha", owner: "team-a", classification: "intern", versioning: true, key: false },
    { name: "bravo", owner: "team-a", classification: "intern", versioning: true, key: true },
  ] as const;

  test("an unchanged stack's folder is kept whole; a changed spec rebuilds only its own stacks", () => {
    writeSpecs(specsDir, two);
    const out = fresh("keep");
    expect(synth([], out, { examplesDir: specsDir }).code).toBe(0);
    const markers = ["alpha-aws", "alpha-sovereign", "bravo-aws", "bravo-sovereign"].map((s) => mark(out, s));
    writeSpecs(specsDir, [two[0], { ...two[1], versioning: false }]);
    const r = synth([], out, { examplesDir: specsDir });
    expect(r.kept).toBe(2);
    expect(markers.map(existsSync)).toEqual([true, true, false, false]);
    expect(changesOf(out)).toMatchObject({ added: [], changed: ["bravo-aws", "bravo-sovereign"], unchanged: ["alpha-aws", "alpha-sovereign"], removed: [] });
  });

  test("a kept stack keeps its sovereignty report; a kept folder without one (and without a row in the summary) gets it", () => {
    writeSpecs(specsDir, two);
    const out = fresh("reports");
    expect(synth([], out, { examplesDir: specsDir }).code).toBe(0);
    // Every file but the change list (the second run lists the stacks as unchanged, not added).
    const { "changes.json": _, ...full } = outputTree(out);
    const report = join(out, "stacks", "alpha-aws", "sovereignty.md");
    rmSync(report);
    // A summary row says the same build wrote the stack's report; without the summary each kept
    // folder is looked into.
    rmSync(join(out, "sovereignty.json"));
    const r = synth([], out, { examplesDir: specsDir });
    expect(r.kept).toBe(4);
    expect(existsSync(report)).toBe(true);
    const { "changes.json": __, ...after } = outputTree(out);
    expect(after).toEqual(full);
  });

  test("without the previous fleet summary, a run that keeps every stack writes it the same from the kept reports", () => {
    writeSpecs(specsDir, two);
    const out = fresh("summary");
    expect(synth([], out, { examplesDir: specsDir }).code).toBe(0);
    const { "changes.json": _, ...full } = outputTree(out);
    rmSync(join(out, "sovereignty.json"));
    expect(synth([], out, { examplesDir: specsDir }).kept).toBe(4);
    const { "changes.json": __, ...after } = outputTree(out);
    expect(after).toEqual(full);
  });

  test("a run that keeps every stack writes a manifest edited by hand anew, as cdktf writes it", () => {
    writeSpecs(specsDir, two);
    const out = fresh("manifest");
    expect(synth([], out, { examplesDir: specsDir }).code).toBe(0);
    const manifest = join(out, "manifest.json");
    const written = readFileSync(manifest, "utf8");
    // The same content, other bytes: not the file the previous run wrote, so not copied.
    writeFileSync(manifest, JSON.stringify(JSON.parse(written)));
    expect(synth([], out, { examplesDir: specsDir }).kept).toBe(4);
    expect(readFileSync(manifest, "utf8")).toBe(written);
  });

  test("a run that keeps every stack writes a fleet summary edited by hand anew", () => {
    writeSpecs(specsDir, two);
    const out = fresh("summary-edited");
    expect(synth([], out, { examplesDir: specsDir }).code).toBe(0);
    const { "changes.json": _, ...full } = outputTree(out);
    writeFileSync(join(out, "sovereignty.md"), "edited\n");
    expect(synth([], out, { examplesDir: specsDir }).kept).toBe(4);
    const { "changes.json": __, ...after } = outputTree(out);
    expect(after).toEqual(full);
  });

  test("a run that keeps every stack but refuses another pair writes the fleet summary anew", () => {
    writeSpecs(specsDir, two);
    const out = fresh("summary-left-out");
    expect(synth([], out, { examplesDir: specsDir }).code).toBe(0);
    // A spec no target takes (the sovereign target is accredited up to stg-geheim, AWS is a
    // public cloud): no stack is new, only refused pairs.
    writeFileSync(join(specsDir, "zulu.yaml"), "name: zulu\nowner: team-a\nclassification: stg-zeer-geheim\ncomponents:\n  docs:\n    kind: bucket\n");
    const r = synth([], out, { examplesDir: specsDir });
    rmSync(join(specsDir, "zulu.yaml"));
    expect(r.code, r.text).toBe(0);
    expect(r.kept).toBe(4);
    const summary = JSON.parse(readFileSync(join(out, "sovereignty.json"), "utf8"));
    expect(summary.leftOut.map((l: { app: string; target: string }) => `${l.app} on ${l.target}`)).toContain("zulu on aws");
  });

  test("a changed build fingerprint rebuilds every stack", () => {
    writeSpecs(specsDir, two);
    const out = fresh("fingerprint");
    expect(synth([], out, { examplesDir: specsDir }, "build-1").code).toBe(0);
    const markers = ["alpha-aws", "bravo-sovereign"].map((s) => mark(out, s));
    expect(synth([], out, { examplesDir: specsDir }, "build-1").kept).toBe(4);
    expect(markers.every(existsSync)).toBe(true);
    const r = synth([], out, { examplesDir: specsDir }, "build-2");
    expect(r.code).toBe(0);
    expect(r.kept).toBe(0);
    expect(markers.some(existsSync)).toBe(false);
    // Same code, same JSON: rebuilt but unchanged.
    expect(changesOf(out)).toMatchObject({ changed: [], unchanged: ["alpha-aws", "alpha-sovereign", "bravo-aws", "bravo-sovereign"] });
  });

  test("an unknown build fingerprint (not a bundle) rebuilds every stack, every time", () => {
    writeSpecs(specsDir, two);
    const out = fresh("unknown");
    expect(synth([], out, { examplesDir: specsDir }, null).code).toBe(0);
    expect(synth([], out, { examplesDir: specsDir }, null).kept).toBe(0);
  });

  test("a spec edited into an invalid one fails though the previous run recorded it valid", () => {
    writeSpecs(specsDir, two);
    const out = fresh("invalid");
    expect(synth([], out, { examplesDir: specsDir }).code).toBe(0);
    const before = outputTree(out);
    writeFileSync(join(specsDir, "alpha.json"), JSON.stringify({ name: "alpha", owner: "team-a", classification: "intern", components: { docs: { kind: "bucket", versioning: "yes" } } }));
    const r = synth([], out, { examplesDir: specsDir });
    expect(r.code).toBe(1);
    expect(r.text).toMatch(/components\.docs\.versioning/);
    expect(outputTree(out)).toEqual(before);
  });

  test("--full rebuilds every stack", () => {
    writeSpecs(specsDir, two);
    const out = fresh("full");
    expect(synth([], out, { examplesDir: specsDir }).code).toBe(0);
    const marker = mark(out, "alpha-aws");
    const r = synth(["--full"], out, { examplesDir: specsDir });
    expect(r.kept).toBe(0);
    expect(existsSync(marker)).toBe(false);
  });

  test("a changed state backend rebuilds the stacks it applies to", () => {
    writeSpecs(specsDir, two);
    const out = fresh("backend");
    expect(synth([], out, { examplesDir: specsDir }).code).toBe(0);
    const backendFor = (t: Target, id: string) => (t.name === "aws" ? { type: "s3" as const, bucket: "state", key: `${id}.tfstate` } : undefined);
    const r = synth([], out, { examplesDir: specsDir, backendFor });
    expect(r.kept).toBe(2);
    expect(changesOf(out)).toMatchObject({ changed: ["alpha-aws", "bravo-aws"] });
  });
});

describe("removed stacks", () => {
  const specsDir = join(mkdtempSync(join(tmpdir(), "polder-inc-rm-")), "specs");
  const alpha = { name: "alpha", owner: "team-a", classification: "intern", versioning: true, key: false } as const;
  const bravo = { ...alpha, name: "bravo" };

  test("a removed spec's stacks are listed as removed and their folders are gone", () => {
    writeSpecs(specsDir, [alpha, bravo]);
    const out = fresh("spec");
    expect(synth([], out, { examplesDir: specsDir }).code).toBe(0);
    writeSpecs(specsDir, [alpha]);
    const r = synth([], out, { examplesDir: specsDir });
    expect(r.code).toBe(0);
    expect(r.text).toMatch(/removed from the output[^\n]*deliberately[^]*bravo-aws/);
    const changes = changesOf(out);
    expect(changes.removed).toEqual(["bravo-aws", "bravo-sovereign"]);
    expect(changes.removedNote).toMatch(/never deletes state/);
    expect(readdirSync(join(out, "stacks")).sort()).toEqual(["alpha-aws", "alpha-sovereign"]);
    expect(Object.keys(JSON.parse(readFileSync(join(out, "manifest.json"), "utf8")).stacks).sort()).toEqual(["alpha-aws", "alpha-sovereign"]);
  });

  test("a removed target's stacks are listed as removed and their folders are gone", () => {
    writeSpecs(specsDir, [alpha, bravo]);
    const out = fresh("target");
    expect(synth([], out, { examplesDir: specsDir }).code).toBe(0);
    expect(synth([], out, { examplesDir: specsDir, targets: makeTargets(DEFAULT_TARGETS).filter((t) => t.name !== "aws") }).code).toBe(0);
    expect(changesOf(out)).toMatchObject({ removed: ["alpha-aws", "bravo-aws"], unchanged: ["alpha-sovereign", "bravo-sovereign"] });
    expect(readdirSync(join(out, "stacks")).sort()).toEqual(["alpha-sovereign", "bravo-sovereign"]);
  });

  test("a pair the placement rules now refuse is removed", () => {
    writeSpecs(specsDir, [alpha, bravo]);
    const out = fresh("placement");
    expect(synth([], out, { examplesDir: specsDir }).code).toBe(0);
    writeSpecs(specsDir, [alpha, { ...bravo, classification: "stg-confidentieel" }]);
    expect(synth([], out, { examplesDir: specsDir }).code).toBe(0);
    expect(changesOf(out)).toMatchObject({ removed: ["bravo-aws"], changed: ["bravo-sovereign"] });
  });
});

describe("a run with a selection (--spec, --target) and the rest of the output", () => {
  const examplesDir = join(root, "examples");
  const logistics = join(examplesDir, "logistics.yaml");
  const full = () => {
    const out = fresh("selection");
    expect(synth([], out, { examplesDir }).code).toBe(0);
    return { out, before: outputTree(out) };
  };

  test("--spec … --target aws rebuilds that stack only and keeps every other stack as it was", () => {
    const { out, before } = full();
    const marker = mark(out, "intake-sovereign");
    const r = synth(["--spec", logistics, "--target", "aws", "--full"], out, { examplesDir });
    expect(r.code).toBe(0);
    const after = outputTree(out);
    delete after["stacks/intake-sovereign/.terraform/marker"];
    // Only the change list and the inputs record (what the summary was made from: this selection)
    // differ: every stack, the manifest and the summary are the same bytes.
    for (const f of Object.keys(before)) if (f !== "changes.json" && f !== "polder-inputs.json") expect(after[f], f).toBe(before[f]);
    expect(existsSync(marker)).toBe(true);
    const changes = changesOf(out);
    expect(changes.selection).toEqual({ apps: ["logistics"], targets: ["aws"] });
    expect(changes).toMatchObject({ added: [], changed: [], unchanged: ["logistics-aws"], removed: [] });
    expect(changes.outsideSelection).toEqual(["intake-aws", "intake-sovereign", "logistics-sovereign", "planning-sovereign"]);
  });

  test("a new spec's stacks join the output beside the others; the next full run removes them", () => {
    const { out } = full();
    const dir = mkdtempSync(join(tmpdir(), "polder-inc-extra-"));
    const extra = join(dir, "extra.yaml");
    writeFileSync(extra, "name: extra\nowner: team\nclassification: intern\ncomponents:\n  docs:\n    kind: bucket\n");
    expect(synth(["--spec", extra, "--target", "aws"], out, { examplesDir }).code).toBe(0);
    expect(changesOf(out)).toMatchObject({ added: ["extra-aws"], removed: [] });
    expect(Object.keys(JSON.parse(readFileSync(join(out, "manifest.json"), "utf8")).stacks)).toHaveLength(6);
    expect(synth([], out, { examplesDir }).code).toBe(0);
    expect(changesOf(out)).toMatchObject({ removed: ["extra-aws"], added: [] });
    expect(existsSync(join(out, "stacks", "extra-aws"))).toBe(false);
  });

  test("--target sovereign covers every app on that target: an app gone from the examples is removed there only", () => {
    const { out } = full();
    const dir = mkdtempSync(join(tmpdir(), "polder-inc-fewer-"));
    cpSync(join(examplesDir, "intake.yaml"), join(dir, "intake.yaml"));
    const r = synth(["--target", "sovereign"], out, { examplesDir: dir });
    expect(r.code).toBe(0);
    const changes = changesOf(out);
    expect(changes.removed).toEqual(["logistics-sovereign", "planning-sovereign"]);
    expect(changes.outsideSelection).toEqual(["intake-aws", "logistics-aws"]);
  });
});

describe("a failing synth after an incremental one", () => {
  test("leaves the previous output, change list and kept folders exactly as they were", () => {
    const specsDir = join(mkdtempSync(join(tmpdir(), "polder-inc-fail-")), "specs");
    const alpha = { name: "alpha", owner: "team-a", classification: "intern", versioning: true, key: false } as const;
    writeSpecs(specsDir, [alpha, { ...alpha, name: "bravo" }]);
    const out = fresh("fail");
    expect(synth([], out, { examplesDir: specsDir }).code).toBe(0);
    writeSpecs(specsDir, [alpha, { ...alpha, name: "bravo", versioning: false }]);
    expect(synth([], out, { examplesDir: specsDir }).code).toBe(0);
    mark(out, "alpha-aws");
    const before = outputTree(out);
    // bravo changes again, and a third app fails while the stacks are built: alpha's folders must
    // not have moved, bravo's new JSON must not be there, changes.json must be the last one.
    writeSpecs(specsDir, [alpha, { ...alpha, name: "bravo", versioning: true }]);
    writeFileSync(join(specsDir, "zulu.yaml"), "name: zulu\nowner: team\nclassification: intern\ncomponents:\n  k:\n    kind: key\n    strategy: vm\n");
    const r = synth([], out, { examplesDir: specsDir });
    expect(r.code).toBe(1);
    expect(outputTree(out)).toEqual(before);
    expect(readdirSync(dirname(out)).filter((f) => f.startsWith(".polder-out-"))).toEqual([]);
  });
});
