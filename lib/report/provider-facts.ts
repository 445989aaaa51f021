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
   * `<kind>:<strategy>` (or `<kind>`): the key and who holds it.
   */
  readonly implicitKeys: Readonly<Record<string, { key: string; holder: string }>>;
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

const FACTS: Readonly<Record<string, ProviderFacts>> = { aws: AWS, sovereign: SOVEREIGN };

/** The facts for a target's kind (its id). */
export function factsFor(target: Pick<Target, "id">): ProviderFacts {
  return FACTS[target.id] ?? UNKNOWN;
}

/** A per-strategy entry: `<kind>:<strategy>`, then `<kind>`, then `strategy`. */
export function lookup<T>(table: Readonly<Record<string, T>>, kind: string, strategy: string): T | undefined {
  return table[`${kind}:${strategy}`] ?? table[kind] ?? table[strategy];
}
