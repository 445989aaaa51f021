import { AnyMap, anyToTerraform, hashMapper, TerraformResource, type TerraformResourceLifecycle } from "cdktf";
import type { Construct } from "constructs";

export interface TerraformDataConfig {
  /** Stored in state and reflected in `output` after apply. @default none */
  readonly input?: { [key: string]: unknown };
  /** Forces replacement when it changes. @default none */
  readonly triggersReplace?: { [key: string]: unknown };
  /** @default none */
  readonly lifecycle?: TerraformResourceLifecycle;
}

/**
 * Terraform's built-in `terraform_data` resource. cdktf's own `DataResource` adds a validation
 * that runs `terraform version` at synth, so synthesizing fails on a machine without a Terraform
 * binary (pipelines often synthesize and apply in different steps) and costs a process per
 * resource. Polder's stacks need Terraform >= 1.10 anyway (S3-native state locking), well above
 * the 1.4 that check guards. Same JSON as `DataResource`.
 */
export class TerraformData extends TerraformResource {
  static readonly tfResourceType = "terraform_data";
  readonly output: AnyMap;
  private readonly config: TerraformDataConfig;

  constructor(scope: Construct, id: string, config: TerraformDataConfig = {}) {
    super(scope, id, { terraformResourceType: "terraform_data", terraformGeneratorMetadata: { providerName: "terraform" }, lifecycle: config.lifecycle });
    this.config = config;
    this.output = new AnyMap(this, "output");
  }

  protected synthesizeAttributes(): { [name: string]: unknown } {
    return {
      input: hashMapper(anyToTerraform)(this.config.input),
      triggers_replace: hashMapper(anyToTerraform)(this.config.triggersReplace),
    };
  }
}
