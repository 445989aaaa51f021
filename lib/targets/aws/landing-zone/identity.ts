import { DataAwsIdentitystoreGroup } from "@cdktf/provider-aws/lib/data-aws-identitystore-group";
import { DataAwsSsoadminInstances } from "@cdktf/provider-aws/lib/data-aws-ssoadmin-instances";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import type { OrganizationsAccount } from "@cdktf/provider-aws/lib/organizations-account";
import { SsoadminAccountAssignment } from "@cdktf/provider-aws/lib/ssoadmin-account-assignment";
import { SsoadminManagedPolicyAttachment } from "@cdktf/provider-aws/lib/ssoadmin-managed-policy-attachment";
import { SsoadminPermissionSet } from "@cdktf/provider-aws/lib/ssoadmin-permission-set";
import { Construct } from "constructs";
import { Fn } from "../../../core/cdktf";
import type { AwsZoneContext } from "./context";

/** Longest a break-glass session lasts, in seconds; also how old the MFA may be. */
export const BREAK_GLASS_SESSION_SECONDS = 3600;

/**
 * Who administers what: an IAM Identity Center permission set, assigned to each unit's admin
 * group in every account of that unit and the units below it; and two break-glass roles in this
 * account that only an MFA-authenticated IAM principal of this account can assume. The IAM users
 * (or roles) that hold the break-glass right are made out of band, with hardware MFA, and their
 * credentials are kept offline: no password or key is ever in Terraform.
 */
export class AwsZoneIdentity extends Construct {
  readonly breakGlassRoles: IamRole[] = [];

  constructor(scope: Construct, ctx: AwsZoneContext, accounts: ReadonlyMap<string, OrganizationsAccount>) {
    super(scope, "identity");
    const { spec } = ctx;
    const sso = new DataAwsSsoadminInstances(this, "sso");
    const instanceArn = Fn.element(sso.arns, 0);
    const storeId = Fn.element(sso.identityStoreIds, 0);
    const admin = new SsoadminPermissionSet(this, "admin-permission-set", {
      name: `${spec.name}-admin`.slice(0, 32),
      description: `administrators of landing zone ${spec.name} units`,
      instanceArn,
      sessionDuration: "PT4H",
    });
    new SsoadminManagedPolicyAttachment(this, "admin-permission-set-policy", { instanceArn, permissionSetArn: admin.arn, managedPolicyArn: ctx.managedPolicyArn("AdministratorAccess") });

    for (const [unit, groupName] of Object.entries(spec.identity.adminGroups)) {
      const group = new DataAwsIdentitystoreGroup(this, `group-${unit}`, {
        identityStoreId: storeId,
        alternateIdentifier: { uniqueAttribute: { attributePath: "DisplayName", attributeValue: groupName } },
      });
      // Inherited down the tree: the group administers every account in its unit and below.
      for (const t of spec.tenancies) {
        const lineage = spec.units.find((u) => u.name === t.unit)!.lineage;
        if (!lineage.includes(unit)) continue;
        new SsoadminAccountAssignment(this, `admin-${unit}-${t.name}`, {
          instanceArn,
          permissionSetArn: admin.arn,
          principalId: group.groupId,
          principalType: "GROUP",
          targetId: accounts.get(t.name)!.id,
          targetType: "AWS_ACCOUNT",
        });
      }
    }

    for (const bg of spec.identity.breakGlass) {
      const role = new IamRole(this, `break-glass-${bg.name}`, {
        name: `polder-break-glass-${bg.name}`,
        description: `break-glass access to landing zone ${spec.name} (contact ${bg.contact}); MFA required`,
        maxSessionDuration: BREAK_GLASS_SESSION_SECONDS,
        assumeRolePolicy: Fn.jsonencode({
          Version: "2012-10-17",
          Statement: [
            {
              Effect: "Allow",
              Principal: { AWS: ctx.arn("iam", "root", { region: false }) },
              Action: "sts:AssumeRole",
              Condition: {
                Bool: { "aws:MultiFactorAuthPresent": "true" },
                NumericLessThan: { "aws:MultiFactorAuthAge": String(BREAK_GLASS_SESSION_SECONDS) },
              },
            },
          ],
        }),
        tags: { "polder:break-glass-contact": bg.contact },
      });
      new IamRolePolicyAttachment(this, `break-glass-${bg.name}-policy`, { role: role.name, policyArn: ctx.managedPolicyArn("AdministratorAccess") });
      this.breakGlassRoles.push(role);
    }
  }
}
