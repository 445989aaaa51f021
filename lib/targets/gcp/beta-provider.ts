import { TerraformProvider } from "../../core/cdktf";
import type { Construct } from "constructs";

export interface GoogleBetaProviderConfig {
  readonly project: string;
  readonly region: string;
  readonly universeDomain?: string;
  readonly defaultLabels: Record<string, string>;
}

/**
 * The `google-beta` provider (hashicorp/google-beta 6.50.0), for the one field the GA provider
 * lacks: `security_policy` on a regional backend service, which attaches Cloud Armor to a
 * regional external Application Load Balancer. google-beta's schema is the GA one plus beta
 * fields, so the typed GA bindings describe its resources; no binding package exists for it here,
 * hence this small provider class (same project, region, universe and labels as the GA one).
 */
export class GoogleBetaProvider extends TerraformProvider {
  constructor(
    scope: Construct,
    id: string,
    private readonly config: GoogleBetaProviderConfig,
  ) {
    super(scope, id, {
      terraformResourceType: "google-beta",
      terraformGeneratorMetadata: { providerName: "google-beta", providerVersion: "6.50.0", providerVersionConstraint: "~> 6.0" },
      terraformProviderSource: "hashicorp/google-beta",
    });
  }

  protected synthesizeAttributes(): { [name: string]: unknown } {
    return {
      project: this.config.project,
      region: this.config.region,
      universe_domain: this.config.universeDomain,
      default_labels: this.config.defaultLabels,
    };
  }
}
