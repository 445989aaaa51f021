import { SpecValidationError } from "../../core/errors";
import { readEgressDestinations } from "../../kinds/egress-proxy";
import { loadRealizer } from "../../core/registry";
import { parseCidr } from "../../kinds/cidr";
import { type Capabilities, type Target, TARGET_NAME, TARGET_NAME_TEXT } from "../../core/target";
import { awsUniqueNames } from "./naming";

export const AWS_PARTITIONS = ["aws", "aws-eusc"] as const;
export type AwsPartition = (typeof AWS_PARTITIONS)[number];

/** Regions of the `aws` partition that lie in an EU member state (London and Zurich do not). */
export const AWS_EU_REGIONS = ["eu-central-1", "eu-west-1", "eu-west-3", "eu-north-1", "eu-south-1", "eu-south-2"] as const;
/** Regions of the AWS European Sovereign Cloud. */
export const AWS_EUSC_REGIONS = ["eusc-de-east-1"] as const;

export interface AwsTargetProps {
  /** e.g. `eu-central-1`, or `eusc-de-east-1` in partition `aws-eusc`. */
  readonly region: string;
  /**
   * `aws-eusc` is the AWS European Sovereign Cloud, a separate partition operated from the EU.
   * @default "aws"
   */
  readonly partition?: AwsPartition;
  /**
   * Names this target in stack ids (`<app>-<name>`): needed to put one app on two AWS targets.
   * @default "aws"
   */
  readonly name?: string;
  /**
   * IAM role ARNs given cluster-admin access (EKS access entries) to every Kubernetes cluster.
   * @default [] (the role that deploys the stack, read at apply time)
   */
  readonly clusterAdminRoleArns?: readonly string[];
  /**
   * Address ranges administrators come from (VPN, bastion network): they reach private API
   * endpoints (EKS) on 443 from here, besides the app network.
   * @default []
   */
  readonly adminCidrs?: readonly string[];
  /**
   * Egress of apps classified departementaal-vertrouwelijk and above, which get no NAT gateway and
   * no route to the internet: AWS services through VPC endpoints, and `cidrs` (the proxy, a
   * package mirror) through the landing zone's transit gateway; their cloud-init uses `proxy`.
   * Required for such apps.
   * @default none (such apps are refused on this target)
   */
  readonly egress?: AwsEgress;
}

/** Where classified apps' machines may go besides AWS's own services. */
export interface AwsEgress {
  /** HTTP proxy for packages and downloads, e.g. `http://proxy.example.nl:3128`. */
  readonly proxy: string;
  /** Destination ranges (proxy, mirror), routed through the transit gateway. */
  readonly cidrs: readonly string[];
  /** Transit gateway (shared by the landing zone) the VPC attaches to for those ranges. */
  readonly transitGatewayId: string;
}

export interface AwsTarget extends Target {
  readonly id: "aws";
  readonly partition: AwsPartition;
  readonly clusterAdminRoleArns: readonly string[];
  readonly adminCidrs: readonly string[];
  readonly egress?: AwsEgress;
}

const REGION = /^[a-z]{2,4}(-[a-z]+)+-\d$/;
const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@\/-]{1,512}$/;

const CAPABILITIES: Capabilities = {
  network: ["managed"],
  key: ["managed"],
  "log-sink": ["managed"],
  secret: ["managed"],
  "dns-zone": ["managed"],
  bucket: ["managed"],
  postgres: ["managed"],
  kubernetes: ["managed"],
  "vm-group": ["managed"],
  "public-endpoint": ["managed"],
};

function readAwsEgress(raw: unknown, issues: { path: string; message: string }[]): AwsEgress | undefined {
  if (raw === undefined) return undefined;
  const r = (typeof raw === "object" && raw !== null ? raw : {}) as Record<string, unknown>;
  const before = issues.length;
  for (const k of Object.keys(r)) if (!["proxy", "cidrs", "transitGatewayId"].includes(k)) issues.push({ path: `egress.${k}`, message: "is not a known field: proxy, cidrs, transitGatewayId" });
  const destinations = readEgressDestinations(r, issues);
  const cidrs = destinations.cidrs.map((d) => d.text);
  return issues.length > before ? undefined : { proxy: destinations.proxy, cidrs, transitGatewayId: r.transitGatewayId as string };
}

