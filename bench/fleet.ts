import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { parse } from "yaml";

/** The largest example: the template of every fleet app. */
export const FLEET_TEMPLATE = "logistics.yaml";

/**
 * Writes `count` app specs like the largest example, each with its own name and domains, into
 * `dir` (emptied first) and returns their paths in order.
 */
export function writeFleet(examplesDir: string, dir: string, count: number): string[] {
  const template = parse(readFileSync(join(examplesDir, FLEET_TEMPLATE), "utf8")) as { name: string; components: Record<string, Record<string, unknown>> };
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const files: string[] = [];
  for (let i = 1; i <= count; i++) {
    const spec = structuredClone(template);
    spec.name = `fleet-${String(i).padStart(3, "0")}`;
    // Distinct domains per app, so no two apps claim the same zone (Designate zones and hosted
    // zones are unique in their cloud) or certificate: each zone's domain, and every domain in it,
    // gets the app's name in front of the zone's.
    const zones = Object.values(template.components).filter((c) => c.kind === "dns-zone").map((c) => c.domain as string);
    for (const component of Object.values(spec.components)) {
      if (typeof component.domain !== "string") continue;
      const d = component.domain;
      const zone = zones.find((z) => d === z || d.endsWith(`.${z}`));
      component.domain = zone ? `${d.slice(0, d.length - zone.length)}${spec.name}.${zone}` : d.replace(template.name, spec.name);
    }
    const file = join(dir, `${spec.name}.json`);
    writeFileSync(file, `${JSON.stringify(spec, null, 2)}\n`);
    files.push(file);
  }
  return files;
}

/**
 * Throws unless the synth in `outdir` built exactly one stack per fleet app and target name
 * (`<app>-<target>`): a fleet that silently skipped a target (its classification not allowed
 * there, a target missing from the project) would measure less than it claims.
 */
export function checkFleetStacks(outdir: string, files: readonly string[], targets: readonly string[]): void {
  const manifest = JSON.parse(readFileSync(join(outdir, "manifest.json"), "utf8")) as { stacks: Record<string, unknown> };
  const built = new Set(Object.keys(manifest.stacks));
  const want = files.flatMap((f) => targets.map((t) => `${basename(f).replace(/\.json$/, "")}-${t}`));
  const missing = want.filter((id) => !built.has(id));
  const extra = [...built].filter((id) => !want.includes(id));
  if (missing.length || extra.length)
    throw new Error(
      `bench: the fleet of ${files.length} app(s) on ${targets.join(", ")} should build ${want.length} stacks; ` +
        `missing ${missing.length} (${missing.slice(0, 5).join(", ")}), unexpected ${extra.length} (${extra.slice(0, 5).join(", ")})`,
    );
}
