import { BlockstorageQuotasetV3 } from "../../../../providers/openstack/lib/blockstorage-quotaset-v3";
import { ComputeQuotasetV2 } from "../../../../providers/openstack/lib/compute-quotaset-v2";
import { DataOpenstackIdentityAuthScopeV3 } from "../../../../providers/openstack/lib/data-openstack-identity-auth-scope-v3";
import { DataOpenstackNetworkingNetworkV2 } from "../../../../providers/openstack/lib/data-openstack-networking-network-v2";
import { IdentityEc2CredentialV3 } from "../../../../providers/openstack/lib/identity-ec2-credential-v3";
import { IdentityProjectV3 } from "../../../../providers/openstack/lib/identity-project-v3";
import { IdentityRoleAssignmentV3 } from "../../../../providers/openstack/lib/identity-role-assignment-v3";
import { NetworkingNetworkV2 } from "../../../../providers/openstack/lib/networking-network-v2";
import { NetworkingRbacPolicyV2 } from "../../../../providers/openstack/lib/networking-rbac-policy-v2";
import { NetworkingRouterInterfaceV2 } from "../../../../providers/openstack/lib/networking-router-interface-v2";
import { NetworkingRouterV2 } from "../../../../providers/openstack/lib/networking-router-v2";
import { NetworkingSecgroupRuleV2 } from "../../../../providers/openstack/lib/networking-secgroup-rule-v2";
import { NetworkingSecgroupV2 } from "../../../../providers/openstack/lib/networking-secgroup-v2";
import { NetworkingSubnetV2 } from "../../../../providers/openstack/lib/networking-subnet-v2";
import { ObjectstorageContainerV1 } from "../../../../providers/openstack/lib/objectstorage-container-v1";
import { Construct } from "constructs";
import { Fn, TerraformOutput } from "../../../core/cdktf";
import { PolderError } from "../../../core/errors";
import type { ControlResult } from "../../../landing-zone/controls";
import { type LandingZoneRealizer, registerLandingZoneRealizer } from "../../../landing-zone/realizer";
import type { ResolvedLandingZoneSpec } from "../../../landing-zone/spec";
import type { ResolvedUnit } from "../../../landing-zone/units";
import { fluentBitS3Output, swiftShipping } from "../object-storage";
import { sovereignProviders } from "../stack";
import { osMetadata, osTags } from "../tags";
import { sovereignConfidentialSupport } from "../confidential";
import type { SovereignTarget } from "../target";
import { auditBucketCommands } from "./audit-store";
import { flowLogCommands } from "./flow-logs";
import type { SovereignNetwork } from "../network";
import { BREAK_GLASS_MFA_RULE, SovereignZoneIdentity } from "./identity";

interface SovereignTenancyHandle {
  readonly project: IdentityProjectV3;
}

/** Where the audit trail goes on this cloud: an S3 bucket when the cloud has an S3 endpoint, else Swift. */
function auditStore(target: SovereignTarget): "s3" | "swift" {
  if (target.services.s3 && target.s3Endpoint) return "s3";
  if (target.services.swift) return "swift";
  throw new PolderError(`landing zone on ${target.description}: the audit trail needs object storage: set s3Endpoint (with services.s3) or services.swift`);
}

