import type { ControlResult } from "../../../landing-zone/controls";
import type { ResolvedLandingZoneSpec } from "../../../landing-zone/spec";
import type { GcpTarget } from "../target";
import { PUBLIC_UNIVERSE, universeName } from "../universes";
import { ASSURED_WORKLOADS_REGIME, assuredUnits } from "./hierarchy";
import { EU_LOCATIONS, regionLocations } from "./policies";

const POLICY = "google_org_policy_policy";

/** The Google landing zone's answer for every control of the catalogue, pure. */
export function gcpZoneControls(spec: ResolvedLandingZoneSpec, target: GcpTarget): ControlResult[] {
  const u = target.universe;
  const publicUniverse = u === PUBLIC_UNIVERSE;
  const where = universeName(u);
  const assured = assuredUnits(spec, publicUniverse).map((x) => x.name);
  const universePlace = `${where} has only ${u.regions.join(", ")} (operated by ${u.operator} under ${u.jurisdiction} jurisdiction): every resource of it is there, and the universe's location value groups are not documented, so no location policy is set`;
  return [
    { id: "hierarchy", status: "enforced", how: "a folder for the zone under the organization and a folder per unit below it, mirroring the tree", resources: ["google_folder"] },
    {
      id: "tenancy-vending",
      status: "enforced",
      how: `a project per tenancy in its unit's folder${assured.length ? ` (in units ${assured.join(", ")}: in the unit's Assured Workloads folder, ${ASSURED_WORKLOADS_REGIME})` : ""}, charged to the target's billing account, without a default network, deletion_policy PREVENT, only the APIs Polder's apps use`,
      resources: ["google_project", "google_project_service", ...(assured.length ? ["google_assured_workloads_workload"] : [])],
    },
    publicUniverse
      ? { id: "eu-regions", status: "enforced", how: `organization policy gcp.resourceLocations allowing only ${EU_LOCATIONS} on the zone's folder (global resources such as IAM and folders have no location and are not restricted)`, resources: [POLICY] }
      : { id: "eu-regions", status: "structural", how: "-", resources: [], reason: universePlace },
    { id: "deny-leave-organization", status: "enforced", how: "organization policy resourcemanager.allowedExportDestinations denying every destination outside the organization, on the zone's folder; projects also have deletion_policy PREVENT", resources: [POLICY] },
    {
      id: "audit-trail",
      status: "enforced",
      how: "an aggregated sink on the zone's folder (include_children) routing every project's audit logs (and VPC flow logs) into the zone's log bucket in the audit project; Data Access audit logs (ADMIN_READ, DATA_WRITE; DATA_READ in data-protection units) for every service",
      resources: ["google_logging_folder_sink", "google_logging_project_bucket_config", "google_folder_iam_audit_config"],
    },
    spec.audit.immutable
      ? { id: "audit-immutable", status: "enforced", how: `the log bucket is locked (locked = true) with ${spec.audit.retentionDays} days retention: records cannot be deleted, the retention not lowered and the bucket not deleted before they expire`, resources: ["google_logging_project_bucket_config"] }
      : { id: "audit-immutable", status: "not-enforced", how: `retention ${spec.audit.retentionDays} days, not locked`, resources: ["google_logging_project_bucket_config"], reason: "the spec sets audit.immutable: false" },
    { id: "audit-encrypted", status: "enforced", how: `the log bucket's CMEK is the zone's Cloud KMS key (${target.protectionLevel}, 90-day rotation where Cloud KMS holds the material); the audit project's Logging service account may use it`, resources: ["google_kms_crypto_key", "google_kms_crypto_key_iam_member", "google_logging_project_bucket_config"] },
    {
      id: "protect-security-services",
      status: "enforced",
      how: "the sink, the Data Access audit configuration and the firewall policy sit on the zone's folder, and organization policies can only be changed at the organization: unit admin groups (Folder Admin on their unit) and tenancy projects reach none of them; project-level audit configs can only add logs",
      resources: ["google_logging_folder_sink", "google_folder_iam_audit_config", POLICY],
    },
    {
      id: "deny-root-use",
      status: "structural",
      how: "-",
      resources: [],
      reason: "a Google project has no root identity; the organization's super administrators are Cloud Identity accounts outside the zone, given no role by it, and their 2-Step Verification is a Cloud Identity setting",
    },
    { id: "threat-detection", status: "not-enforced", how: "-", resources: [], reason: "Security Command Center (Event Threat Detection) is activated for the organization with its subscription tier in the console, not by Terraform; the zone's audit sink is what a SOC reads meanwhile" },
    { id: "security-posture", status: "not-enforced", how: "-", resources: [], reason: "Security Health Analytics is part of Security Command Center, activated for the organization in the console; Cloud Asset Inventory keeps every project's configuration history by itself (35 days)" },
    publicUniverse
      ? { id: "access-analysis", status: "partial", how: "organization policy iam.allowedPolicyMemberDomains allowing only the organization's Cloud Identity customer on the zone's folder: access outside the organization cannot be granted at all", resources: [POLICY], reason: "grants are prevented rather than found: Policy Analyzer has no Terraform resource to run it for the zone" }
      : { id: "access-analysis", status: "not-enforced", how: "-", resources: [], reason: `${where} documents that some IAM policies cannot be used there and does not say whether domain-restricted sharing (iam.allowedPolicyMemberDomains) is one of them, so Polder does not set it rather than risk a policy that locks out the universe's federated identities` },
    { id: "default-encryption", status: "structural", how: "-", resources: [], reason: "Compute Engine encrypts every persistent disk at rest by default; customer-managed keys are the data-protection tier's control" },
    { id: "public-access-block", status: "enforced", how: "organization policies storage.publicAccessPrevention and storage.uniformBucketLevelAccess on the zone's folder", resources: [POLICY] },
    {
      id: "hub-network",
      status: "partial",
      how: "a shared-VPC host project with the hub VPC and a regional subnet; every tenancy project is a service project of it",
      resources: ["google_compute_shared_vpc_host_project", "google_compute_shared_vpc_service_project", "google_compute_network", "google_compute_subnetwork"],
      reason: "Polder's Google app network is its own VPC in the tenancy project, not the hub's shared subnet yet; the hierarchical firewall policy and the audit sink still cover it",
    },
    {
      id: "central-egress",
      status: "partial",
      how:
        spec.hubNetwork.egress === "firewall"
          ? "Cloud NAT in the hub, and the zone's hierarchical firewall policy on the zone's folder denying every egress to the internet but HTTPS in every VPC of the zone"
          : "Cloud NAT in the hub (egress: nat); the hierarchical firewall policy on the zone's folder",
      resources: ["google_compute_router_nat", "google_compute_firewall_policy", "google_compute_firewall_policy_rule", "google_compute_firewall_policy_association"],
      reason: "Polder's Google app networks still make their own Cloud NAT (compute.restrictCloudNATUsage would break them), and the firewall policy filters by port (L4), not an inspecting firewall (Cloud NGFW Enterprise endpoints are not made)",
    },
    { id: "admin-groups", status: "enforced", how: "each unit's Cloud Identity group (<name>@<groupDomain>) is Folder Admin on its unit's folder, inherited by every folder and project below", resources: ["google_folder_iam_member"] },
    {
      id: "break-glass",
      status: "partial",
      how: "two Cloud Identity users (<name>@<groupDomain>) are Folder Admin on the zone's folder",
      resources: ["google_folder_iam_member"],
      reason: "the google provider cannot create Cloud Identity users or exempt them from SAML single sign-on: the two accounts and their SSO exemption are made in the Admin console",
    },
    { id: "break-glass-mfa", status: "not-enforced", how: "-", resources: [], reason: "2-Step Verification (security keys) is a Cloud Identity / Workspace setting per organizational unit, not a Google Cloud resource, and IAM conditions cannot test for it: enforce it in the Admin console for the break-glass users' organizational unit" },
    {
      id: "budgets",
      status: "enforced",
      how: `a monthly budget per tenancy project in ${spec.budgets.currency} (the billing account's currency must be the same, or Cloud Billing refuses it), alerting at ${spec.budgets.thresholds.join(", ")}% through e-mail channels to the tenancy's and the zone's contacts; Essential Contacts on the zone's folder and each project`,
      resources: ["google_billing_budget", "google_monitoring_notification_channel", "google_essential_contacts_contact"],
    },
    { id: "quotas", status: "not-enforced", how: "-", resources: [], reason: "Polder sets no Cloud Quotas quota preferences yet; budgets limit spending instead" },
    spec.tags.required.length
      ? { id: "required-tags", status: "partial", how: `the tenancy's required tags (${spec.tags.required.join(", ")}) as labels of its project, and of everything Polder's apps make there`, resources: ["google_project"], reason: "no organization policy requires a label on every resource type (custom constraints cover only some types)" }
      : { id: "required-tags", status: "not-enforced", how: "-", resources: [], reason: "the spec requires no tags" },
    publicUniverse
      ? {
          id: "residency-home-region",
          status: "enforced",
          how: `organization policy gcp.resourceLocations allowing only ${regionLocations(target.region)} on the folders of units with residency${assured.length ? ", and on the projects in Assured Workloads folders (whose own policy allows every EU region)" : ""}`,
          resources: [POLICY],
        }
      : { id: "residency-home-region", status: "structural", how: "-", resources: [], reason: universePlace },
    {
      id: "customer-managed-keys",
      status: "enforced",
      how: `organization policy gcp.restrictNonCmekServices on the units with data-protection: Cloud Storage, Cloud SQL, Compute Engine${u.gkeSecretsEncryption ? ", GKE" : ""}${u.secretManager ? ", Secret Manager" : ""} resources only with a customer-managed key${publicUniverse && assured.length ? `; Assured Workloads ${ASSURED_WORKLOADS_REGIME} for the units' tenancies` : ""}`,
      resources: [POLICY, ...(publicUniverse && assured.length ? ["google_assured_workloads_workload"] : [])],
    },
    { id: "tls-only", status: "enforced", how: "organization policy storage.secureHttpTransport on the units with data-protection; every Google API endpoint is HTTPS only, and Polder's Cloud SQL requires TLS (ENCRYPTED_ONLY)", resources: [POLICY] },
    {
      id: "confidential-compute",
      status: "enforced",
      how: "organization policy compute.restrictNonConfidentialComputing denying Compute Engine resources that are not Confidential VMs, on the units with the confidential tier",
      resources: [POLICY],
    },
  ];
}
