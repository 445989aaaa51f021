// Migration runbooks for every example between every pair of project targets: refused pairs stop
// with the rule; every command reads only outputs (and resources) the stacks it names really have.
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { loadAppSpec } from "../lib/app/load";
import { PlacementError } from "../lib/core/errors";
import { runPolder } from "../lib/cli/polder";
import { planMigration } from "../lib/migrate/plan-migration";
import { renderRunbook } from "../lib/migrate/runbook-markdown";
import { buildRunbook, type Runbook } from "../lib/migrate/runbook";
import type { Target } from "../lib/core/target";
import { synthesizeStacks } from "../lib/migrate/synthesize";
import { outputReads } from "../lib/migrate/commands";
import { evaluatePlacement } from "../lib/policy/placement";
import type { StackJson } from "../lib/report/stack-json";
import { projectTargets } from "../stacks/targets";

const examplesDir = join(__dirname, "..", "examples");
const targets = projectTargets({});
const EXAMPLES = ["intake", "logistics", "planning"];
const pairs = EXAMPLES.flatMap((app) => targets.flatMap((from) => targets.filter((to) => to !== from).map((to) => ({ app, from, to }))));
const spec = (app: string) => loadAppSpec(join(examplesDir, `${app}.yaml`));

/** Each (app, target) stack synthesized once; runbooks are built from them (buildRunbook is pure). */
const stacks = new Map<string, { stackId: string; json: StackJson }>();
function stack(app: string, target: Target) {
  const key = `${app}:${target.name}`;
  if (!stacks.has(key)) stacks.set(key, synthesizeStacks(spec(app), [target])[0]);
  return stacks.get(key)!;
}
const planned = new Map<string, { runbook: Runbook; json: Map<string, StackJson> }>();
function plan(app: string, fromName: string, toName: string) {
  const key = `${app}:${fromName}:${toName}`;
  if (!planned.has(key)) {
    const from = targets.find((t) => t.name === fromName)!;
    const to = targets.find((t) => t.name === toName)!;
    const a = stack(app, from);
    const b = stack(app, to);
    const dir = (id: string) => `cdktf.out/stacks/${id}`;
    const runbook = buildRunbook({
      spec: spec(app),
      from: { target: from, json: a.json, stack: { stackId: a.stackId, dir: dir(a.stackId) } },
      to: { target: to, json: b.json, stack: { stackId: b.stackId, dir: dir(b.stackId) } },
      placement: evaluatePlacement(spec(app), to),
    });
    planned.set(key, { runbook, json: new Map([[dir(a.stackId), a.json], [dir(b.stackId), b.json]]) });
  }
  return planned.get(key)!;
}

const allowed = pairs.filter((p) => evaluatePlacement(spec(p.app), p.from).allowed && evaluatePlacement(spec(p.app), p.to).allowed);
const refused = pairs.filter((p) => !allowed.includes(p));

