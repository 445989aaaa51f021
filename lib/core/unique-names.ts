import { createHash } from "node:crypto";
import type { ResolvedComponent } from "../kinds";
import type { Classification } from "../policy/classification";
import { PolderError } from "./errors";

/**
 * What a target needs to know of an app to list the names its resources will get: the names, and
 * what decides which resources exist (a component's pinned strategy and settings, e.g. a private
 * zone; the classification, which rules out NAT on some targets).
 */
export interface AppNames {
  readonly name: string;
  readonly classification: Classification;
  readonly components: readonly ResolvedComponent[];
}

/**
 * A name the cloud requires to be unique beyond one app: in an account, a subscription, a
 * project, a region, or the whole world (S3 and Cloud Storage buckets, Azure storage accounts).
 */
export interface UniqueName {
  /** The name space it must be unique in, e.g. `IAM role`, `S3 bucket`. */
  readonly namespace: string;
  /** The name; parts unknown until apply (an account id) as a placeholder such as `<account>`. */
  readonly name: string;
  /** The component that owns it; undefined for the app's own resources (key, network, logs). */
  readonly component?: string;
  /**
   * Which stacks share the name space, as the error names it: names collide only within one scope
   * (e.g. `every Azure subscription` for names unique in the world).
   * @default `target '<name>'` (one target is one account, subscription or project, and region)
   */
  readonly scope?: string;
  /**
   * What else the error should say about this name space, e.g. that a name stays taken after
   * delete (Cloud KMS key rings are never deleted), so a collision cannot be fixed by deleting.
   * @default none
   */
  readonly note?: string;
}

/** One planned stack, as the collision check sees it. */
export interface NamedStack {
  readonly app: AppNames;
  readonly target: { readonly name: string; uniqueNames?(app: AppNames): readonly UniqueName[] };
}

/** Who would get a name: an app's component (or the app itself) in the stack of one target. */
export interface NameOwner {
  readonly app: string;
  /** Undefined for the app's own resources. */
  readonly component?: string;
  /** The target (by name) whose stack makes it. */
  readonly target: string;
}

export interface NameCollision {
  readonly scope: string;
  readonly namespace: string;
  readonly name: string;
  /** What the target says about the name space (see {@link UniqueName.note}). */
  readonly note?: string;
  /** Every owner of the name. */
  readonly owners: readonly NameOwner[];
}

/**
 * Every name two or more owners in one run would get in the same scope and name space. The same
 * app on two targets that share a scope (one Google project, one OpenStack cloud) is two owners:
 * each stack would create the resource. With `checkedBefore`, the stacks it selects are known to
 * be free of collisions among themselves (an earlier run checked them together with the same
 * inputs): only collisions that involve another stack are looked for, and their names are
 * looked up, not kept.
 */
