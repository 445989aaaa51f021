import type { AppNames, UniqueName } from "../../core/unique-names";
import { FLOW_LOGS_COMPONENT, flowLogName, globalName, keyVaultName, managedHsmKeyName, resourceGroupName, storageAccountName } from "./naming";
import type { AzureTarget } from "./target";

const VAULT_NOTE = "a deleted Key Vault keeps its name for its 90-day soft-delete retention (purge protection is on)";
const HSM_NOTE = "a deleted Managed HSM key keeps its name until its soft-delete retention ends";

/**
 * Every name an app gets on Azure that must be unique beyond its own resource group. Across apps
 * of one target none can collide: each app has its own resource group, and the names unique in
 * the world (storage accounts, Key Vaults, PostgreSQL servers) carry a hash of target, app and
 * component joined with `/` (`xx-yy` + `a` and `xx` + `yy-a` differ). What can collide is one
 * app on two Azure targets: its flow log in the subscription's shared `NetworkWatcherRG` and its
 * key in a shared Managed HSM are named after the app alone; and resource groups of two targets
 * in one subscription (`polder-<app>-<target>`: app `a-b` on target `c` and app `a` on `b-c`).
 * The world-unique names are listed too, so the check covers them whatever their hash.
 */
export function azureUniqueNames(app: AppNames, target: AzureTarget): UniqueName[] {
  const a = app.name;
  // Without a subscription id the credentials' own subscription is used: one per run's environment.
  const subscription = target.subscriptionId ? `Azure subscription '${target.subscriptionId}'` : "the Azure subscription of the credentials";
  const inWorld = "every Azure subscription";
  const names: UniqueName[] = [
    { namespace: "resource group", name: resourceGroupName(a, target.name), scope: subscription },
    { namespace: "network watcher flow log", name: flowLogName(a), scope: `${subscription}, network watcher of ${target.location}` },
    { namespace: "Key Vault", name: keyVaultName(target.name, a), scope: inWorld, note: VAULT_NOTE },
    { namespace: "storage account", name: storageAccountName(target.name, a, FLOW_LOGS_COMPONENT), scope: inWorld },
  ];
  if (target.keyCustody === "managed-hsm") names.push({ namespace: "Managed HSM key", name: managedHsmKeyName(a), scope: `Managed HSM '${target.managedHsmId}'`, note: HSM_NOTE });
  for (const c of app.components) {
    if (c.kind === "bucket" || c.kind === "log-sink") names.push({ namespace: "storage account", name: storageAccountName(target.name, a, c.name), scope: inWorld, component: c.name });
    if (c.kind === "postgres") names.push({ namespace: "PostgreSQL server", name: globalName(target.name, a, c.name), scope: inWorld, component: c.name });
  }
  return names;
}
