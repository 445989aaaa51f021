import { GoogleProvider } from "@cdktf/provider-google/lib/provider";
import { GcsBackend, Lazy, LocalBackend } from "../../core/cdktf";
import { SpecValidationError } from "../../core/errors";
import { unsupportedBackend } from "../../core/state-backend";
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
  if (backend?.type === "azurerm" || backend?.type === "s3") throw unsupportedBackend(stack, target.description, backend.type, '{ type: "gcs", bucket }');
  if (backend?.type === "gcs") {
    if (target.universeDomain && !backend.endpoint)
      throw new SpecValidationError(`stack ${stack.node.id}`, [
        { path: "backend.endpoint", message: `required on ${target.description} (universe ${target.universeDomain}): the GCS backend does not derive its endpoint from the universe; give the universe's Cloud Storage JSON API endpoint` },
      ]);
    const gcs = new GcsBackend(stack, { bucket: backend.bucket, prefix: backend.prefix ?? stack.node.id, kmsEncryptionKey: backend.kmsEncryptionKey });
    // cdktf 0.21 spells this prop `storeageCustomEndpoint`, which would synthesize a key the
    // backend does not know; the override writes the backend's own `storage_custom_endpoint`.
    if (backend.endpoint) gcs.addOverride("storage_custom_endpoint", backend.endpoint);
    return;
  }
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
