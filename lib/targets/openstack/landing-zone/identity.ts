import { DataOpenstackIdentityRoleV3 } from "../../../../providers/openstack/lib/data-openstack-identity-role-v3";
import { IdentityGroupV3 } from "../../../../providers/openstack/lib/identity-group-v3";
import { IdentityInheritRoleAssignmentV3 } from "../../../../providers/openstack/lib/identity-inherit-role-assignment-v3";
import { IdentityProjectV3 } from "../../../../providers/openstack/lib/identity-project-v3";
import { IdentityRoleAssignmentV3 } from "../../../../providers/openstack/lib/identity-role-assignment-v3";
import { IdentityUserV3 } from "../../../../providers/openstack/lib/identity-user-v3";
import { Construct } from "constructs";
import type { ResolvedLandingZoneSpec } from "../../../landing-zone/spec";
import type { ResolvedUnit } from "../../../landing-zone/units";

/** The Sovereign Cloud Stack's standard roles (SCS-0302), weakest first. */
export const SCS_ROLES = ["reader", "member", "manager"] as const;
export type ScsRole = (typeof SCS_ROLES)[number];

/** Factors every break-glass login needs (Keystone MFA rule): a password and a TOTP code. */
export const BREAK_GLASS_MFA_RULE = ["password", "totp"] as const;

/**
 * Who administers what. Per unit three groups in the zone's domain: `<zone>-<unit>-reader`,
 * `-member`, and the unit's admin group from the spec (or `<zone>-<unit>-manager`) with the SCS
 * `manager` role; each on the unit's project and, inherited, on every project below it.
 * Break-glass: two local Keystone users in a domain of their own (not federated, so they work when
 * single sign-on is down), with Keystone's MFA rule password + TOTP and the manager role on the
 * zone's domain and everything in it. No password is in Terraform: the users are created without
 * one; two officers set the password and register the TOTP secret out of band
 * (`openstack user set --password-prompt`, `openstack credential create --type totp`) and seal them.
 */
export class SovereignZoneIdentity extends Construct {
  readonly breakGlassDomain: IdentityProjectV3;
  /** The SCS roles, looked up once. */
  readonly roles: Readonly<Record<ScsRole, DataOpenstackIdentityRoleV3>>;

  constructor(scope: Construct, spec: ResolvedLandingZoneSpec, domain: IdentityProjectV3, projects: ReadonlyMap<string, IdentityProjectV3>, hasChildren: (u: ResolvedUnit) => boolean) {
    super(scope, "identity");
    const roles = Object.fromEntries(SCS_ROLES.map((r) => [r, new DataOpenstackIdentityRoleV3(this, `role-${r}`, { name: r })])) as Record<ScsRole, DataOpenstackIdentityRoleV3>;
    this.roles = roles;

    for (const unit of spec.units) {
      const project = projects.get(unit.name)!;
      for (const role of SCS_ROLES) {
        const name = role === "manager" ? (spec.identity.adminGroups[unit.name] ?? `${spec.name}-${unit.name}-manager`) : `${spec.name}-${unit.name}-${role}`;
        const group = new IdentityGroupV3(this, `group-${unit.name}-${role}`, { name, domainId: domain.id, description: `${role} of unit ${unit.name} in landing zone ${spec.name}` });
        new IdentityRoleAssignmentV3(this, `assign-${unit.name}-${role}`, { groupId: group.id, projectId: project.id, roleId: roles[role].id });
        // OS-INHERIT: the role also holds in every project below the unit's (child units, tenancies).
        if (hasChildren(unit)) new IdentityInheritRoleAssignmentV3(this, `inherit-${unit.name}-${role}`, { groupId: group.id, projectId: project.id, roleId: roles[role].id });
      }
    }

    this.breakGlassDomain = new IdentityProjectV3(this, "break-glass-domain", {
      name: `${spec.name}-break-glass`,
      isDomain: true,
      enabled: true,
      description: `break-glass identities of landing zone ${spec.name}: local users, outside federation`,
      lifecycle: { preventDestroy: true },
    });
    for (const bg of spec.identity.breakGlass) {
      const user = new IdentityUserV3(this, `break-glass-${bg.name}`, {
        name: bg.name,
        domainId: this.breakGlassDomain.id,
        description: `break-glass for landing zone ${spec.name}; contact ${bg.contact}; password and TOTP set out of band`,
        enabled: true,
        multiFactorAuthEnabled: true,
        multiFactorAuthRule: [{ rule: [...BREAK_GLASS_MFA_RULE] }],
        // Break-glass accounts are used rarely: an expiry or lockout would fail them when needed.
        ignorePasswordExpiry: true,
        lifecycle: { preventDestroy: true },
      });
      new IdentityRoleAssignmentV3(this, `break-glass-${bg.name}-domain`, { userId: user.id, domainId: domain.id, roleId: roles.manager.id });
      new IdentityInheritRoleAssignmentV3(this, `break-glass-${bg.name}-projects`, { userId: user.id, domainId: domain.id, roleId: roles.manager.id });
    }
  }
}
