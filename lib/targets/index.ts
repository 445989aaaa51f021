import { aws } from "./aws/target";
import { gcp } from "./gcp/target";
import { sovereign } from "./openstack/target";

/** Factories for every target. Each returns a plain value; provider code loads only when a stack uses it. */
export const targets = { sovereign, aws, gcp };

export type { AwsTarget, AwsTargetProps, AwsPartition } from "./aws/target";
export type { SovereignTarget, SovereignTargetProps, ExternalKeyManager } from "./openstack/target";
export type { SovereignServices } from "./openstack/services";
export type { GcpTarget, GcpTargetProps, GcpKeyCustody } from "./gcp/target";
