import { DataAwsCallerIdentity } from "@cdktf/provider-aws/lib/data-aws-caller-identity";
import { DataAwsOrganizationsOrganization } from "@cdktf/provider-aws/lib/data-aws-organizations-organization";
import { DataAwsPartition } from "@cdktf/provider-aws/lib/data-aws-partition";
import { DataAwsServicePrincipal } from "@cdktf/provider-aws/lib/data-aws-service-principal";
import type { Construct } from "constructs";
import { Fn } from "../../../core/cdktf";
import type { TargetStack } from "../../../core/target-stack";
import type { ResolvedLandingZoneSpec } from "../../../landing-zone/spec";
import type { AwsTarget } from "../target";

/**
 * What every part of the AWS landing zone shares: the organization it builds under, the
 * partition (no ARN ever says `arn:aws:`, so the zone works in `aws-eusc`) and the account it is
 * deployed from (the organization's management account, or a delegated administrator).
 */
export class AwsZoneContext {
  readonly partition: DataAwsPartition;
  readonly caller: DataAwsCallerIdentity;
  readonly organization: DataAwsOrganizationsOrganization;
  private readonly principals = new Map<string, DataAwsServicePrincipal>();

  constructor(
    private readonly scope: Construct,
    readonly spec: ResolvedLandingZoneSpec,
    readonly stack: TargetStack,
    readonly target: AwsTarget,
  ) {
    this.partition = new DataAwsPartition(scope, "partition");
    this.caller = new DataAwsCallerIdentity(scope, "caller");
    this.organization = new DataAwsOrganizationsOrganization(scope, "org");
  }

  get region(): string {
    return this.target.region;
  }

  /** Id of the organization's root. */
  get rootId(): string {
    return Fn.lookup(Fn.element(this.organization.roots, 0), "id");
  }

  /** `arn:<partition>:<service>:<region>:<account>:<resource>`; `region: false` for global services. */
  arn(service: string, resource: string, opts: { region?: boolean; account?: string | false } = {}): string {
    const region = opts.region === false ? "" : this.region;
    const account = opts.account === false ? "" : (opts.account ?? this.caller.accountId);
    return `arn:${this.partition.partition}:${service}:${region}:${account}:${resource}`;
  }

  managedPolicyArn(name: string): string {
    return `arn:${this.partition.partition}:iam::aws:policy/${name}`;
  }

  /** The service principal of a service in this partition and region (e.g. `cloudtrail`), looked up once. */
  principal(service: string): string {
    let p = this.principals.get(service);
    if (!p) {
      p = new DataAwsServicePrincipal(this.scope, `principal-${service}`, { serviceName: service, region: this.region });
      this.principals.set(service, p);
    }
    return p.name;
  }
}
