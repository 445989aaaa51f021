import type { Construct } from "constructs";
import { TerraformOutput } from "../../../core/cdktf";
import { noteStrategy } from "../../../core/strategy-note";
import type { RealizeContext, RealizedComponent } from "../../../core/realizer";
import type { ResolvedLogSink } from "../../../kinds";
import type { SovereignFoundation } from "../foundation";
import type { SovereignNetwork } from "../network";
import { fluentBitS3Output, swiftShipping } from "../object-storage";
import { s3Store, swiftContainer } from "./object-store";

/**
 * A versioned, kept log store on object storage plus the shipping configuration for the app's
 * machines (output `<name>_log_shipping`): Fluent Bit to the S3 API, or files moved to Swift.
 */
export function sovereignLogSink(scope: Construct, props: ResolvedLogSink, ctx: RealizeContext<SovereignFoundation, SovereignNetwork>): RealizedComponent {
  const note = ctx.foundation.explain("log-sink", ctx.strategy);
  let connection: RealizedComponent["connection"];
  let shipping: string;
  let handle: unknown;
  if (ctx.strategy === "swift") {
    const container = swiftContainer(scope, props.name, { versioning: true, deletionProtection: true }, ctx);
    noteStrategy(container, `${note}; retention ${props.retentionDays} days through X-Delete-After on every object`);
    shipping = swiftShipping({ container: container.name, retentionDays: props.retentionDays });
    connection = { host: "", port: "443", name: container.name, secretRef: "", url: `swift://${container.name}` };
    handle = container;
  } else {
    const store = s3Store(scope, props.name, { versioning: true, noncurrentVersionDays: props.retentionDays, expirationDays: props.retentionDays, lockDays: props.retentionDays }, ctx);
    noteStrategy(store.credential, `${note}; retention ${props.retentionDays} days through the bucket lifecycle (output ${props.name}_bucket_setup)`);
    shipping = fluentBitS3Output({ bucket: store.bucket, endpoint: store.endpoint, region: ctx.target.region, app: ctx.app.name });
    connection = { host: new URL(store.endpoint).host, port: "443", name: store.bucket, secretRef: store.secretRef, url: `s3://${store.bucket}` };
    handle = store;
  }
  new TerraformOutput(scope, "shipping", { description: `how the app's machines ship logs to '${props.name}'`, value: shipping }).overrideLogicalId(`${props.name}_log_shipping`);
  return { kind: "log-sink", strategy: ctx.strategy, connection, handle };
}
