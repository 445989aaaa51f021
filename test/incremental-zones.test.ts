// Incremental synth with landing zones (issue #15): a zone's stack and the apps placed in it form
// a group that is kept, or rebuilt, whole; the rest of the fleet is kept as before; the output is
// always the bytes of a full synth. In process through runMain, build fingerprint given by the test.
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { runMain } from "../lib/cli/main";
import { closeGroups } from "../lib/cli/zone-groups";
import type { Target } from "../lib/core/target";
import { targets } from "../lib/targets";
import { diffChanges, outputTree } from "./support/output-tree";

const TARGETS: Target[] = [
  targets.aws({ region: "eu-central-1" }),
  targets.sovereign({ cloud: "polder", region: "RegionOne", accreditedUpTo: "stg-geheim", s3Endpoint: "https://objectstore.polder.example.nl", externalNetwork: "public", services: { dns: true, keyManager: true, swift: true }, adminAccess: { keyPair: "polder-admins", cidrs: ["192.168.250.0/24"] }, egress: { network: "egress", proxy: "http://proxy.polder.example.nl:3128", cidrs: ["192.168.251.0/24"] } }),
];

interface Fleet {
  /** The zone's monthly budget: a zone field whose change changes the zone's stacks. */
  readonly budget: number;
  /** Apps by name: whether each is placed in the zone, and a field that changes its stack. */
  readonly apps: Readonly<Record<string, { readonly inZone: boolean; readonly versioning: boolean }>>;
}

const ZONE = (budget: number) => ({
  name: "lab",
  owner: "platform",
  units: { apps: { kind: "workload", classification: "intern" }, quarantine: { kind: "quarantine" } },
  tenancies: { shared: { unit: "apps" } },
  hubNetwork: { cidr: "10.240.0.0/20", egress: "nat", zones: 1 },
  identity: { adminGroups: { apps: "GG-Apps" }, breakGlass: [{ name: "bg-one", contact: "a@example.nl" }, { name: "bg-two", contact: "b@example.nl" }] },
  budgets: { monthly: budget, contacts: ["finance@example.nl"] },
});

/** Writes the fleet as the only files of `dir`: plain apps in `dir/apps`, the zone and its apps in `dir/zones`. */
function writeFleet(dir: string, fleet: Fleet): { examplesDir: string; landingZonesDir: string } {
  rmSync(dir, { recursive: true, force: true });
  const examplesDir = join(dir, "apps");
  const landingZonesDir = join(dir, "zones");
  mkdirSync(examplesDir, { recursive: true });
  mkdirSync(join(landingZonesDir, "apps"), { recursive: true });
  writeFileSync(join(landingZonesDir, "lab.json"), JSON.stringify(ZONE(fleet.budget)));
  Object.entries(fleet.apps).forEach(([name, a], i) => {
    const spec = {
      name,
      owner: "team-a",
      classification: "intern",
      network: { cidr: `10.${10 + i}.0.0/20` },
      components: { docs: { kind: "bucket", versioning: a.versioning } },
      ...(a.inZone ? { landingZone: { zone: "lab", unit: "apps", tenancy: "shared" } } : {}),
    };
    writeFileSync(join(a.inZone ? join(landingZonesDir, "apps") : examplesDir, `${name}.json`), JSON.stringify(spec));
  });
  return { examplesDir, landingZonesDir };
}

function synth(args: string[], outdir: string, dirs: { examplesDir: string; landingZonesDir: string }) {
  const lines: string[] = [];
  const code = runMain([...args, "--outdir", outdir, "--jobs", "1"], { targets: TARGETS, buildFingerprint: () => "build-1", ...dirs }, { log: (m: string) => lines.push(m), error: (m: string) => lines.push(m) });
  const text = lines.join("\n");
  return { code, text, kept: Number(/\((\d+) kept: inputs unchanged\)/.exec(text)?.[1] ?? 0) };
}

const changesOf = (outdir: string) => JSON.parse(readFileSync(join(outdir, "changes.json"), "utf8"));

describe("closeGroups (pure)", () => {
  const plan = { build: ["b"], reuse: ["lab-aws", "a", "c"], outsideSelection: [], removed: [] };
  test("a group with one member built is built whole", () => {
    expect(closeGroups(plan, [["lab-aws", "b"]])).toMatchObject({ build: ["b", "lab-aws"], reuse: ["a", "c"] });
  });
  test("a group with nothing built stays kept", () => {
    expect(closeGroups(plan, [["lab-aws", "a"]])).toBe(plan);
  });
});

