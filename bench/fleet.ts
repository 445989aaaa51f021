import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
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
    // Distinct domains per app, so no two apps claim the same zone or certificate.
    for (const component of Object.values(spec.components))
      if (typeof component.domain === "string") component.domain = component.domain.replace(template.name, spec.name);
    const file = join(dir, `${spec.name}.json`);
    writeFileSync(file, `${JSON.stringify(spec, null, 2)}\n`);
    files.push(file);
  }
  return files;
}
