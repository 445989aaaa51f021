import type { Construct } from "constructs";
import { noteStrategy } from "../../../core/strategy-note";
import type { RealizeContext, RealizedComponent } from "../../../core/realizer";
import type { ResolvedBucket } from "../../../kinds";
import type { SovereignFoundation } from "../foundation";
import type { SovereignNetwork } from "../network";
import { s3Store, swiftContainer } from "./object-store";

/** `s3`: a bucket on the S3-compatible endpoint (created from the setup output). `swift`: a Swift container. */
export function sovereignBucket(scope: Construct, props: ResolvedBucket, ctx: RealizeContext<SovereignFoundation, SovereignNetwork>): RealizedComponent {
  const note = ctx.foundation.explain("bucket", ctx.strategy);
  if (ctx.strategy === "swift") {
    const container = swiftContainer(scope, props.name, props, ctx);
    noteStrategy(container, `${note}; non-current versions are kept (Swift has no lifecycle rules)`);
    return { kind: "bucket", strategy: ctx.strategy, connection: { host: "", port: "443", name: container.name, secretRef: "", url: `swift://${container.name}` }, handle: container };
  }
  const store = s3Store(scope, props.name, { versioning: props.versioning, noncurrentVersionDays: props.noncurrentVersionDays, expirationDays: 0 }, ctx);
  noteStrategy(store.credential, `${note}; the bucket itself is created through the S3 API (output ${props.name}_bucket_setup)`);
  return {
    kind: "bucket",
    strategy: ctx.strategy,
    connection: { host: new URL(store.endpoint).host, port: "443", name: store.bucket, secretRef: store.secretRef, url: `s3://${store.bucket}` },
    handle: store,
  };
}
