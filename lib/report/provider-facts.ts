// What reports and runbooks need to know about each kind of target, as data: one table entry per
// target id. A new target kind needs only an entry here (nothing in lib/policy or lib/migrate
// imports provider bindings; resource types appear only as the strings of the synthesized JSON).
import type { Target } from "../core/target";

/** Facts about one target kind. */
export interface ProviderFacts {
  /** Resource types that are customer-managed keys: a reference to one names the key protecting data. */
  readonly keyTypes: readonly string[];
  /** Who holds a customer-managed key of this target. */
  keyHolder(target: Target): string;
  /**
   * Encryption at rest when a component's resources reference no customer-managed key, per
   * `<kind>:<strategy>` (or `<kind>`): the key and who holds it (`custody` when a customer-managed
   * key protects the data through a resource outside the component, e.g. a shared disk encryption set).
   */
  readonly implicitKeys: Readonly<Record<string, { key: string; holder: string; custody?: "customer-managed" }>>;
  /** Attributes that keep `terraform destroy` from removing a resource, with the value that does. */
  readonly protectingAttributes: Readonly<Record<string, unknown>>;
  /** Resource types that tie the app to this provider, with what they are. */
  readonly providerFeatures: Readonly<Record<string, string>>;
  /** Export path and format of a stateful component, per `<kind>:<strategy>` or `<kind>`. */
  readonly exportPaths: Readonly<Record<string, string>>;
  /** How to lift each kind of deletion protection (`prevent_destroy` or an attribute) before a destroy. */
  readonly lifting: Readonly<Record<string, string>>;
}

const AWS: ProviderFacts = {
  keyTypes: ["aws_kms_key"],
  keyHolder: (t) => `the app's own KMS key in the ${t.description} account (FIPS 140-3 level 3 HSMs operated by AWS; key material never leaves KMS; administered through the account's IAM)`,
  implicitKeys: {
    "public-endpoint": { key: "ACM certificate private key", holder: "AWS Certificate Manager (provider-managed)" },
    "dns-zone": { key: "none (DNS data is public)", holder: "–" },
    network: { key: "none (no data at rest)", holder: "–" },
  },
  protectingAttributes: { deletion_protection: true, enable_deletion_protection: true, force_destroy: false },
  providerFeatures: {
    aws_wafv2_web_acl: "AWS WAF with AWS managed rule groups (public endpoint)",
    aws_secretsmanager_secret: "AWS Secrets Manager (secret values)",
    aws_s3_bucket_notification: "S3 event notifications to Amazon EventBridge",
    aws_eks_cluster: "Amazon EKS (managed Kubernetes control plane)",
    aws_db_instance: "Amazon RDS for PostgreSQL with a Secrets Manager-managed master password",
    aws_acm_certificate: "AWS Certificate Manager certificates",
    aws_autoscaling_group: "EC2 Auto Scaling groups with SSM access",
    aws_route53_zone: "Amazon Route 53 hosted zones",
    aws_kms_key: "AWS KMS keys (not exportable)",
    aws_flow_log: "VPC flow logs to CloudWatch Logs",
  },
  exportPaths: {
    postgres: "pg_dump --format=custom over TLS from the connection url (RDS snapshots are not portable)",
    bucket: "objects over the S3 API (rclone sync --checksum); versions with --s3-versions",
    "log-sink": "CloudWatch Logs: aws logs create-export-task to an S3 bucket (gzip JSON lines), then as a bucket",
    secret: "values read by their owner (aws secretsmanager get-secret-value) and re-entered at the destination; never through Polder",
    key: "not exportable (KMS key material never leaves KMS): data is re-encrypted under the destination's key as it is copied",
    "dns-zone": "records as data (aws route53 list-resource-record-sets); the spec holds the records Polder manages",
    kubernetes: "workloads redeployed from their manifests/charts; persistent volumes copied by the workload's own backup (e.g. Velero)",
    "vm-group": "stateless by design: the image and the configuration are redeployed",
    "public-endpoint": "stateless: certificate re-issued at the destination, DNS switched",
  },
  lifting: {
    prevent_destroy: "remove lifecycle.prevent_destroy from this resource in the stack you destroy",
    "deletion_protection=true": "set deletion_protection to false and apply that before the destroy",
    "enable_deletion_protection=true": "set enable_deletion_protection to false and apply that before the destroy",
    "force_destroy=false": "it must be empty before Terraform deletes it (a bucket: every object version; a zone: every record Terraform does not manage): set force_destroy to true and apply that, or empty it yourself",
  },
};

