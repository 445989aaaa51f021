import { SecretsmanagerSecret } from "@cdktf/provider-aws/lib/secretsmanager-secret";
import type { Construct } from "constructs";
import { skipCheck } from "../../../core/checks";
import type { RealizeContext, RealizedComponent } from "../../../core/realizer";
import type { ResolvedSecret } from "../../../kinds";
import type { AwsFoundation } from "../foundation";
import type { AwsNetwork } from "../network";
import { sid } from "../naming";

/** A Secrets Manager secret without a value: the value is put by its owner, never in Terraform. */
export function awsSecret(scope: Construct, props: ResolvedSecret, ctx: RealizeContext<AwsFoundation, AwsNetwork>): RealizedComponent {
  const secret = new SecretsmanagerSecret(scope, "secret", {
    name: `polder/${ctx.app.name}/${props.name}`,
    description: props.description ?? `${ctx.app.name} ${props.name}`,
    kmsKeyId: ctx.foundation.key.arn,
    recoveryWindowInDays: 30,
  });
  skipCheck(secret, "CKV2_AWS_57", "the value is set out of band by its owner (e.g. a token another party issues); no generic rotation function can renew it, its owner rotates it");
  ctx.foundation.workloadAccess.push({ sid: sid("Secret", props.name), actions: ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"], resources: [secret.arn] });
  return {
    kind: "secret",
    strategy: ctx.strategy,
    connection: { host: "", port: "", name: secret.name, secretRef: secret.arn, url: "" },
    handle: secret,
  };
}
