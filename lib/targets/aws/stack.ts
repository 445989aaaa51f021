import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { Lazy, LocalBackend, S3Backend, Token } from "../../core/cdktf";
import { unsupportedBackend } from "../../core/state-backend";
import type { TargetStack } from "../../core/target-stack";
import type { AwsTarget } from "./target";

/**
 * AWS tag keys get a `polder:` prefix so they never clash with a team's own tags. Values keep what
 * every AWS service accepts in a tag (letters, digits, spaces and `_ . : / = + - @`, 256
 * characters): anything else, e.g. the parentheses of a decision reference, becomes a space.
 */
export function awsTags(tags: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(tags).map(([k, v]) => [`polder:${k}`, awsTagValue(v)]));
}

export function awsTagValue(value: string): string {
  return value.replace(/[^\p{L}\p{N}\p{Z}_.:/=+\-@]/gu, " ").replace(/\s+/g, " ").trim().slice(0, 256);
}

export function configureAwsStack(stack: TargetStack): void {
  const target = stack.target as AwsTarget;
  new AwsProvider(stack, "aws", {
    region: target.region,
    // Resolved at synth time, so tags a PortableApp adds after the stack exists still apply.
    defaultTags: [{ tags: Token.asStringMap(Lazy.anyValue({ produce: () => awsTags(stack.tags) })) }],
  });
  const backend = stack.backend;
  if (backend?.type === "azurerm" || backend?.type === "gcs") throw unsupportedBackend(stack, target.description, backend.type, '{ type: "s3", bucket }');
  if (backend?.type === "s3") {
    const s3 = new S3Backend(stack, {
      bucket: backend.bucket,
      key: backend.key ?? `${stack.node.id}/terraform.tfstate`,
      region: backend.region ?? target.region,
      encrypt: true,
      kmsKeyId: backend.kmsKeyId,
      endpoint: backend.endpoint,
    });
    // cdktf 0.21's S3BackendConfig predates `use_lockfile` (S3-native locking, Terraform >= 1.10).
    s3.addOverride("use_lockfile", true);
  } else {
    new LocalBackend(stack, { path: backend?.path ?? `terraform.${stack.node.id}.tfstate` });
  }
}