const SOVEREIGN: ProviderFacts = {
  keyTypes: ["openstack_keymanager_order_v1"],
  keyHolder: (t) =>
    (t as Target & { externalKeyManager?: { name: string } }).externalKeyManager
      ? `the external key manager '${(t as Target & { externalKeyManager?: { name: string } }).externalKeyManager!.name}' (held outside the cloud)`
      : `Barbican of ${t.description}, in the app's project (operated by the sovereign cloud's operator, ${t.sovereignty.operatorJurisdiction} jurisdiction)`,
  implicitKeys: {
    "postgres:vm": { key: "Cinder encrypted volume type (LUKS)", holder: "the cloud's key manager, keys per volume held by the sovereign cloud's operator" },
    "postgres:managed": { key: "Trove volumes of the encrypted volume type", holder: "the sovereign cloud's operator" },
    "bucket:s3": { key: "SSE-S3 of the object store", holder: "the object store's operator (sovereign cloud)" },
    "bucket:swift": { key: "Swift at-rest encryption of the cloud, if enabled", holder: "the sovereign cloud's operator" },
    "log-sink:s3": { key: "SSE-S3 of the object store", holder: "the object store's operator (sovereign cloud)" },
    "log-sink:swift": { key: "Swift at-rest encryption of the cloud, if enabled", holder: "the sovereign cloud's operator" },
    "vm-group": { key: "Cinder encrypted volume type (LUKS) of the boot volumes", holder: "the sovereign cloud's operator" },
    kubernetes: { key: "Cinder encrypted volume type (LUKS) of the node volumes", holder: "the sovereign cloud's operator" },
    "public-endpoint": { key: "certificate private key in the Barbican container", holder: "the app's project in Barbican (uploaded by the app team)" },
    "dns-zone": { key: "none (DNS data is public)", holder: "–" },
    network: { key: "none (no data at rest)", holder: "–" },
    secret: { key: "Barbican's key encryption", holder: "the sovereign cloud's operator" },
  },
  protectingAttributes: {},
  providerFeatures: {
    openstack_identity_ec2_credential_v3: "EC2-style credentials of the S3-compatible object store (bucket created out of band)",
    openstack_keymanager_container_v1: "Barbican certificate containers for Octavia TLS termination",
    openstack_db_instance_v1: "Trove database instances",
    openstack_containerinfra_cluster_v1: "Magnum Kubernetes clusters",
    openstack_dns_zone_v2: "Designate DNS zones",
    openstack_objectstorage_container_v1: "Swift containers",
  },
  exportPaths: {
    "postgres:vm": "pg_dump --format=custom over TLS from the connection url; the nightly dumps on the backup volume are a second copy",
    "postgres:managed": "pg_dump --format=custom over TLS from the connection url",
    "bucket:s3": "objects over the S3 API (rclone sync --checksum)",
    "bucket:swift": "objects over the Swift API (rclone sync --checksum)",
    "log-sink": "objects in the log bucket (gzip files per tag and hour), copied like a bucket",
    secret: "values read by their owner (openstack secret get --payload) and re-entered at the destination; never through Polder",
    key: "Polder does not export keys: data is re-encrypted under the destination's key as it is copied",
    "dns-zone": "records as data (openstack recordset list); the spec holds the records Polder manages",
    kubernetes: "workloads redeployed from their manifests/charts; persistent volumes copied by the workload's own backup (e.g. Velero)",
    "vm-group": "stateless by design: the image and the configuration are redeployed",
    "public-endpoint": "stateless: certificate re-issued at the destination, DNS switched",
  },
  lifting: {
    prevent_destroy: "remove lifecycle.prevent_destroy from this resource in the stack you destroy",
  },
};

