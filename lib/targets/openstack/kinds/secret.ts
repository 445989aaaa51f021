import { KeymanagerContainerV1 } from "../../../../providers/openstack/lib/keymanager-container-v1";
import type { Construct } from "constructs";
import { TerraformOutput } from "../../../core/cdktf";
import { noteStrategy } from "../../../core/strategy-note";
import type { RealizeContext, RealizedComponent } from "../../../core/realizer";
import type { ResolvedSecret } from "../../../kinds";
import type { SovereignFoundation } from "../foundation";
import type { SovereignNetwork } from "../network";
import { externalKeyMaterial } from "./external";

/**
 * A Barbican generic container that the secret's owner fills, readable by the app identity only.
 *
 * Terraform never holds the value: provider v3.4.0 cannot create a Barbican secret without one
 * (its create always PUTs the payload, even an empty one, which Barbican rejects), and once a
 * value exists its read copies it into the state on every refresh. A container can exist empty:
 * Polder creates it with its ACL (project access off, read for the app identity); the owner
 * stores the value as a Barbican secret, adds it to the container as `value` and gives the app
 * identity read access to it (output `<name>_secret_setup`). The container's references are the
 * owner's, so Terraform ignores changes to them.
 */
export function sovereignSecret(scope: Construct, props: ResolvedSecret, ctx: RealizeContext<SovereignFoundation, SovereignNetwork>): RealizedComponent {
  if (ctx.strategy === "external") return externalKeyMaterial(scope, "secret", props.name, props.description ?? `${ctx.app.name} ${props.name}`, ctx);
  const name = `${ctx.app.name}-${props.name}`;
  const identity = ctx.foundation.appIdentity();
  const container = new KeymanagerContainerV1(scope, "secret", {
    name,
    type: "generic",
    acl: { read: { projectAccess: false, users: [identity.user.id] } },
    lifecycle: { preventDestroy: true, ignoreChanges: ["secret_refs"] },
  });
  noteStrategy(container, `${ctx.foundation.explain("secret", ctx.strategy)}: a container the owner fills (output ${props.name}_secret_setup); ${props.description ?? ""}`.replace(/; $/, ""));
  new TerraformOutput(scope, "setup", {
    description: `secret '${props.name}': store the value and put it in the container (the value never passes through Terraform)`,
    value: {
      container: container.containerRef,
      reader: identity.user.id,
      commands: [
        `openstack secret store --name ${name} --secret-type opaque --payload-content-type text/plain --payload "$(cat ${props.name}.value)"`,
        `curl -sf -X POST -H "X-Auth-Token: $(openstack token issue -f value -c id)" -H "Content-Type: application/json" -d '{"name":"value","secret_ref":"<secret href>"}' ${container.containerRef}/secrets`,
        `openstack acl submit --no-project-access --user <reader> --operation-type read <secret href>`,
      ],
    },
  }).overrideLogicalId(`${props.name}_secret_setup`);
  return {
    kind: "secret",
    strategy: ctx.strategy,
    connection: { host: "", port: "", name, secretRef: container.containerRef, url: "" },
    handle: container,
  };
}
