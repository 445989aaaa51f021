import { KeymanagerOrderV1 } from "../../../../providers/openstack/lib/keymanager-order-v1";
import type { Construct } from "constructs";
import { noteStrategy } from "../../../core/strategy-note";
import type { RealizeContext, RealizedComponent } from "../../../core/realizer";
import type { ResolvedKey } from "../../../kinds";
import type { SovereignFoundation } from "../foundation";
import type { SovereignNetwork } from "../network";
import { externalKeyMaterial } from "./external";

/**
 * A 256-bit AES key generated inside Barbican by an order: the key material never passes
 * through Terraform. Barbican has no automatic rotation: rotating means ordering a new key.
 */
export function sovereignKey(scope: Construct, props: ResolvedKey, ctx: RealizeContext<SovereignFoundation, SovereignNetwork>): RealizedComponent {
  if (ctx.strategy === "external") return externalKeyMaterial(scope, "key", props.name, "a 256-bit AES key, rotated by that key manager", ctx);
  const order = new KeymanagerOrderV1(scope, "key", {
    type: "key",
    meta: { name: `${ctx.app.name}-${props.name}`, algorithm: "aes", bitLength: 256, mode: "cbc" },
    lifecycle: { preventDestroy: true },
  });
  noteStrategy(order, `${ctx.foundation.explain("key", ctx.strategy)}${props.rotation ? "; rotation requested: Barbican does not rotate keys, order a new one yearly" : ""}`);
  return {
    kind: "key",
    strategy: ctx.strategy,
    connection: { host: "", port: "", name: `${ctx.app.name}-${props.name}`, secretRef: order.secretRef, url: "" },
    handle: order,
  };
}