const AZURE: ProviderFacts = {
  keyTypes: ["azurerm_key_vault_key", "azurerm_key_vault_managed_hardware_security_module_key"],
  keyHolder: (t) =>
    (t as Target & { keyCustody?: string }).keyCustody === "managed-hsm"
      ? `the app's key in the Managed HSM of ${t.description} (FIPS 140-3 level 3, single-tenant HSM pool; customer-managed, its security domain held by the subscription's owners)`
      : `the app's own RSA-HSM key in the app's Key Vault (Premium, HSM-protected, purge protection on) in ${t.description}: customer-managed, held by the subscription's Key Vault and administered through Entra ID role assignments`,
  implicitKeys: {
    "public-endpoint": { key: "TLS certificate private key in the app's Key Vault", holder: "the app's Key Vault (imported by the app team)" },
    // Scale set disks reference the foundation's disk encryption set, not the key itself.
    "vm-group": { key: "the app's Key Vault key through the stack's disk encryption set (OS disks; encryption at host for temporary disks and caches)", holder: "the app's Key Vault (customer-managed)", custody: "customer-managed" },
    // The secret's value is set in the app's vault out of band (output <name>_secret_setup): no resource of its own.
    secret: { key: "Key Vault's own service encryption of secrets (HSM-backed, Premium vault)", holder: "Microsoft, in the app's Key Vault" },
    "dns-zone": { key: "none (DNS data is public)", holder: "–" },
    network: { key: "none (no data at rest)", holder: "–" },
  },
  protectingAttributes: {},
  providerFeatures: {
    azurerm_application_gateway: "Azure Application Gateway v2 with a WAF policy (public endpoint)",
    azurerm_web_application_firewall_policy: "Azure WAF policy with managed rule sets",
    azurerm_kubernetes_cluster: "Azure Kubernetes Service (managed control plane, Entra ID integration)",
    azurerm_postgresql_flexible_server: "Azure Database for PostgreSQL flexible server with Entra ID authentication",
    azurerm_key_vault: "Azure Key Vault (keys, secrets, certificates)",
    azurerm_key_vault_key: "Key Vault HSM keys (not exportable)",
    azurerm_storage_account: "Azure Storage accounts (Blob containers)",
    azurerm_dns_zone: "Azure DNS zones",
    azurerm_log_analytics_workspace: "Log Analytics workspace (diagnostic logs)",
    azurerm_linux_virtual_machine_scale_set: "Virtual Machine Scale Sets",
    azurerm_user_assigned_identity: "user-assigned managed identities (Entra ID)",
  },
  exportPaths: {
    postgres: "pg_dump --format=custom over TLS from the connection url, signed in with an Entra ID token (flexible server backups are not portable)",
    bucket: "blobs over the Blob API (rclone azureblob, Entra ID sign-in, sync --checksum)",
    "log-sink": "blobs in the log container, copied like a bucket (or az storage blob download-batch)",
    secret: "values read by their owner (az keyvault secret show) and re-entered at the destination; never through Polder",
    key: "not exportable (HSM key material never leaves Key Vault): data is re-encrypted under the destination's key as it is copied",
    "dns-zone": "records as data (az network dns record-set list); the spec holds the records Polder manages",
    kubernetes: "workloads redeployed from their manifests/charts; persistent volumes copied by the workload's own backup (e.g. Velero)",
    "vm-group": "stateless by design: the image and the configuration are redeployed",
    "public-endpoint": "stateless: certificate re-issued at the destination, DNS switched",
  },
  lifting: {
    prevent_destroy: "remove lifecycle.prevent_destroy from this resource in the stack you destroy (a Key Vault with purge protection stays recoverable for its retention days)",
  },
};

