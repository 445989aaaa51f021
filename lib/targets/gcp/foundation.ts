import { DataGoogleLoggingProjectCmekSettings } from "@cdktf/provider-google/lib/data-google-logging-project-cmek-settings";
import { DataGoogleProject } from "@cdktf/provider-google/lib/data-google-project";
import { DataGoogleStorageProjectServiceAccount } from "@cdktf/provider-google/lib/data-google-storage-project-service-account";
import { KmsCryptoKey } from "@cdktf/provider-google/lib/kms-crypto-key";
import { KmsCryptoKeyIamMember } from "@cdktf/provider-google/lib/kms-crypto-key-iam-member";
import { KmsCryptoKeyVersion } from "@cdktf/provider-google/lib/kms-crypto-key-version";
import { KmsKeyRing } from "@cdktf/provider-google/lib/kms-key-ring";
import { ProjectIamAuditConfig } from "@cdktf/provider-google/lib/project-iam-audit-config";
import { ServiceAccount } from "@cdktf/provider-google/lib/service-account";
import { Construct } from "constructs";
import { Fn, TerraformOutput } from "../../core/cdktf";
import { skipCheck } from "../../core/checks";
import type { FoundationContext } from "../../core/realizer";
import { gcpProjectOf } from "./project-scope";
import { APP_KEY_NAME, keyRingName, workloadsAccountId } from "./naming";
import type { GcpTarget } from "./target";
import { PUBLIC_UNIVERSE_DOMAIN, type UniverseProfile } from "./universes";

/** Yearly rotation is the AWS default; Google recommends at most 90 days, which Checkov checks too. */
export const KEY_ROTATION_PERIOD = "7776000s";
/** Days a destroyed key version can still be restored. */
const KEY_DESTROY_DELAY = "2592000s";
export const ENCRYPTER_DECRYPTER = "roles/cloudkms.cryptoKeyEncrypterDecrypter";

/**
 * Per-app baseline on Google Cloud: a key ring with the app's key (every data store and log of
 * the app is encrypted with it; protection level from the target's key custody), the grants that
 * let each Google service's agent use it, and a service account for the app's workloads.
 * Service-agent addresses follow the universe: nothing here names the public universe's domains.
 */
export class GcpFoundation extends Construct {
  readonly appName: string;
  readonly target: GcpTarget;
  readonly universe: UniverseProfile;
  readonly project: DataGoogleProject;
  /** The project id for `project` attributes: the target's, or a reference to the zone's tenancy project. */
  readonly projectId: string;
  /** The same id as a plain string, for names. */
  readonly projectName: string;
  readonly keyRing: KmsKeyRing;
  readonly key: KmsCryptoKey;
  /** The service account the app's VMs and pods run as. */
  readonly workloads: ServiceAccount;
  private readonly grants = new Map<string, KmsCryptoKeyIamMember>();
  private storageAudit?: ProjectIamAuditConfig;

  constructor(scope: Construct, ctx: FoundationContext) {
    super(scope, "gcp");
    const target = ctx.stack.target as GcpTarget;
    this.target = target;
    this.universe = target.universe;
    this.appName = ctx.app.name;
    const inProject = gcpProjectOf(ctx.stack);
    this.projectId = inProject.ref;
    this.projectName = inProject.id;
    this.project = new DataGoogleProject(this, "project", { projectId: inProject.ref });
    this.keyRing = new KmsKeyRing(this, "key-ring", { name: keyRingName(ctx.app.name), location: target.region, lifecycle: { preventDestroy: true } });
    this.key = appKey(this, "key", { keyRing: this.keyRing.id, name: APP_KEY_NAME, target, rotation: true, setupOutput: "polder_app_key_setup" });
    this.workloads = new ServiceAccount(this, "workloads", {
      accountId: workloadsAccountId(ctx.app.name),
      displayName: `polder app ${ctx.app.name}: its workloads (VMs and pods)`,
    });
  }

  /** `service-<project number>@<agent>.<universe's service-agent domain>`. */
  serviceAgent(agent: string): string {
    return `service-${this.project.number}@${agent}.${this.universe.serviceAgentDomain}`;
  }

  /**
   * Lets a service account use the app key (`roles/cloudkms.cryptoKeyEncrypterDecrypter`), once per
   * account. Resources encrypted with the key depend on the grant, because their create checks it.
   */
  grantKeyUse(id: string, email: string): KmsCryptoKeyIamMember {
    let grant = this.grants.get(id);
    if (!grant) {
      grant = new KmsCryptoKeyIamMember(this, `key-use-${id}`, { cryptoKeyId: this.key.id, role: ENCRYPTER_DECRYPTER, member: `serviceAccount:${email}` });
      this.grants.set(id, grant);
    }
    return grant;
  }

