import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import type { Construct } from "constructs";
import { skipCheck } from "../../../core/checks";
import type { RealizeContext, RealizedComponent } from "../../../core/realizer";
import type { ResolvedKey } from "../../../kinds";
import type { AwsFoundation } from "../foundation";
import type { AwsNetwork } from "../network";
import { sid } from "../naming";

export function awsKey(scope: Construct, props: ResolvedKey, ctx: RealizeContext<AwsFoundation, AwsNetwork>): RealizedComponent {
  const key = new KmsKey(scope, "key", {
    description: `polder app ${ctx.app.name}: key ${props.name}`,
    enableKeyRotation: props.rotation,
    deletionWindowInDays: 30,
    // Without a policy KMS applies its default one: the account administers the key through IAM.
    policy: ctx.foundation.key.policy,
    lifecycle: { preventDestroy: true },
  });
  if (!props.rotation) skipCheck(key, "CKV_AWS_7", `rotation: false in the spec of component '${props.name}': the app rotates this key itself or must not`);
  const alias = new KmsAlias(scope, "alias", { name: `alias/polder/${ctx.app.name}/${props.name}`, targetKeyId: key.keyId });
  ctx.foundation.workloadAccess.push({ sid: sid("Key", props.name), actions: ["kms:Encrypt", "kms:Decrypt", "kms:GenerateDataKey"], resources: [key.arn] });
  return {
    kind: "key",
    strategy: ctx.strategy,
    connection: { host: "", port: "", name: alias.name, secretRef: key.arn, url: "" },
    handle: key,
  };
}
