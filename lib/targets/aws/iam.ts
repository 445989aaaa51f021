import { Fn } from "../../core/cdktf";

/** Trust policy letting one service principal assume a role. */
export function assumeRolePolicy(principal: string): string {
  return Fn.jsonencode({
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Principal: { Service: principal }, Action: "sts:AssumeRole" }],
  });
}
