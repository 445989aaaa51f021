import { FolderIamMember } from "@cdktf/provider-google/lib/folder-iam-member";
import { Construct } from "constructs";
import type { GcpZoneContext } from "./context";
import type { GcpZoneHierarchy } from "./hierarchy";

/**
 * What a unit's admin group may do on the unit's folder and everything below it: manage the
 * folders, projects and their IAM (Folder Admin). Organization policies, the zone's sink and its
 * firewall policy sit on the zone's folder or the organization, out of its reach.
 */
export const UNIT_ADMIN_ROLES = ["roles/resourcemanager.folderAdmin"];

/** What a break-glass identity gets on the zone's folder: everything a unit admin has, zone-wide. */
export const BREAK_GLASS_ROLES = ["roles/resourcemanager.folderAdmin"];

/**
 * Identity: each unit's admin group (a Cloud Identity group `<name>@<groupDomain>`) on its unit's
 * folder, inherited by every folder and project below; the two break-glass users on the zone's
 * folder. Their accounts and 2-Step Verification live in Cloud Identity, not in Terraform.
 */
export class GcpZoneIdentity extends Construct {
  constructor(scope: Construct, ctx: GcpZoneContext, tree: GcpZoneHierarchy) {
    super(scope, "identity");
    for (const [unit, group] of Object.entries(ctx.spec.identity.adminGroups)) {
      const member = ctx.group(unit, group);
      for (const role of UNIT_ADMIN_ROLES) new FolderIamMember(this, `admin-${unit}-${role.split("/")[1]}`, { folder: tree.folder(unit), role, member });
    }
    for (const b of ctx.spec.identity.breakGlass)
      for (const role of BREAK_GLASS_ROLES) new FolderIamMember(this, `break-glass-${b.name}-${role.split("/")[1]}`, { folder: tree.zone.name, role, member: ctx.breakGlassUser(b.name) });
  }
}
