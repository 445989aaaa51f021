import type { Construct } from "constructs";
import { TerraformOutput } from "../../../core/cdktf";
import type { RealizeContext, RealizedComponent } from "../../../core/realizer";
import type { SovereignFoundation } from "../foundation";
import { externalRef } from "../naming";
import type { SovereignNetwork } from "../network";

/**
 * A key or secret kept in the external key manager: nothing is created in this cloud. The
 * reference is the connection's `secret_ref`; an output says what to create there, with the
 * strategy note, since there is no resource to carry it.
 */
export function externalKeyMaterial(scope: Construct, kind: "key" | "secret", name: string, what: string, ctx: RealizeContext<SovereignFoundation, SovereignNetwork>): RealizedComponent {
  const f = ctx.foundation;
  const manager = f.target.externalKeyManager;
  if (!manager) throw new Error(`${kind} '${name}': strategy 'external' without an externalKeyManager (capabilities should have refused it)`);
  const ref = externalRef(manager.keyRef, ctx.app.name, name);
  new TerraformOutput(scope, "external", {
    description: `${f.explain(kind, "external")}: create it in ${manager.name} before workloads use it`,
    value: { manager: manager.name, ref, create: what },
  }).overrideLogicalId(`${name}_external_${kind}`);
  return { kind, strategy: ctx.strategy, connection: { host: "", port: "", name: `${ctx.app.name}/${name}`, secretRef: ref, url: "" }, handle: { external: true, ref } };
}
