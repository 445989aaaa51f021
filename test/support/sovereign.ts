import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { AppSpec } from "../../lib/app/spec";
import type { TargetStackProps } from "../../lib/core/target-stack";
import { sovereign, type SovereignTarget, type SovereignTargetProps } from "../../lib/targets/openstack/target";
import { synthApp, type TfJson } from "./synth";

/** The OpenStack provider schema the bindings were generated from. */
export const OPENSTACK_SCHEMA = JSON.parse(readFileSync(join(__dirname, "..", "..", "providers", "openstack", "schema.json"), "utf8"));

/** An SCS cloud with an S3 endpoint; `props` override or extend it. */
export function sovereignTarget(props: Partial<SovereignTargetProps> = {}): SovereignTarget {
  return sovereign({ cloud: "test-cloud", region: "RegionOne", s3Endpoint: "https://s3.test.example.nl", adminAccess: TEST_ADMIN_ACCESS, egress: TEST_EGRESS, ...props });
}

/** The admin path every test cloud names (postgres vm and k3s need one). */
export const TEST_ADMIN_ACCESS = { keyPair: "polder-admins", cidrs: ["192.168.250.0/24"] } as const;

/** Where classified apps' machines may go (departementaal-vertrouwelijk and above need it). */
export const TEST_EGRESS = { network: "egress-only", proxy: "http://proxy.test.example.nl:3128", cidrs: ["192.168.251.0/24"] };

/** Every optional service on. */
export const ALL_SERVICES = { dns: true, keyManager: true, swift: true, database: true, kubernetes: true } as const;

/**
 * Synthesizes one app on a sovereign target. `json` keeps cdktf's `//` comments (where the
 * strategy notes live); the shared helper strips them.
 */
export function synthSovereign(spec: AppSpec, target: SovereignTarget, stackProps: Partial<TargetStackProps> = {}): { json: TfJson & Record<string, any>; text: string } {
  const { stack } = synthApp(spec, target, stackProps);
  const json = JSON.parse(JSON.stringify(stack.toTerraform()));
  return { json, text: JSON.stringify(json) };
}

/** Resources of a type as [logical id, config]. */
export function all(json: TfJson, type: string): [string, any][] {
  return Object.entries(json.resource?.[type] ?? {});
}

/** The config of the only resource of a type whose logical id contains `part`. */
export function one(json: TfJson, type: string, part = ""): any {
  const found = all(json, type).filter(([id]) => id.includes(part));
  if (found.length !== 1) throw new Error(`expected one ${type} matching '${part}', found ${found.length}: ${found.map(([id]) => id).join(", ")}`);
  return found[0][1];
}

/** The strategy note of a resource (`"//": { "polder": ... }`). */
export function noteOf(resource: any): string | undefined {
  return resource?.["//"]?.polder;
}