function controls(spec: ResolvedLandingZoneSpec, target: SovereignTarget): ControlResult[] {
  const place = `the cloud is the place: ${target.description} is operated under ${target.sovereignty.operatorJurisdiction} jurisdiction, so every region of it is where the data may be`;
  const store = auditStore(target);
  const locked = spec.audit.immutable && store === "s3" && target.s3ObjectLock;
  const notForProjects = "OpenStack has no policy service a project's owner could be held to; Keystone and the services' policies are the operator's";
  return [
    { id: "hierarchy", status: "enforced", how: "a Keystone domain (a project with is_domain) and a project per unit below it, mirroring the tree", resources: ["openstack_identity_project_v3"] },
    { id: "tenancy-vending", status: "enforced", how: "a project per tenancy under its unit's project", resources: ["openstack_identity_project_v3"] },
    { id: "eu-regions", status: "structural", how: "-", resources: [], reason: place },
    { id: "deny-leave-organization", status: "structural", how: "-", resources: [], reason: "a project cannot leave its Keystone domain; only the cloud's administrators can move it" },
    {
      id: "audit-trail",
      status: "partial",
      how: `the zone's audit ${store === "s3" ? "bucket" : "container"} and the shipping configuration (output audit_shipping) for the operator's CADF audit notifications`,
      resources: store === "s3" ? ["openstack_identity_ec2_credential_v3"] : ["openstack_objectstorage_container_v1"],
      reason: "OpenStack's audit notifications (keystonemiddleware audit, CADF) are switched on by the operator, not per project; the zone gives them their destination",
    },
    locked
      ? { id: "audit-immutable", status: "partial", how: `S3 Object Lock in compliance mode, ${spec.audit.retentionDays} days, set by the bucket setup commands`, resources: [], reason: "the OpenStack provider has no S3 bucket resource: the lock is set by the commands in output audit_bucket_setup, run once" }
      : {
          id: "audit-immutable",
          status: "not-enforced",
          how: "versioning only",
          resources: store === "swift" ? ["openstack_objectstorage_container_v1"] : [],
          reason: !spec.audit.immutable ? "the spec sets audit.immutable: false" : store === "swift" ? "Swift has no object lock; versions are kept but an owner can delete them" : "the cloud's S3 does not support Object Lock (target s3ObjectLock: false)",
        },
    {
      id: "audit-encrypted",
      status: "partial",
      how: store === "s3" ? "SSE-S3 at the object store" : "the operator's Swift encryption middleware",
      resources: [],
      reason: "at-rest encryption of object storage is the operator's (RGW or Swift middleware) with the operator's key, not a key of the zone",
    },
    { id: "protect-security-services", status: "structural", how: "-", resources: [], reason: "the audit middleware and notification pipeline are the cloud operator's; no role the zone grants can change them" },
    { id: "deny-root-use", status: "structural", how: "-", resources: [], reason: "a project has no root user; the cloud's admin role is the operator's and is given to no group of the zone" },
    { id: "threat-detection", status: "not-enforced", how: "-", resources: [], reason: "OpenStack has no threat-detection service; the operator's SOC reads the shipped audit trail" },
    { id: "security-posture", status: "not-enforced", how: "-", resources: [], reason: "OpenStack has no configuration recorder or posture service" },
    { id: "access-analysis", status: "not-enforced", how: "-", resources: [], reason: "OpenStack has no access analyzer; role assignments are all in this stack" },
    { id: "default-encryption", status: "partial", how: `Polder's apps boot from and attach volumes of type '${target.encryptedVolumeType}' (LUKS)`, resources: [], reason: `a project's default volume type is set by the operator (admin-only API): ${notForProjects}` },
    { id: "public-access-block", status: "not-enforced", how: "-", resources: [], reason: "object storage has no account-wide public access block; containers and buckets are private unless an ACL or policy opens them, which Polder never sets" },
    { id: "hub-network", status: "enforced", how: "a hub network and subnet shared to every tenancy project by Neutron RBAC, with SCS default security-group rules", resources: ["openstack_networking_network_v2", "openstack_networking_rbac_policy_v2", "openstack_networking_secgroup_v2"] },
    spec.hubNetwork.egress === "firewall"
      ? { id: "central-egress", status: "partial", how: "the hub router's SNAT to the external network", resources: ["openstack_networking_router_v2"], reason: "FWaaS is optional in SCS and not assumed: egress is NAT without inspection; projects may also route out themselves unless the operator limits the external network's RBAC" }
      : { id: "central-egress", status: "partial", how: "the hub router's SNAT to the external network", resources: ["openstack_networking_router_v2"], reason: "projects may also route out themselves unless the operator limits the external network's RBAC" },
    { id: "admin-groups", status: "enforced", how: "per unit groups with the SCS reader, member and manager roles, inherited (OS-INHERIT) by every project below", resources: ["openstack_identity_group_v3", "openstack_identity_role_assignment_v3", "openstack_identity_inherit_role_assignment_v3"] },
    { id: "break-glass", status: "enforced", how: "two local Keystone users in a domain of their own, manager on the zone's domain", resources: ["openstack_identity_user_v3"] },
    { id: "break-glass-mfa", status: "enforced", how: `Keystone MFA rule ${BREAK_GLASS_MFA_RULE.join(" + ")}; password and TOTP set out of band, never in Terraform`, resources: ["openstack_identity_user_v3"] },
    { id: "budgets", status: "not-enforced", how: "-", resources: [], reason: "OpenStack has no budgets; quotas per project limit what a tenancy can use instead" },
    { id: "quotas", status: "enforced", how: "compute (cores, RAM, instances) and block storage (GiB, volumes) quotas per tenancy project", resources: ["openstack_compute_quotaset_v2", "openstack_blockstorage_quotaset_v3"] },
    spec.tags.required.length
      ? { id: "required-tags", status: "partial", how: "the tenancy's tags on its project", resources: ["openstack_identity_project_v3"], reason: "Keystone cannot require tags on resources inside a project; Polder's apps tag what they make" }
      : { id: "required-tags", status: "not-enforced", how: "-", resources: [], reason: "the spec requires no tags" },
    { id: "residency-home-region", status: "structural", how: "-", resources: [], reason: place },
    { id: "customer-managed-keys", status: "partial", how: target.services.keyManager ? "Polder's apps keep their keys in Barbican" : target.externalKeyManager ? `Polder's apps keep their keys in ${target.externalKeyManager.name}` : "-", resources: [], reason: notForProjects },
    { id: "tls-only", status: "partial", how: "the S3 endpoint must be https (target check); audit buckets deny requests without TLS", resources: [], reason: `the cloud's API endpoints are the operator's; ${notForProjects}` },
    confidentialCompute(target),
  ];
}