  /** The grant for a Google service agent such as `gcp-sa-cloud-sql`. */
  grantServiceAgent(agent: string): KmsCryptoKeyIamMember {
    return this.grantKeyUse(agent, this.serviceAgent(agent));
  }

  /** The grant for Cloud Storage's agent, whose address the storage API itself reports. */
  grantStorage(): KmsCryptoKeyIamMember {
    if (!this.grants.has("storage")) {
      const agent = new DataGoogleStorageProjectServiceAccount(this, "storage-agent", {});
      return this.grantKeyUse("storage", agent.emailAddress);
    }
    return this.grants.get("storage")!;
  }

  /** The grant for Cloud Logging's agent, as the logging API reports it for this project. */
  grantLogging(): KmsCryptoKeyIamMember {
    if (!this.grants.has("logging")) {
      const settings = new DataGoogleLoggingProjectCmekSettings(this, "logging-settings", { project: this.projectId });
      return this.grantKeyUse("logging", settings.serviceAccountId);
    }
    return this.grants.get("logging")!;
  }

  /**
   * Data Access audit logs for Cloud Storage in the app's project (every object read and write
   * is recorded in Cloud Logging), made with the app's first bucket: the access record of its buckets.
   */
  storageAccessLogs(): ProjectIamAuditConfig {
    this.storageAudit ??= new ProjectIamAuditConfig(this, "storage-access-logs", {
      project: this.projectId,
      service: `storage.${PUBLIC_UNIVERSE_DOMAIN}`, // a service name: the same in every universe
      auditLogConfig: [{ logType: "DATA_READ" }, { logType: "DATA_WRITE" }],
    });
    return this.storageAudit;
  }

  /** Every grant made so far, for `dependsOn`. */
  keyGrants(): KmsCryptoKeyIamMember[] {
    return [...this.grants.values()];
  }
}

export interface AppKeyProps {
  readonly keyRing: string;
  readonly name: string;
  /** Logical id of the output with the one command an EXTERNAL key needs after the first apply. */
  readonly setupOutput: string;
  readonly target: GcpTarget;
  readonly rotation: boolean;
}

/**
 * A symmetric Cloud KMS key with the target's protection level, kept from destroy. An `EXTERNAL`
 * key has no material in Google: its version points at the key in the external key manager, and
 * Cloud KMS cannot rotate it (the external manager does).
 */
export function appKey(scope: Construct, id: string, props: AppKeyProps): KmsCryptoKey {
  const external = props.target.protectionLevel === "EXTERNAL";
  const key = new KmsCryptoKey(scope, id, {
    name: props.name,
    keyRing: props.keyRing,
    purpose: "ENCRYPT_DECRYPT",
    rotationPeriod: props.rotation && !external ? KEY_ROTATION_PERIOD : undefined,
    destroyScheduledDuration: KEY_DESTROY_DELAY,
    versionTemplate: { algorithm: external ? "EXTERNAL_SYMMETRIC_ENCRYPTION" : "GOOGLE_SYMMETRIC_ENCRYPTION", protectionLevel: props.target.protectionLevel },
    skipInitialVersionCreation: external ? true : undefined,
    lifecycle: { preventDestroy: true },
  });
  if (external) {
    skipCheck(key, "CKV_GCP_43", "an EXTERNAL (Cloud EKM) key has no key material in Cloud KMS: the external key manager rotates it, Cloud KMS cannot");
    const version = new KmsCryptoKeyVersion(scope, `${id}-external-version`, {
      cryptoKey: key.id,
      externalProtectionLevelOptions: { externalKeyUri: props.target.externalKeyUri! },
      lifecycle: { preventDestroy: true },
    });
    // A version made after the key is not its primary one, and Terraform cannot say so: one command.
    new TerraformOutput(scope, `${id}-setup`, {
      description: `make the external key version of Cloud KMS key ${props.name} its primary version (once, after the first apply)`,
      value: Fn.join(" ", ["gcloud kms keys set-primary-version", key.name, "--keyring", Fn.element(Fn.split("/", props.keyRing), 5), "--location", props.target.region, "--version", Fn.element(Fn.split("/", version.name), 9)]),
    }).overrideLogicalId(props.setupOutput);
  } else if (!props.rotation) {
    skipCheck(key, "CKV_GCP_43", `rotation: false in the spec of component '${props.name}': the app rotates this key itself or must not`);
  }
  return key;
}
