import { GoogleProvider } from "@cdktf/provider-google/lib/provider";
import { Lazy, LocalBackend } from "../../core/cdktf";
import type { TargetStack } from "../../core/target-stack";
import { GoogleBetaProvider } from "./beta-provider";
import { gcpLabels } from "./labels";
import { gcpProjectOf } from "./project-scope";
import type { GcpTarget } from "./target";

/**
 * The Google provider: project, region, the universe domain of a sovereign universe, and Polder's
 * tags as default labels (mapped to Google's label rules). Credentials come from the environment
 * (Application Default Credentials), never from here.
 */
export function configureGcpStack(stack: TargetStack): void {
  const target = stack.target as GcpTarget;
  new GoogleProvider(stack, "google", {
    project: target.project,
    region: target.region,
    universeDomain: target.universeDomain,
    // Resolved at synth time, so tags a PortableApp adds after the stack exists still apply. A
    // resolvable, not Token.asStringMap: the binding's map mapper passes it through, while an
    // encoded map token as the whole attribute fails cdktf's resolve.
    defaultLabels: Lazy.anyValue({ produce: () => gcpLabels(stack.tags) }) as unknown as Record<string, string>,
  });
  const backend = stack.backend;
  // StateBackend knows S3 and local state; an S3 bucket cannot hold Google state (no GCS backend type yet).
  if (backend?.type === "s3")
    throw new Error(`${stack.node.id}: S3 state is not available on ${target.description}: use local state (omit backend) until a GCS backend type exists`);
  new LocalBackend(stack, { path: backend?.path ?? `terraform.${stack.node.id}.tfstate` });
}

const betaProviders = new WeakMap<TargetStack, GoogleBetaProvider>();

/** The stack's google-beta provider (see beta-provider.ts), made on first use. */
export function googleBeta(stack: TargetStack): GoogleBetaProvider {
  let p = betaProviders.get(stack);
  if (!p) {
    const target = stack.target as GcpTarget;
    p = new GoogleBetaProvider(stack, "google-beta", {
      // The tenancy project when a landing zone placed the app (made after placement, on first use).
      project: gcpProjectOf(stack).ref,
      region: target.region,
      universeDomain: target.universeDomain,
      defaultLabels: Lazy.anyValue({ produce: () => gcpLabels(stack.tags) }) as unknown as Record<string, string>,
    });
    betaProviders.set(stack, p);
  }
  return p;
}