describe("a fleet with a landing zone, synthesized again", () => {
  const base = mkdtempSync(join(tmpdir(), "polder-inc-zones-"));
  const outdir = join(base, "out");
  const fleet: Fleet = { budget: 300, apps: { alpha: { inZone: true, versioning: true }, bravo: { inZone: false, versioning: true }, charlie: { inZone: false, versioning: false } } };
  const first = synth([], outdir, writeFleet(join(base, "specs"), fleet));

  test("the first synth builds the zone and its app on both targets", () => {
    expect(first.code, first.text).toBe(0);
    expect(changesOf(outdir).added).toEqual(["alpha-aws", "alpha-sovereign", "bravo-aws", "bravo-sovereign", "charlie-aws", "charlie-sovereign", "lab-aws", "lab-sovereign"]);
  });

  test("with nothing changed, the zones and the apps in them are kept like every other stack", () => {
    const again = synth([], outdir, writeFleet(join(base, "specs"), fleet));
    expect(again.code, again.text).toBe(0);
    expect(again.kept).toBe(8);
    expect(changesOf(outdir).unchanged).toHaveLength(8);
  });

  test("a changed zone rebuilds the zone and the apps placed in it, and keeps the others", () => {
    const out = join(base, "zone-changed");
    cpSync(outdir, out, { recursive: true });
    const r = synth([], out, writeFleet(join(base, "specs"), { ...fleet, budget: 400 }));
    expect(r.code, r.text).toBe(0);
    // Both groups are rebuilt (4 kept: bravo and charlie); only AWS has budgets, so only its zone's JSON differs.
    expect(r.kept).toBe(4);
    expect(changesOf(out).changed).toEqual(["lab-aws"]);
  });

  test("a changed app in the zone rebuilds it with its zone on that target's group, and keeps the apps outside", () => {
    const out = join(base, "app-changed");
    cpSync(outdir, out, { recursive: true });
    const r = synth([], out, writeFleet(join(base, "specs"), { ...fleet, apps: { ...fleet.apps, alpha: { inZone: true, versioning: false } } }));
    expect(r.code, r.text).toBe(0);
    expect(r.kept).toBe(4);
    expect(changesOf(out).changed).toEqual(["alpha-aws", "alpha-sovereign"]);
  });
});

describe("a group is never half kept", () => {
  test("a zone's stack file edited by hand rebuilds the zone with its apps: the bytes of a full synth", () => {
    const base = mkdtempSync(join(tmpdir(), "polder-inc-zones-half-"));
    const dirs = writeFleet(join(base, "specs"), { budget: 300, apps: { alpha: { inZone: true, versioning: true } } });
    const out = join(base, "out");
    expect(synth([], out, dirs).code).toBe(0);
    const file = join(out, "stacks", "lab-aws", "cdk.tf.json");
    writeFileSync(file, `${readFileSync(file, "utf8")} `);
    const full = join(base, "full");
    expect(synth(["--full"], full, dirs).code).toBe(0);
    const r = synth([], out, dirs);
    expect(r.code, r.text).toBe(0);
    expect(r.kept).toBe(2);
    expect(outputTree(out)["stacks/lab-aws/cdk.tf.json"]).toBe(outputTree(full)["stacks/lab-aws/cdk.tf.json"]);
  });
});

describe("property: an incremental synth after random edits of zones and apps is a full synth", () => {
  type Edit = { op: "budget" } | { op: "versioning"; at: number } | { op: "move"; at: number } | { op: "nothing" };
  const edit: fc.Arbitrary<Edit> = fc.oneof(
    fc.constant({ op: "budget" as const }),
    fc.record({ op: fc.constant("versioning" as const), at: fc.nat(2) }),
    fc.record({ op: fc.constant("move" as const), at: fc.nat(2) }),
    fc.constant({ op: "nothing" as const }),
  );
  const names = ["alpha", "bravo", "charlie"];
  function apply(f: Fleet, e: Edit): Fleet {
    if (e.op === "budget") return { ...f, budget: f.budget === 300 ? 400 : 300 };
    if (e.op === "nothing") return f;
    const name = names[e.at];
    const a = f.apps[name];
    return { ...f, apps: { ...f.apps, [name]: e.op === "move" ? { ...a, inZone: !a.inZone } : { ...a, versioning: !a.versioning } } };
  }

  test("same bytes as a full synth into the same previous output, and a change list equal to the diff", () => {
    let kept = 0;
    fc.assert(
      fc.property(fc.array(fc.boolean(), { minLength: 3, maxLength: 3 }), fc.array(edit, { minLength: 1, maxLength: 3 }), (inZone, edits) => {
        const base = mkdtempSync(join(tmpdir(), "polder-inc-zprop-"));
        const incremental = join(base, "incremental");
        let fleet: Fleet = { budget: 300, apps: Object.fromEntries(names.map((n, i) => [n, { inZone: inZone[i], versioning: true }])) };
        for (const e of [{ op: "nothing" } as Edit, ...edits]) {
          fleet = apply(fleet, e);
          const dirs = writeFleet(join(base, "specs"), fleet);
          const before = existsSync(incremental) ? outputTree(incremental) : {};
          const full = join(base, `full-${Math.random().toString(36).slice(2)}`);
          if (existsSync(incremental)) cpSync(incremental, full, { recursive: true });
          const inc = synth([], incremental, dirs);
          expect(inc.code, inc.text).toBe(0);
          kept += inc.kept;
          expect(synth(["--full"], full, dirs).code).toBe(0);
          const after = outputTree(incremental);
          expect(after).toEqual(outputTree(full));
          const changes = changesOf(incremental);
          expect({ added: changes.added, changed: changes.changed, unchanged: changes.unchanged, removed: changes.removed }).toEqual(diffChanges(before, after));
          rmSync(full, { recursive: true, force: true });
        }
        rmSync(base, { recursive: true, force: true });
      }),
      { seed: 1512, numRuns: 5 },
    );
    expect(kept).toBeGreaterThan(0);
  }, 240_000);
});