/** The confidential tier: nothing a project can enforce; what Polder's apps do on this cloud. */
function confidentialCompute(target: SovereignTarget): ControlResult {
  const support = sovereignConfidentialSupport(target);
  const apps = support.supported
    ? `Polder's apps in confidential units run kubernetes and vm-group on the target's ${support.how}`
    : `Polder's apps with kubernetes or vm-group are refused in confidential units: ${support.reason}`;
  return { id: "confidential-compute", status: "not-enforced", how: "-", resources: [], reason: `no project-level policy can restrict flavors to memory-encrypting hosts (hw:mem_encryption); ${apps}` };
}

export const sovereignLandingZoneRealizer: LandingZoneRealizer = {
  realize(scope, { spec, stack, target: t }) {
    const target = t as SovereignTarget;
    const store = auditStore(target);
    const os = new Construct(scope, "openstack");
    const tags = osTags(stack);

    const domain = new IdentityProjectV3(os, "domain", {
      name: spec.name,
      isDomain: true,
      enabled: true,
      description: `landing zone ${spec.name} (owner ${spec.owner})`,
      lifecycle: { preventDestroy: true },
    });
    const projects = new Map<string, IdentityProjectV3>();
    for (const unit of spec.units) {
      projects.set(
        unit.name,
        new IdentityProjectV3(os, `unit-${unit.name}`, {
          name: `${spec.name}-${unit.name}`,
          domainId: domain.id,
          parentId: unit.parent ? projects.get(unit.parent)!.id : domain.id,
          enabled: true,
          description: `${unit.kind} unit ${unit.name}${unit.classification ? ` (up to ${unit.classification})` : ""}${unit.tiers.length ? `, tiers ${unit.tiers.join(", ")}` : ""}`,
          tags,
          lifecycle: { preventDestroy: true },
        }),
      );
    }
    const tenancies = new Map<string, SovereignTenancyHandle>();
    const q = spec.budgets.quota;
    for (const tenancy of spec.tenancies) {
      const project = new IdentityProjectV3(os, `tenancy-${tenancy.name}`, {
        name: `${spec.name}-${tenancy.name}`,
        domainId: domain.id,
        parentId: projects.get(tenancy.unit)!.id,
        enabled: true,
        description: `tenancy ${tenancy.name} of ${tenancy.owner} (${tenancy.email})`,
        tags: [`polder:tenancy=${tenancy.name}`, `polder:tenancy-owner=${tenancy.owner}`, ...Object.entries(tenancy.tags).map(([k, v]) => `polder:${k}=${v}`)],
        lifecycle: { preventDestroy: true },
      });
      new ComputeQuotasetV2(os, `tenancy-${tenancy.name}-compute-quota`, { projectId: project.id, cores: q.cores, ram: q.ramGb * 1024, instances: q.instances });
      new BlockstorageQuotasetV3(os, `tenancy-${tenancy.name}-volume-quota`, { projectId: project.id, gigabytes: q.volumeGb, volumes: q.instances * 4 });
      tenancies.set(tenancy.name, { project });
      new TerraformOutput(os, `tenancy-${tenancy.name}-project`, { value: project.id, description: `project of tenancy ${tenancy.name}` }).overrideLogicalId(`tenancy_${tenancy.name.replace(/-/g, "_")}_project_id`);
    }
    const hasChildren = (u: ResolvedUnit) => u.children.length > 0 || spec.tenancies.some((x) => x.unit === u.name);
    const identity = new SovereignZoneIdentity(os, spec, domain, projects, hasChildren);

    // The hub: in the deploying project, shared to every tenancy by RBAC; out through the router's SNAT.
    const external = new DataOpenstackNetworkingNetworkV2(os, "external-network", { name: target.externalNetwork, external: true });
    const hub = new NetworkingNetworkV2(os, "hub-network", { name: `${spec.name}-hub`, adminStateUp: true, portSecurityEnabled: true, tags });
    const subnet = new NetworkingSubnetV2(os, "hub-subnet", { networkId: hub.id, name: `${spec.name}-hub`, cidr: spec.hubNetwork.subnets.transit[0], ipVersion: 4, enableDhcp: true, tags });
    const router = new NetworkingRouterV2(os, "hub-router", { name: `${spec.name}-hub`, externalNetworkId: external.id, enableSnat: true, adminStateUp: true, tags });
    new NetworkingRouterInterfaceV2(os, "hub-router-interface", { routerId: router.id, subnetId: subnet.id });
    for (const tenancy of spec.tenancies)
      new NetworkingRbacPolicyV2(os, `hub-share-${tenancy.name}`, { objectType: "network", objectId: hub.id, action: "access_as_shared", targetTenant: tenancies.get(tenancy.name)!.project.id });
    // SCS default security-group rules (SCS-0115): no ingress except from members of the same group; egress allowed.
    const sg = new NetworkingSecgroupV2(os, "hub-default-sg", { name: `${spec.name}-hub-default`, description: "SCS default rules: ingress only from this group, egress allowed", deleteDefaultRules: true, tags });
    for (const ethertype of ["IPv4", "IPv6"]) {
      const v = ethertype.toLowerCase();
      new NetworkingSecgroupRuleV2(os, `hub-default-sg-ingress-${v}`, { securityGroupId: sg.id, direction: "ingress", ethertype, remoteGroupId: sg.id, description: "from members of this group" });
      new NetworkingSecgroupRuleV2(os, `hub-default-sg-egress-${v}`, { securityGroupId: sg.id, direction: "egress", ethertype, description: "egress (SCS default)" });
    }

    // The audit project and its store.
    const audit = new IdentityProjectV3(os, "audit-project", {
      name: `${spec.name}-audit`,
      domainId: domain.id,
      parentId: domain.id,
      enabled: true,
      description: `audit archive of landing zone ${spec.name}`,
      tags,
      lifecycle: { preventDestroy: true },
    });
    let logDestination: string;
    if (store === "s3") {
      // The deploying user needs a role in the audit project to hold its EC2-style credential.
      const deployer = new DataOpenstackIdentityAuthScopeV3(os, "deployer", { name: "deployer" });
      const access = new IdentityRoleAssignmentV3(os, "deployer-audit-member", { projectId: audit.id, userId: deployer.userId, roleId: identity.roles.member.id });
      const credential = new IdentityEc2CredentialV3(os, "audit-credential", { projectId: audit.id, dependsOn: [access] });
      const bucket = `${spec.name}-audit-${Fn.substr(audit.id, 0, 8)}`;
      const endpoint = target.s3Endpoint!;
      const address = `${credential.terraformResourceType}.${stack.getLogicalId(credential)}`;
      new TerraformOutput(os, "audit-bucket-setup", {
        description: `the audit bucket: create it once with these commands (access key below, secret key via terraform state show ${address})`,
        value: { bucket, endpoint, access_key_id: credential.access, commands: auditBucketCommands({ bucket, endpoint, retentionDays: spec.audit.retentionDays, objectLock: spec.audit.immutable && target.s3ObjectLock }) },
      }).overrideLogicalId("audit_bucket_setup");
      new TerraformOutput(os, "audit-shipping", { description: "Fluent Bit output for the operator's audit notifications and the apps' logs", value: fluentBitS3Output({ bucket, endpoint, region: target.region, app: spec.name }) }).overrideLogicalId("audit_shipping");
      logDestination = `s3://${bucket}`;
    } else {
      const container = new ObjectstorageContainerV1(os, "audit-container", { name: `${spec.name}-audit`, versioning: true, forceDestroy: false, metadata: osMetadata(stack), lifecycle: { preventDestroy: true } });
      new TerraformOutput(os, "audit-shipping", { description: "how the operator's audit notifications and the apps' logs reach the container", value: swiftShipping({ container: container.name, retentionDays: spec.audit.retentionDays }) }).overrideLogicalId("audit_shipping");
      logDestination = `swift://${container.name}`;
    }
    new TerraformOutput(os, "hub-network-id", { value: hub.id, description: "the hub network, shared to every tenancy" }).overrideLogicalId("hub_network_id");
    return { controls: controls(spec, target), tenancies, logDestination };
  },

  placeApp(_scope, { stack, zone, tenancy }) {
    const target = stack.target as SovereignTarget;
    if (target.projectPerApp) throw new PolderError(`${stack.node.id}: an app in a landing zone runs in the zone's tenancy project '${tenancy.name}'; target ${target.name} sets projectPerApp: use a target without it`);
    const handle = zone.tenancies.get(tenancy.name) as SovereignTenancyHandle;
    // The project id is a value of the zone's stack: cdktf reads it through terraform_remote_state.
    sovereignProviders(stack).main.tenantId = handle.project.id;
  },

  attachNetwork(scope, { app, zone, network }) {
    // Neutron packet logs are written on the cloud's network nodes: the operator ships them to the
    // zone's destination with the zone's audit_shipping; the app hands out what switches them on.
    const plan = { name: `polder-${app.name}-flows`, securityGroupId: (network as SovereignNetwork).appSecurityGroupId, destination: zone.logDestination };
    new TerraformOutput(scope, "flow-logs", {
      description: "switch on Neutron packet logging for the app's security group once (the provider has no resource for it); the operator ships the records to the zone's destination",
      value: { destination: plan.destination, security_group: plan.securityGroupId, log_name: plan.name, commands: flowLogCommands(plan) },
    }).overrideLogicalId("landing_zone_flow_logs");
  },
};

registerLandingZoneRealizer("sovereign", sovereignLandingZoneRealizer);