export function findNameCollisions(stacks: readonly NamedStack[], checkedBefore?: (stack: NamedStack) => boolean): NameCollision[] {
  // A fleet has about twenty names a stack: one small record each, and owner lists only where two
  // owners meet (a JSON key and an entry per name took ~0.4 s for a 5,000-stack fleet).
  type First = { readonly n: UniqueName; readonly scope: string; readonly app: string; readonly target: string; collided?: { scope: string; namespace: string; name: string; note?: string; owners: NameOwner[] } };
  // Nested by scope and name space (a few of each), so no key string is built per name.
  const scopes = new Map<string, Map<string, Map<string, First>>>();
  const collided: NonNullable<First["collided"]>[] = [];
  const owner = (app: string, component: string | undefined, target: string): NameOwner => ({ app, ...(component ? { component } : {}), target });
  // The other stacks first, so the checked ones only need to look their names up.
  const ordered = checkedBefore ? [...stacks.filter((x) => !checkedBefore(x)), ...stacks.filter(checkedBefore)] : stacks;
  for (const stack of ordered) {
    const { app, target } = stack;
    const lookUpOnly = checkedBefore?.(stack) ?? false;
    const names = target.uniqueNames?.(app);
    if (!names) continue;
    const defaultScope = `target '${target.name}'`;
    for (const n of names) {
      const scope = n.scope ?? defaultScope;
      let inScope = scopes.get(scope);
      if (!inScope) {
        if (lookUpOnly) continue;
        scopes.set(scope, (inScope = new Map()));
      }
      let space = inScope.get(n.namespace);
      if (!space) {
        if (lookUpOnly) continue;
        inScope.set(n.namespace, (space = new Map()));
      }
      const prev = space.get(n.name);
      if (!prev) {
        if (!lookUpOnly) space.set(n.name, { n, scope, app: app.name, target: target.name });
        continue;
      }
      if (prev.app === app.name && prev.n.component === n.component && prev.target === target.name && !prev.collided) continue;
      if (!prev.collided) {
        prev.collided = { scope, namespace: n.namespace, name: n.name, ...(prev.n.note ? { note: prev.n.note } : {}), owners: [owner(prev.app, prev.n.component, prev.target)] };
        collided.push(prev.collided);
      }
      if (!prev.collided.owners.some((o) => o.app === app.name && o.component === n.component && o.target === target.name)) prev.collided.owners.push(owner(app.name, n.component, target.name));
    }
  }
  return collided.filter((e) => e.owners.length > 1);
}

/** An owner as the error names it; with its target when the owners are on more than one. */
function ownerText(o: NameOwner, targets: number): string {
  return `${o.component ? `component '${o.component}' of app '${o.app}'` : `app '${o.app}' itself`}${targets > 1 ? ` on target '${o.target}'` : ""}`;
}

/** Two apps (or components) would get the same name where the cloud needs it unique. */
export class NameCollisionError extends PolderError {
  constructor(readonly collisions: readonly NameCollision[]) {
    super(
      `${collisions.length} name collision(s): these names must be unique, rename one of the apps or components:\n` +
        collisions
          .map((c) => {
            const targets = new Set(c.owners.map((o) => o.target)).size;
            return `  - ${c.namespace} ${JSON.stringify(c.name)} on ${c.scope}: ${c.owners.map((o) => ownerText(o, targets)).join(" and ")}${c.note ? ` (${c.note})` : ""}`;
          })
          .join("\n"),
    );
  }
}

/**
 * A short digest of the names one stack gives (its target's `uniqueNames`, in their order): two
 * stacks with the same digest give the same names, scopes and owners' components.
 */
export function namesDigest(names: readonly UniqueName[]): string {
  return createHash("sha256")
    .update(JSON.stringify(names.map((n) => [n.scope ?? null, n.namespace, n.name, n.component ?? null])))
    .digest("hex")
    .slice(0, 32);
}

/** Throws a {@link NameCollisionError} listing every collision among the stacks of one run. */
export function assertUniqueNames(stacks: readonly NamedStack[], checkedBefore?: (stack: NamedStack) => boolean): void {
  const collisions = findNameCollisions(stacks, checkedBefore);
  if (collisions.length) throw new NameCollisionError(collisions);
}

/**
 * A name for an app's component that no other (app, component) pair gets: app and component
 * names never contain `--`, so `--` between them cannot be read two ways (`x-y` + `a` and `x` +
 * `y-a` give `x-y--a` and `x--y-a`). For new names only; existing names keep their derivation.
 */
export function appComponentName(app: string, component: string): string {
  return `${app}--${component}`;
}

/**
 * A short, stable hash of an (app, component) pair, for names that allow no separator (Azure
 * storage accounts: lower-case letters and digits only): append it to a cut name to keep it unique.
 */
export function pairHash(app: string, component: string, length = 6): string {
  let h = 0x811c9dc5;
  const text = `${app}/${component}`;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(36).padStart(7, "0").slice(0, length);
}
