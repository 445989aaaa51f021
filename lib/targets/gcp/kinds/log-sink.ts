import { LoggingProjectBucketConfig } from "@cdktf/provider-google/lib/logging-project-bucket-config";
import { LoggingProjectSink } from "@cdktf/provider-google/lib/logging-project-sink";
import type { Construct } from "constructs";
import type { RealizeContext, RealizedComponent } from "../../../core/realizer";
import type { ResolvedLogSink } from "../../../kinds";
import type { GcpFoundation } from "../foundation";
import { componentName } from "../naming";
import type { GcpNetwork } from "../network";
import { PUBLIC_UNIVERSE_DOMAIN } from "../universes";

/**
 * A Cloud Logging bucket in the target's region, encrypted with the app key (the project's Logging
 * agent may use it), keeping records `retentionDays`, and a sink routing the project's logs into
 * it. Every log of the project: where apps share the project (the target's own, or a tenancy with
 * several apps) that includes the other apps' logs (README, Google Cloud: log-sink).
 */
export function gcpLogSink(scope: Construct, props: ResolvedLogSink, ctx: RealizeContext<GcpFoundation, GcpNetwork>): RealizedComponent {
  const f = ctx.foundation;
  const project = ctx.foundation.projectId;
  const grant = f.grantLogging();
  const bucket = new LoggingProjectBucketConfig(scope, "bucket", {
    project,
    bucketId: componentName(ctx.app.name, props.name),
    location: ctx.target.region,
    retentionDays: props.retentionDays,
    description: `polder app ${ctx.app.name}: ${props.name}`,
    cmekSettings: { kmsKeyName: f.key.id },
    lifecycle: { preventDestroy: true },
    dependsOn: [grant],
  });
  const sink = new LoggingProjectSink(scope, "sink", {
    name: componentName(ctx.app.name, props.name),
    project,
    // A resource name, not a host: the same in every universe.
    destination: `logging.${PUBLIC_UNIVERSE_DOMAIN}/projects/${project}/locations/${ctx.target.region}/buckets/${bucket.bucketId}`,
    uniqueWriterIdentity: true,
    description: `every log of the project into ${props.name}`,
  });
  return {
    kind: "log-sink",
    strategy: ctx.strategy,
    connection: { host: "", port: "", name: bucket.bucketId, secretRef: "", url: bucket.id },
    handle: sink,
  };
}
