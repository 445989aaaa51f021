import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import type { Construct } from "constructs";
import type { RealizeContext, RealizedComponent } from "../../../core/realizer";
import type { ResolvedLogSink } from "../../../kinds";
import type { AwsFoundation } from "../foundation";
import type { AwsNetwork } from "../network";

export function awsLogSink(scope: Construct, props: ResolvedLogSink, ctx: RealizeContext<AwsFoundation, AwsNetwork>): RealizedComponent {
  const group = new CloudwatchLogGroup(scope, "log-group", {
    name: `/polder/${ctx.app.name}/${props.name}`,
    retentionInDays: props.retentionDays,
    kmsKeyId: ctx.foundation.key.arn,
    // Audit trails outlive a `terraform destroy`.
    skipDestroy: true,
    lifecycle: { preventDestroy: true },
  });
  return {
    kind: "log-sink",
    strategy: ctx.strategy,
    connection: { host: "", port: "", name: group.name, secretRef: "", url: group.arn },
    handle: group,
  };
}
