import { IdentityEc2CredentialV3 } from "../../../../providers/openstack/lib/identity-ec2-credential-v3";
import { ObjectstorageContainerV1 } from "../../../../providers/openstack/lib/objectstorage-container-v1";
import type { Construct } from "constructs";
import { Fn, TerraformOutput } from "../../../core/cdktf";
import type { RealizeContext } from "../../../core/realizer";
import type { SovereignFoundation } from "../foundation";
import type { SovereignNetwork } from "../network";
import { s3BucketName, swiftContainerName } from "../naming";
import { s3BucketCommands } from "../object-storage";
import { osMetadata } from "../tags";

export interface S3Store {
  readonly bucket: string;
  readonly endpoint: string;
  readonly credential: IdentityEc2CredentialV3;
  /** Where the secret key is: the credential's sensitive attribute in the Terraform state. */
  readonly secretRef: string;
}

/**
 * S3-compatible storage: an EC2-style credential of the project (its secret key stays in the
 * Terraform state, marked sensitive, never in the JSON) and, as an output, the S3 API commands
 * that create the bucket: the OpenStack provider has no resource for a bucket on the S3 API.
 */
export function s3Store(scope: Construct, component: string, opts: { versioning: boolean; noncurrentVersionDays: number; expirationDays: number; lockDays?: number }, ctx: RealizeContext<SovereignFoundation, SovereignNetwork>): S3Store {
  const f = ctx.foundation;
  const endpoint = f.target.s3Endpoint;
  if (!endpoint) throw new Error(`${component}: strategy 's3' without s3Endpoint (capabilities should have refused it)`);
  // The app identity's credential, not the deployer's: Keystone exchanges it for a token with only
  // the app identity's role in only the app's project.
  const identity = f.appIdentity();
  const credential = new IdentityEc2CredentialV3(scope, "s3-credential", { userId: identity.user.id, projectId: identity.projectId });
  // The project id keeps the name unique on a shared endpoint without a random suffix.
  const bucket = s3BucketName(ctx.app.name, component, Fn.substr(credential.projectId, 0, 8));
  const address = `${credential.terraformResourceType}.${ctx.stack.getLogicalId(credential)}`;
  new TerraformOutput(scope, "setup", {
    description: `S3 bucket of '${component}': create it with these commands (credential: access key below, secret key via terraform state show ${address})`,
    value: { bucket, endpoint, access_key_id: credential.access, commands: s3BucketCommands({ bucket, endpoint, ...opts }) },
  }).overrideLogicalId(`${component}_bucket_setup`);
  return { bucket, endpoint, credential, secretRef: `terraform-state://${address}/secret` };
}

/**
 * A private Swift container (no read/write ACLs) with versioning; Swift's at-rest encryption is
 * the operator's (encryption middleware), not a per-container setting.
 */
export function swiftContainer(scope: Construct, component: string, opts: { versioning: boolean; deletionProtection: boolean }, ctx: RealizeContext<SovereignFoundation, SovereignNetwork>): ObjectstorageContainerV1 {
  return new ObjectstorageContainerV1(scope, "container", {
    name: swiftContainerName(ctx.app.name, component),
    versioning: opts.versioning,
    forceDestroy: false,
    metadata: osMetadata(ctx.stack),
    lifecycle: opts.deletionProtection ? { preventDestroy: true } : undefined,
  });
}
