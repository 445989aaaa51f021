import { KeymanagerSecretV1 } from "../../../../providers/openstack/lib/keymanager-secret-v1";
import type { Construct } from "constructs";
import { noteStrategy } from "../../../core/strategy-note";
import type { RealizeContext, RealizedComponent } from "../../../core/realizer";
import type { ResolvedSecret } from "../../../kinds";
import type { SovereignFoundation } from "../foundation";
import type { SovereignNetwork } from "../network";
import { externalKeyMaterial } from "./external";

/**
 * A Barbican secret made without a payload: its owner uploads the value out of band (Barbican's
 * two-step creation), so it is never in Terraform; later uploads are not drift.
 */
export function sovereignSecret(scope: Construct, props: ResolvedSecret, ctx: RealizeContext<SovereignFoundation, SovereignNetwork>): RealizedComponent {
  if (ctx.strategy === "external") return externalKeyMaterial(scope, "secret", props.name, props.description ?? `${ctx.app.name} ${props.name}`, ctx);
  const secret = new KeymanagerSecretV1(scope, "secret", {
    name: `${ctx.app.name}-${props.name}`,
    secretType: "opaque",
    metadata: { description: props.description ?? `${ctx.app.name} ${props.name}`, app: ctx.app.name },
    lifecycle: { preventDestroy: true, ignoreChanges: ["payload", "payload_content_type", "payload_content_encoding"] },
  });
  noteStrategy(secret, ctx.foundation.explain("secret", ctx.strategy));
  return {
    kind: "secret",
    strategy: ctx.strategy,
    connection: { host: "", port: "", name: `${ctx.app.name}-${props.name}`, secretRef: secret.secretRef, url: "" },
    handle: secret,
  };
}
