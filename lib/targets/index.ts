import { aws } from "./aws/target";
import { azure } from "./azure/target";
import { gcp } from "./gcp/target";
import { sovereign } from "./openstack/target";

/** Factories for every target. Each returns a plain value; provider code loads only when a stack uses it. */
export const targets = { sovereign, aws, azure, gcp };

export type { AwsTarget, AwsTargetProps, AwsPartition } from "./aws/target";
export type { AzureTarget, AzureTargetProps, AzureKeyCustody, AzureEnvironment } from "./azure/target";
export type { SovereignTarget, SovereignTargetProps, ExternalKeyManager } from "./openstack/target";
export type { SovereignServices } from "./openstack/services";
export type { AwsEgress } from "./aws/target";
export type { AdminAccess } from "./openstack/target";
export type { SovereignEgress } from "./openstack/egress";
export type { K3sSource } from "./openstack/k3s";
export type { GcpTarget, GcpTargetProps, GcpKeyCustody } from "./gcp/target";
