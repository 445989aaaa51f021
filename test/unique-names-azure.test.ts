// Azure: every app has its own resource group, and the names that are unique in the world (storage
// accounts, Key Vaults, PostgreSQL servers) carry a hash of target, app and component joined with
// '/', so two apps whose names join to the same text with '-' still get distinct names. Proved on
// real synthesized stacks. What one app on two Azure targets can still collide on (the shared
// network watcher, a shared Managed HSM) is listed by the target and checked by the synth.
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { loadAppSpec } from "../lib/app/load";
import { parseAppSpec, type ResolvedAppSpec } from "../lib/app/spec";
import { planSynth } from "../lib/cli/main";
import { findNameCollisions } from "../lib/core/unique-names";
import { targets } from "../lib/targets";
import type { AzureTarget } from "../lib/targets/azure/target";
import { azureUniqueNames } from "../lib/targets/azure/unique-names";
import { projectTargets } from "../stacks/targets";
import { synthApp, type TfJson } from "./support/synth";

const azure = projectTargets({}).find((t): t is AzureTarget => t.id === "azure")!;
const SUBSCRIPTION = "00000000-0000-0000-0000-000000000001";
const HSM = `/subscriptions/${SUBSCRIPTION}/resourceGroups/keys/providers/Microsoft.KeyVault/managedHSMs/polder-hsm`;

/** Names Azure requires to be unique in the world, and the resource group (unique in the subscription). */
const GLOBAL: Record<string, string> = {
  azurerm_storage_account: "storage account",
  azurerm_key_vault: "Key Vault",
  azurerm_postgresql_flexible_server: "PostgreSQL server",
  azurerm_resource_group: "resource group",
};

function globalNames(json: TfJson): string[] {
  return Object.entries(GLOBAL).flatMap(([type, namespace]) => Object.values(json.resource?.[type] ?? {}).map((r) => `${namespace}: ${r.name}`));
}

/** Every name the target lists, as the synthesized stack has it: the world-unique ones and those in shared places. */
const NAMED: Record<string, string> = {
  ...GLOBAL,
  azurerm_network_watcher_flow_log: "network watcher flow log",
  azurerm_key_vault_managed_hardware_security_module_key: "Managed HSM key",
};
const namedIn = (json: TfJson) =>
  Object.entries(NAMED)
    .flatMap(([type, namespace]) => Object.values(json.resource?.[type] ?? {}).map((r) => `${namespace}: ${r.name}`))
    .sort();

const distinct = (names: readonly string[]) => names.filter((n, i) => names.indexOf(n) !== i);

describe("Azure names unique beyond one app", () => {
  test("differ for two apps whose app and component names join to the same text ('xx-yy' + 'a', 'xx' + 'yy-a')", () => {
    const components = (c: string) => ({ [c]: { kind: "bucket" }, [`${c}-db`]: { kind: "postgres" } });
    const a = synthApp(parseAppSpec({ name: "xx-yy", owner: "t", classification: "intern", components: components("a") }), azure).json;
    const b = synthApp(parseAppSpec({ name: "xx", owner: "t", classification: "intern", components: components("yy-a") }), azure).json;
    const names = [...globalNames(a), ...globalNames(b)];
    // Each app has its storage accounts (bucket, flow logs), vault, server and group.
    expect(names.filter((n) => n.startsWith("storage account: xxyya"))).toHaveLength(2);
    expect(names.filter((n) => n.startsWith("PostgreSQL server: xx-yy-a-db-"))).toHaveLength(2);
    expect(names.filter((n) => n.startsWith("Key Vault: "))).toHaveLength(2);
    expect(distinct(names)).toEqual([]);
  });

  test("differ across every example on the Azure project target, each listed exactly as synthesized", () => {
    const specs = readdirSync(join(__dirname, "..", "examples"))
      .filter((f) => f.endsWith(".yaml"))
      .map((f) => loadAppSpec(join(__dirname, "..", "examples", f)));
    const { build } = planSynth(specs, [azure], false);
    expect(build.length).toBeGreaterThan(1);
    const names = build.flatMap(({ spec }) => {
      const json = synthApp(spec, azure).json;
      expect(azureUniqueNames(spec, azure).map((n) => `${n.namespace}: ${n.name}`).sort(), spec.name).toEqual(namedIn(json));
      return globalNames(json);
    });
    expect(names.length).toBeGreaterThan(build.length * 3);
    expect(distinct(names)).toEqual([]);
  });
});

describe("Azure unique names", () => {
  const full = parseAppSpec({
    name: "names",
    owner: "team",
    classification: "intern",
    components: {
      key: { kind: "key" },
      audit: { kind: "log-sink" },
      token: { kind: "secret" },
      files: { kind: "bucket" },
      db: { kind: "postgres" },
      vms: { kind: "vm-group", bootstrap: "#!/bin/sh\nexec /opt/app/serve" },
    },
  });
  const synthesized = namedIn;
  const listed = (spec: ResolvedAppSpec, target: AzureTarget) =>
    azureUniqueNames(spec, target)
      .map((n) => `${n.namespace}: ${n.name}`)
      .sort();

  test("are exactly the names the synthesized stack gives those resources", () => {
    expect(listed(full, azure)).toEqual(synthesized(synthApp(full, azure).json));
  });

  test("are exactly the synthesized names with the app key in a Managed HSM", () => {
    // No postgres: its server cannot use a Managed HSM key (the build says so).
    const { db: _, ...rest } = Object.fromEntries(full.components.map((c) => [c.name, c]));
    const spec = { ...full, components: Object.values(rest) };
    const hsm = targets.azure({ location: "westeurope", subscriptionId: SUBSCRIPTION, keyCustody: "managed-hsm", managedHsmId: HSM });
    expect(listed(spec, hsm)).toEqual(synthesized(synthApp(spec, hsm).json));
  });

  test("let one app on two targets in one subscription and location collide on its flow log and Managed HSM key only", () => {
    const one = targets.azure({ location: "westeurope", subscriptionId: SUBSCRIPTION, keyCustody: "managed-hsm", managedHsmId: HSM, name: "azure-one" });
    const two = targets.azure({ location: "westeurope", subscriptionId: SUBSCRIPTION, keyCustody: "managed-hsm", managedHsmId: HSM, name: "azure-two" });
    const spec = { ...full, components: full.components.filter((c) => c.kind !== "postgres") };
    const found = findNameCollisions([{ app: spec, target: one }, { app: spec, target: two }]).map((c) => `${c.namespace} ${c.name} on ${c.scope}`);
    expect(found).toEqual([`network watcher flow log names-vnet on Azure subscription '${SUBSCRIPTION}', network watcher of westeurope`, `Managed HSM key polder-names on Managed HSM '${HSM}'`]);
  });

  test("let resource groups of two targets in one subscription collide when app and target names join alike", () => {
    const c = targets.azure({ location: "westeurope", subscriptionId: SUBSCRIPTION, name: "c" });
    const bc = targets.azure({ location: "northeurope", subscriptionId: SUBSCRIPTION, name: "b-c" });
    const found = findNameCollisions([{ app: parseAppSpec({ name: "aa-b", owner: "t", classification: "intern", components: {} }), target: c }, { app: parseAppSpec({ name: "aa", owner: "t", classification: "intern", components: {} }), target: bc }]);
    expect(found.map((x) => `${x.namespace} ${x.name}`)).toEqual(["resource group polder-aa-b-c"]);
  });
});
