import { aws } from "./aws/target";

/** Factories for every target. Each returns a plain value; provider code loads only when a stack uses it. */
export const targets = { aws };

export type { AwsTarget, AwsTargetProps, AwsPartition } from "./aws/target";
