import type { Construct } from "constructs";
import { TerraformOutput } from "../../../core/cdktf";
import type { RealizeContext, RealizedComponent } from "../../../core/realizer";
import type { ResolvedSecret } from "../../../kinds";
import type { AzureFoundation } from "../foundation";
import type { AzureNetwork } from "../network";

/**
 * A secret in the app's Key Vault. Key Vault has no secret without a value, and any value
 * Terraform writes is in its configuration or state, so Polder creates none: the owner sets it
 * (`az keyvault secret set`, through the vault's private endpoint; the deployer holds Key Vault
 * Administrator), the app's workload identity reads it (Key Vault Secrets User on the vault), and
 * the connection's `secret_ref` is its versionless URI.
 */
export function azureSecret(scope: Construct, props: ResolvedSecret, ctx: RealizeContext<AzureFoundation, AzureNetwork>): RealizedComponent {
  const f = ctx.foundation;
  const uri = `${f.vault.vaultUri}secrets/${props.name}`;
  new TerraformOutput(scope, "setup", {
    description: `how the owner of secret '${props.name}' (${props.description ?? `${ctx.app.name} ${props.name}`}) sets its value; Terraform never holds it`,
    value: { vault: f.vault.name, name: props.name, command: `az keyvault secret set --vault-name ${f.vault.name} --name ${props.name} --file <file holding the value>`, readers: f.workloadIdentity.name },
  }).overrideLogicalId(`${props.name}_secret_setup`);
  return {
    kind: "secret",
    strategy: ctx.strategy,
    connection: { host: "", port: "", name: props.name, secretRef: uri, url: "" },
  };
}
