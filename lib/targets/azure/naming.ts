/**
 * Azure names. Some are global (Key Vaults, storage accounts, PostgreSQL servers are DNS names
 * under Microsoft's domains), so they carry a short hash of the target name, app and component:
 * stable across synths, distinct for the same app on two Azure targets. Pure: tested on its own.
 */

/** FNV-1a, 32 bits: a stable, dependency-free hash for name suffixes. */
export function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/** Six base-36 characters of the hash of `parts`. */
export function shortHash(parts: readonly string[]): string {
  return fnv1a(parts.join("/")).toString(36).padStart(7, "0").slice(-6);
}

/**
 * A storage account name: 3-24 lower-case letters and digits, globally unique. The readable part
 * (app and component, hyphens dropped) is cut to 18 characters and followed by a hash of the
 * target name, app and component, so `a-b` and `ab` never collide.
 */
export function storageAccountName(targetName: string, app: string, component: string): string {
  const readable = `${app}${component}`.replace(/[^a-z0-9]/g, "").slice(0, 18);
  return `${readable}${shortHash([targetName, app, component])}`;
}

/** A Key Vault name: 3-24 letters, digits and hyphens, starting with a letter, globally unique. */
export function keyVaultName(targetName: string, app: string): string {
  return `${app.slice(0, 13).replace(/-+$/, "")}-kv-${shortHash([targetName, app, "vault"])}`;
}

/** A globally unique DNS-style name (PostgreSQL servers): `<app>-<component>-<hash>`, at most `max`. */
export function globalName(targetName: string, app: string, component: string, max = 63): string {
  const hash = shortHash([targetName, app, component]);
  return `${`${app}-${component}`.slice(0, max - 7).replace(/-+$/, "")}-${hash}`;
}

/** A name unique inside a resource group, cut to `max` with a hash when longer. */
export function boundedName(parts: readonly string[], max: number): string {
  const full = parts.join("-");
  if (full.length <= max) return full;
  return `${full.slice(0, max - 7).replace(/-+$/, "")}-${shortHash(parts)}`;
}

/** A deterministic GUID from `parts` (role assignment names on a Managed HSM must be GUIDs). */
export function stableGuid(parts: readonly string[]): string {
  const hex = [0, 1, 2, 3].map((i) => fnv1a(`${i}:${parts.join("/")}`).toString(16).padStart(8, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** The app's resource group: one per app and target (unique in the subscription). */
export const resourceGroupName = (app: string, targetName: string): string => `polder-${app}-${targetName}`;
/** The app's VNet flow log, kept in the subscription's shared `NetworkWatcherRG` (one network watcher per location). */
export const flowLogName = (app: string): string => `${app}-vnet`;
/** The app's key in a shared Managed HSM (keyCustody `managed-hsm`). */
export const managedHsmKeyName = (app: string): string => `polder-${app}`;
/** The component whose storage account keeps the app's flow logs. */
export const FLOW_LOGS_COMPONENT = "flowlogs";
