import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import type { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import type { Construct } from "constructs";
import type { AwsFoundation } from "./foundation";

/**
 * What a workload's role (VM group instances, pods of a cluster) may use: the app's buckets,
 * secrets, database credentials and keys as the data components registered them, plus the app key
 * their encryption needs. Nothing else: no wildcard resources.
 */
export function grantWorkloadAccess(scope: Construct, f: AwsFoundation, role: IamRole): void {
  if (f.workloadAccess.length === 0) return;
  const doc = new DataAwsIamPolicyDocument(scope, "data-access-document", {
    statement: [
      ...f.workloadAccess,
      { sid: "AppKeyForEncryptedData", actions: ["kms:Decrypt", "kms:GenerateDataKey"], resources: [f.key.arn] },
    ],
  });
  new IamRolePolicy(scope, "data-access", { name: "polder-data-access", role: role.id, policy: doc.json });
}
