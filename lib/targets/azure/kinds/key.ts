import { RoleAssignment } from "@cdktf/provider-azurerm/lib/role-assignment";
import type { Construct } from "constructs";
import type { RealizeContext, RealizedComponent } from "../../../core/realizer";
import type { ResolvedKey } from "../../../kinds";
import type { AzureFoundation } from "../foundation";
import type { AzureNetwork } from "../network";

/**
 * An RSA-HSM key in the app's Key Vault (Premium: HSM-protected), yearly rotation unless the spec
 * turns it off, prevent_destroy; the app's workloads may encrypt, decrypt, sign and verify with it.
 */
export function azureKey(scope: Construct, props: ResolvedKey, ctx: RealizeContext<AzureFoundation, AzureNetwork>): RealizedComponent {
  const f = ctx.foundation;
  const key = f.vaultKey(scope, "key", props.name, props.rotation);
  new RoleAssignment(scope, "workload-use", {
    scope: key.vaultKey!.resourceVersionlessId,
    roleDefinitionName: "Key Vault Crypto User",
    principalId: f.workloadIdentity.principalId,
    principalType: "ServicePrincipal",
    description: `the app's workloads use key ${props.name}`,
  });
  return {
    kind: "key",
    strategy: ctx.strategy,
    connection: { host: "", port: "", name: props.name, secretRef: key.versionlessId, url: "" },
    handle: key,
  };
}