/** Amazon Web Services, commercial partition or the European Sovereign Cloud. */
export function aws(props: AwsTargetProps): AwsTarget {
  if (typeof props !== "object" || props === null)
    throw new SpecValidationError("targets.aws()", [{ path: "(props)", message: `expected { region, partition?, name? }, got ${JSON.stringify(props) ?? String(props)}` }]);
  const partition = props.partition ?? "aws";
  const issues = [];
  if (!(AWS_PARTITIONS as readonly string[]).includes(partition))
    issues.push({ path: "partition", message: `${JSON.stringify(partition)} is not allowed: one of ${AWS_PARTITIONS.join(", ")}` });
  if (typeof props.region !== "string" || !REGION.test(props.region))
    issues.push({ path: "region", message: `${JSON.stringify(props.region)} is not an AWS region name such as eu-central-1` });
  else if ((partition === "aws-eusc") !== props.region.startsWith("eusc-"))
    issues.push({
      path: "region",
      message: `${JSON.stringify(props.region)} is not in partition '${partition}': ${partition === "aws-eusc" ? `use ${AWS_EUSC_REGIONS.join(", ")}` : "eusc-* regions need partition 'aws-eusc'"}`,
    });
  const name = props.name ?? "aws";
  if (typeof name !== "string" || !TARGET_NAME.test(name)) issues.push({ path: "name", message: `${JSON.stringify(name)} is not allowed: ${TARGET_NAME_TEXT}` });
  const clusterAdminRoleArns = props.clusterAdminRoleArns ?? [];
  if (!Array.isArray(clusterAdminRoleArns)) issues.push({ path: "clusterAdminRoleArns", message: `expected a list of IAM role ARNs, got ${JSON.stringify(clusterAdminRoleArns)}` });
  else
    clusterAdminRoleArns.forEach((arn, i) => {
      if (typeof arn !== "string" || !ROLE_ARN.test(arn)) issues.push({ path: `clusterAdminRoleArns[${i}]`, message: `${JSON.stringify(arn)} is not an IAM role ARN such as arn:<partition>:iam::123456789012:role/platform-admin` });
    });
  const adminCidrs = props.adminCidrs ?? [];
  if (!Array.isArray(adminCidrs)) issues.push({ path: "adminCidrs", message: `expected a list of CIDR blocks, got ${JSON.stringify(adminCidrs)}` });
  else
    adminCidrs.forEach((c, i) => {
      const parsed = typeof c === "string" ? parseCidr(c) : "not a string";
      if (typeof parsed === "string") issues.push({ path: `adminCidrs[${i}]`, message: `${JSON.stringify(c)} is invalid: ${parsed}` });
      else if (parsed.prefix === 0) issues.push({ path: `adminCidrs[${i}]`, message: `${JSON.stringify(c)} is the whole internet: name the administrators' networks` });
    });
  const egress = readAwsEgress(props.egress, issues);
  if (issues.length) throw new SpecValidationError("targets.aws()", issues);

  const euResident = partition === "aws-eusc" ? (AWS_EUSC_REGIONS as readonly string[]).includes(props.region) : (AWS_EU_REGIONS as readonly string[]).includes(props.region);
  return {
    id: "aws",
    name,
    region: props.region,
    partition,
    clusterAdminRoleArns: [...clusterAdminRoleArns],
    adminCidrs: [...adminCidrs],
    egress,
    description: `aws (${partition}/${props.region})`,
    capabilities: CAPABILITIES,
    sovereignty: {
      // The European Sovereign Cloud is run by an EU entity under EU law, but the parent is US-owned.
      operatorJurisdiction: partition === "aws-eusc" ? "EU (US parent)" : "US",
      publicCloud: true,
      euResident,
      partition,
      // "hsm": KMS keys, which Polder creates per app, never leave KMS's FIPS 140-3 level 3 HSMs;
      // "external": KMS external key stores exist, though Polder does not set one up.
      keyCustody: ["provider-managed", "customer-managed", "hsm", "external"],
    },
    realizer: () => loadRealizer("aws", () => require("./realizer")),
    uniqueNames: awsUniqueNames,
  };
}
