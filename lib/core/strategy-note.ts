import type { TerraformElement } from "./cdktf";

/**
 * Writes why a resource exists in the form it has (the strategy chosen for its component and
 * the fallback taken, if any) into the synthesized JSON, as `"//": { "polder": "..." }`: a
 * reader of `cdk.tf.json` or a reviewer of a plan sees it without reading Polder's code.
 * `//` is Terraform JSON's comment key, ignored by Terraform; cdktf merges the override with
 * its own `//` metadata.
 */
export function noteStrategy(element: TerraformElement, note: string): void {
  element.addOverride("//.polder", note);
}