describe("a runbook for every example between every pair of project targets", () => {
  test("the pairs cover every example and both directions; planning is refused on and off every public cloud", () => {
    expect(pairs).toHaveLength(EXAMPLES.length * targets.length * (targets.length - 1));
    expect(refused.map((p) => `${p.app}:${p.from.name}->${p.to.name}`)).toContain("planning:sovereign->aws");
    // A pair is refused exactly when the placement rules refuse the app on one of its two targets.
    for (const p of pairs) expect(refused.includes(p)).toBe(!evaluatePlacement(spec(p.app), p.from).allowed || !evaluatePlacement(spec(p.app), p.to).allowed);
    for (const p of refused.filter((r) => r.app === "planning")) expect(p.from.sovereignty.publicCloud || p.to.sovereignty.publicCloud).toBe(true);
  });

  test("planMigration synthesizes both stacks itself and builds the same runbook", () => {
    const [aws, sovereign] = [targets.find((t) => t.name === "aws")!, targets.find((t) => t.name === "sovereign")!];
    expect(planMigration(spec("logistics"), aws, sovereign)).toEqual(plan("logistics", "aws", "sovereign").runbook);
  });

  test.each(refused.map((p) => [p.app, p.from.name, p.to.name] as const))("%s from %s to %s is refused with the rule named: exit 1", async (app, from, to) => {
    const f = targets.find((t) => t.name === from)!;
    const t = targets.find((x) => x.name === to)!;
    expect(() => planMigration(spec(app), f, t)).toThrow(PlacementError);
    const errors: string[] = [];
    const code = await runPolder(["plan-migration", "--spec", join(examplesDir, `${app}.yaml`), "--from", from, "--to", to], { targets, examplesDir }, { log: () => undefined, error: (m: string) => errors.push(m) });
    expect(code).toBe(1);
    const refusedOn = [f, t].find((x) => !evaluatePlacement(spec(app), x).allowed)!;
    const verdict = evaluatePlacement(spec(app), refusedOn);
    expect(errors.join("\n")).toContain(`placement refused by rule '${verdict.rule}': classification '${spec(app).classification}' on target '${refusedOn.name}'`);
  });

  test.each(allowed.map((p) => [p.app, p.from.name, p.to.name] as const))("%s from %s to %s: every output a command reads exists in the stack it names", (app, from, to) => {
    const { runbook, json } = plan(app, from, to);
    let reads = 0;
    let resources = 0; // counted for debugging: not every pair reads a resource (a Swift-only destination has none)
    for (const step of runbook.steps) {
      for (const command of step.commands) {
        for (const r of outputReads(command)) {
          reads++;
          const stack = json.get(r.dir);
          expect(stack, `${step.id}: ${r.dir} is one of the two stacks`).toBeDefined();
          const output = stack!.output?.[r.output];
          expect(output, `${step.id}: output ${r.output} in ${r.dir}`).toBeDefined();
          if (r.field) expect(Object.keys(output!.value as object), `${step.id}: ${r.output}.${r.field}`).toContain(r.field);
        }
        // Resources read from the state or edited for the decommission exist in that stack.
        for (const m of [
          ...command.matchAll(/terraform -chdir=(\S+) show -json \| jq (?:-r )?'[^']*select\(\.address=="([^"]+)"\)/g),
          ...command.matchAll(/terraform -chdir=(\S+) apply -target=(\S+)/g),
        ]) {
          resources++;
          const [type, id] = m[2].split(".");
          expect(json.get(m[1])!.resource?.[type]?.[id], `${step.id}: ${m[2]} in ${m[1]}`).toBeDefined();
        }
        for (const m of command.matchAll(/jq '\.resource\["([^"]+)"\]\["([^"]+)"\]\.[^']*' (\S+)\/cdk\.tf\.json/g)) expect(json.get(m[3])!.resource?.[m[1]]?.[m[2]], `${step.id}: ${m[1]}.${m[2]}`).toBeDefined();
      }
      expect(step.reads.length).toBe(step.commands.flatMap(outputReads).length);
    }
    expect(reads).toBeGreaterThan(0);
  });

  test.each(allowed.map((p) => [p.app, p.from.name, p.to.name] as const))("%s from %s to %s: steps come in order, each after the steps it depends on", (app, from, to) => {
    const { runbook } = plan(app, from, to);
    const order = new Map(runbook.steps.map((s) => [s.id, s.order]));
    expect(new Set(runbook.steps.map((s) => s.id)).size).toBe(runbook.steps.length);
    expect(runbook.steps.map((s) => s.order)).toEqual(runbook.steps.map((_, i) => i + 1));
    for (const s of runbook.steps) for (const d of s.dependsOn) expect(order.get(d), `${s.id} after ${d}`).toBeLessThan(s.order);
    expect(runbook.steps[0].id).toBe("pre-placement");
    expect(runbook.steps.at(-1)!.id).toBe("decommission");
  });

  test.each(allowed.map((p) => [p.app, p.from.name, p.to.name] as const))("%s from %s to %s: a data step per stateful or workload component, and no connection contract difference", (app, from, to) => {
    const { runbook } = plan(app, from, to);
    for (const c of spec(app).components.filter((c) => ["postgres", "bucket", "secret", "key", "log-sink", "kubernetes", "vm-group"].includes(c.kind)))
      expect(runbook.steps.map((s) => s.id)).toContain(`data-${c.name}`);
    expect(runbook.connectionContract).toMatchObject({ same: true, differences: [] });
    expect(runbook.steps.find((s) => s.id === "pre-connection-contract")!.title).toBe("Connection contract: no differences");
  });

  test.each(allowed.map((p) => [p.app, p.from.name, p.to.name] as const))("%s from %s to %s: the decommission lifts every deletion protection of the source, one by one", (app, from, to) => {
    const { runbook, json } = plan(app, from, to);
    const source = json.get(runbook.from.dir)!;
    const decommission = runbook.steps.find((s) => s.id === "decommission")!;
    const preventDestroy = Object.entries(source.resource ?? {}).flatMap(([type, byId]) => Object.entries(byId).filter(([, r]) => (r as { lifecycle?: { prevent_destroy?: boolean } }).lifecycle?.prevent_destroy).map(([id]) => `${type}.${id}`));
    expect(preventDestroy.length).toBeGreaterThan(0);
    for (const address of preventDestroy) {
      const [type, id] = address.split(".");
      expect(decommission.commands).toContainEqual(expect.stringContaining(`.resource["${type}"]["${id}"].lifecycle.prevent_destroy = false`));
      expect(decommission.notes.join("\n")).toContain(`${address} (component`);
    }
    expect(decommission.commands.at(-1)).toBe(`terraform -chdir=${runbook.from.dir} destroy`);
    expect(decommission.dependsOn).toEqual(["verify-window"]);
  });

  test("an RDS deletion protection is switched off and applied before the destroy", () => {
    const { runbook } = plan("logistics", "aws", "sovereign");
    const commands = runbook.steps.find((s) => s.id === "decommission")!.commands;
    const lift = commands.findIndex((c) => c.includes('["aws_db_instance"]') && c.includes(".deletion_protection = false"));
    const apply = commands.indexOf(`terraform -chdir=${runbook.from.dir} apply  # only the protection attributes change: check the plan says so`);
    expect(lift).toBeGreaterThan(0);
    expect(apply).toBeGreaterThan(lift);
  });

  test("the postgres move checks the version and copies with pg_dump/pg_restore by default, logical replication on request", () => {
    const dump = plan("logistics", "aws", "sovereign").runbook.steps.find((s) => s.id === "data-orders-db")!;
    expect(dump.commands.join("\n")).toMatch(/show server_version_num[\s\S]*pg_dump --format=custom[\s\S]*pg_restore/);
    const logical = planMigration(spec("logistics"), targets.find((t) => t.name === "aws")!, targets.find((t) => t.name === "sovereign")!, { postgresMethod: "logical" }).steps.find((s) => s.id === "data-orders-db")!;
    expect(logical.commands.join("\n")).toContain("CREATE PUBLICATION polder_migration FOR ALL TABLES");
    expect(logical.notes.join(" ")).toContain("rds.logical_replication");
  });

  test("secrets are re-entered by their owner, never through Polder; the bucket sync verifies checksums", () => {
    const { runbook } = plan("logistics", "sovereign", "aws");
    const secret = runbook.steps.find((s) => s.id === "data-api-token")!;
    expect(secret.commands).toEqual([expect.stringMatching(/^openstack secret get .* > value\.txt$/), expect.stringMatching(/^aws secretsmanager put-secret-value .*file:\/\/value\.txt$/), "shred -u value.txt"]);
    expect(runbook.steps.find((s) => s.id === "data-documents")!.commands.at(-1)).toMatch(/^rclone sync .* --checksum/);
    expect(runbook.steps.find((s) => s.id === "verify-documents")!.commands[0]).toMatch(/^rclone check .* --download/);
  });

  test("the log sink says how long old logs are kept; the DNS zone is cut over by delegation after its TTL was lowered", () => {
    const { runbook } = plan("logistics", "aws", "sovereign");
    expect(runbook.steps.find((s) => s.id === "data-audit")!.commands[0]).toBe('date -u -d "+365 days" +%F  # run on the cut-over day: the old logs must be kept until this date');
    const order = (id: string) => runbook.steps.find((s) => s.id === id)!.order;
    expect(order("data-zone-ttl")).toBeLessThan(order("cut-over-zone"));
    expect(runbook.steps.find((s) => s.id === "cut-over-zone")!.commands[0]).toMatch(/^openstack recordset list .* --type NS/);
  });

  test("the destination's certificate prerequisite comes from its own output, before the apply", () => {
    const { runbook, json } = plan("intake", "aws", "sovereign");
    const setup = (json.get(runbook.to.dir)!.output!.portal_certificate_setup.value as { commands: string[] }).commands;
    const step = runbook.steps.find((s) => s.id === "build-prerequisites")!;
    for (const c of setup) expect(step.commands).toContain(c);
    expect(runbook.steps.find((s) => s.id === "build-apply")!.dependsOn).toContain("build-prerequisites");
  });

  test.each([["aws", "azure"], ["aws", "gcp"], ["aws", "s3ns"]])("logistics from %s to %s: every command and note is described for both kinds", (from, to) => {
    const { runbook } = plan("logistics", from, to);
    expect(renderRunbook(runbook)).not.toContain("not described");
  });

  test("onto Google, GKE's network endpoint groups are attached to the endpoint after the workloads run, before the freeze", () => {
    const { runbook } = plan("logistics", "aws", "gcp");
    const step = runbook.steps.find((s) => s.id === "data-api-backend")!;
    expect(step.dependsOn).toEqual(["data-api-cluster"]);
    expect(step.reads.map((r) => `${r.output}.${r.field}`)).toEqual(expect.arrayContaining(["api_backend_setup.service_annotation", "api_backend_setup.add_backend"]));
    expect(runbook.steps.find((s) => s.id === "cut-over-freeze")!.dependsOn).toContain("data-api-backend");
    expect(plan("logistics", "gcp", "aws").runbook.steps.some((s) => s.id === "data-api-backend")).toBe(false);
  });

  test("the Markdown has every phase, every step and its commands", () => {
    const { runbook } = plan("logistics", "aws", "sovereign");
    const md = renderRunbook(runbook);
    for (const h of ["1. Pre-checks", "2. Build the destination", "3. Move the data", "4. Cut over", "5. Verify", "6. Roll back", "7. Decommission"]) expect(md).toContain(`## ${h}`);
    for (const s of runbook.steps) {
      expect(md).toContain(`### Step ${s.order}: ${s.title}`);
      for (const c of s.commands) expect(md).toContain(c);
    }
  });
});
