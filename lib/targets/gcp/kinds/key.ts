import type { Construct } from "constructs";
import type { RealizeContext, RealizedComponent } from "../../../core/realizer";
import type { ResolvedKey } from "../../../kinds";
import { appKey, type GcpFoundation } from "../foundation";
import type { GcpNetwork } from "../network";

/** A Cloud KMS key in the app's key ring, with the target's protection level, kept from destroy. */
export function gcpKey(scope: Construct, props: ResolvedKey, ctx: RealizeContext<GcpFoundation, GcpNetwork>): RealizedComponent {
  const f = ctx.foundation;
  const key = appKey(scope, "key", { keyRing: f.keyRing.id, name: props.name, target: f.target, rotation: props.rotation, setupOutput: `${props.name}_key_setup` });
  return {
    kind: "key",
    strategy: ctx.strategy,
    connection: { host: "", port: "", name: key.name, secretRef: key.id, url: "" },
    handle: key,
  };
}
