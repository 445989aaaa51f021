// Every sovereign stack is checked against the OpenStack provider schema the bindings came from:
// no unknown resource type or argument, every required argument set, no computed-only one set.
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { loadAppSpec } from "../lib/app/load";
import type { AppSpec } from "../lib/app/spec";
import { evaluatePlacement } from "../lib/policy/placement";
import { checkAgainstSchema } from "../providers/openstack/schema-check";
import { projectTargets } from "../stacks/targets";
import { ALL_SERVICES, OPENSTACK_SCHEMA, sovereignTarget, synthSovereign } from "./support/sovereign";
import { specWith } from "./support/synth";

// Defaults, not this machine's POLDER_* variables: outputs stay the same everywhere.
const PROJECT_TARGETS = projectTargets({});

const dir = join(__dirname, "..", "examples");
const examples = readdirSync(dir).filter((f) => /\.(ya?ml|json)$/.test(f)).sort();
const project = PROJECT_TARGETS.filter((t) => t.id === "sovereign");

test("the project synthesizes for a sovereign target", () => {
  expect(project).toHaveLength(1);
});

describe.each(examples)("example %s on the project's sovereign target", (file) => {
  test("is allowed and matches the provider schema", () => {
    const spec = loadAppSpec(join(dir, file));
    const target = project[0] as ReturnType<typeof sovereignTarget>;
    expect(evaluatePlacement(spec, target).allowed).toBe(true);
    expect(checkAgainstSchema(OPENSTACK_SCHEMA, synthSovereign(spec as unknown as AppSpec, target).json)).toEqual([]);
  });
});

/** Every kind, every backend and zone combination. */
const EVERYTHING: AppSpec = specWith(
  {
    key: { kind: "key" },
    logs: { kind: "log-sink" },
    token: { kind: "secret" },
    zone: { kind: "dns-zone", domain: "demo.example.nl", records: [{ name: "@", type: "TXT", values: ["v=spf1 -all"] }] },
    files: { kind: "bucket" },
    db: { kind: "postgres", highAvailability: true },
    k8s: { kind: "kubernetes", size: "medium" },
    vms: { kind: "vm-group", bootstrap: "#!/bin/sh\nexec /opt/app/serve" },
    // stg-geheim endpoints serve named networks only (exposure rule).
    web: { kind: "public-endpoint", domain: "www.demo.example.nl", backend: "vms", zone: "zone", allowedCidrs: ["10.0.0.0/8"] },
    api: { kind: "public-endpoint", domain: "api.demo.example.nl", backend: "k8s", port: 30443, allowedCidrs: ["10.0.0.0/8"] },
  },
  { classification: "stg-geheim" },
);
const KM = { name: "Vault", keyRef: "vault://kms.example.nl/keys" };

const variants = {
  "every optional service": sovereignTarget({ services: ALL_SERVICES, accreditedUpTo: "stg-geheim" }),
  "SCS mandatory set + Barbican": sovereignTarget({ services: { keyManager: true }, accreditedUpTo: "stg-geheim" }),
  "Swift only, project per app": sovereignTarget({ s3Endpoint: undefined, services: { s3: false, swift: true, keyManager: true }, projectPerApp: true, accreditedUpTo: "stg-geheim" }),
};

describe.each(Object.entries(variants))("everything on a cloud with %s", (_name, target) => {
  test("matches the provider schema", () => {
    expect(checkAgainstSchema(OPENSTACK_SCHEMA, synthSovereign(EVERYTHING, target).json)).toEqual([]);
  });
});

test("external key manager strategies match the provider schema", () => {
  const spec = specWith({ key: { kind: "key" }, token: { kind: "secret" }, zone: { kind: "dns-zone", domain: "demo.example.nl" }, files: { kind: "bucket" } });
  expect(checkAgainstSchema(OPENSTACK_SCHEMA, synthSovereign(spec, sovereignTarget({ externalKeyManager: KM })).json)).toEqual([]);
});

test("the check finds a wrong argument (it can fail)", () => {
  const json = synthSovereign(specWith({}), sovereignTarget()).json;
  const network = Object.values(json.resource!.openstack_networking_network_v2)[0] as Record<string, unknown>;
  network.cidr = "10.0.0.0/16";
  expect(checkAgainstSchema(OPENSTACK_SCHEMA, json)).toEqual([expect.stringContaining("cidr")]);
});