const GCP: ProviderFacts = {
  keyTypes: ["google_kms_crypto_key"],
  keyHolder: (t) => {
    const g = t as Target & { keyCustody?: string; protectionLevel?: string };
    return g.keyCustody === "external"
      ? `an external key manager through Cloud EKM (protection level EXTERNAL): the key material stays outside Google, in ${t.description}'s key ring only as a reference`
      : `the app's own Cloud KMS key (protection level ${g.protectionLevel ?? "per keyCustody"}${g.protectionLevel === "HSM" ? ", FIPS 140-2 level 3 Cloud HSM" : ""}) in the app's key ring of ${t.description}: customer-managed, administered through the project's IAM`;
  },
  implicitKeys: {
    "public-endpoint": { key: "Certificate Manager certificate private key", holder: "Google Certificate Manager (provider-managed)" },
    "dns-zone": { key: "none (DNS data is public)", holder: "–" },
    network: { key: "none (no data at rest)", holder: "–" },
  },
  protectingAttributes: { deletion_protection: true, force_destroy: false },
  providerFeatures: {
    google_container_cluster: "Google Kubernetes Engine (managed control plane, DNS endpoint)",
    google_sql_database_instance: "Cloud SQL for PostgreSQL with IAM database authentication",
    google_secret_manager_secret: "Secret Manager (secret values)",
    google_certificate_manager_certificate: "Certificate Manager certificates with DNS authorization",
    google_compute_region_security_policy: "Cloud Armor security policy (public endpoint)",
    google_compute_region_url_map: "regional external Application Load Balancer",
    google_compute_region_instance_group_manager: "regional managed instance groups",
    google_dns_managed_zone: "Cloud DNS managed zones",
    google_kms_crypto_key: "Cloud KMS keys (not exportable)",
    google_logging_project_bucket_config: "Cloud Logging log buckets",
    google_storage_bucket: "Cloud Storage buckets",
  },
  exportPaths: {
    postgres: "pg_dump --format=custom over TLS from the connection url, signed in with an IAM access token (Cloud SQL backups are not portable)",
    bucket: "objects over the Cloud Storage API (rclone gcs, sync --checksum)",
    "log-sink": "Cloud Logging: gcloud logging read from the log bucket (JSON), then gcloud storage cp into an export bucket, copied like a bucket",
    "secret:storage": "the secret's object read by its owner (gcloud storage cat) and re-entered at the destination; never through Polder",
    secret: "values read by their owner (gcloud secrets versions access) and re-entered at the destination; never through Polder",
    key: "not exportable (Cloud KMS key material never leaves KMS): data is re-encrypted under the destination's key as it is copied",
    "dns-zone": "records as data (gcloud dns record-sets list); the spec holds the records Polder manages",
    kubernetes: "workloads redeployed from their manifests/charts; persistent volumes copied by the workload's own backup (e.g. Velero)",
    "vm-group": "stateless by design: the image and the configuration are redeployed",
    "public-endpoint": "stateless: certificate re-issued at the destination, DNS switched",
  },
  lifting: {
    prevent_destroy: "remove lifecycle.prevent_destroy from this resource in the stack you destroy (a Cloud KMS key is only scheduled for destruction)",
    "deletion_protection=true": "set deletion_protection to false and apply that before the destroy",
    "force_destroy=false": "it must be empty before Terraform deletes it (a bucket: every object version): set force_destroy to true and apply that, or empty it yourself",
  },
};

/** Fallback for a target kind without an entry: says so instead of guessing. */
const UNKNOWN: ProviderFacts = {
  keyTypes: [],
  keyHolder: (t) => `not described for target kind '${t.id}' (add it to lib/report/provider-facts.ts)`,
  implicitKeys: {},
  protectingAttributes: { deletion_protection: true },
  providerFeatures: {},
  exportPaths: {},
  lifting: { prevent_destroy: "remove lifecycle.prevent_destroy from this resource in the stack you destroy" },
};

const FACTS: Readonly<Record<string, ProviderFacts>> = { aws: AWS, sovereign: SOVEREIGN, azure: AZURE, gcp: GCP };

/** The facts for a target's kind (its id). */
export function factsFor(target: Pick<Target, "id">): ProviderFacts {
  return FACTS[target.id] ?? UNKNOWN;
}

/** A per-strategy entry: `<kind>:<strategy>`, then `<kind>`, then `strategy`. */
export function lookup<T>(table: Readonly<Record<string, T>>, kind: string, strategy: string): T | undefined {
  return table[`${kind}:${strategy}`] ?? table[kind] ?? table[strategy];
}
