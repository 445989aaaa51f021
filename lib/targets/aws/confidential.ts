// Confidential machine types on AWS (pure planning, no provider bindings): EC2 instances with AMD
// SEV-SNP switched on. Source: Amazon EC2 user guide, "AMD SEV-SNP for Amazon EC2 instances",
// requirements for shared tenancy (instance types, Regions, AMI boot mode and operating system).
import type { ConfidentialProblem, ConfidentialSupport } from "../../core/confidential";
import type { Size } from "../../kinds/kind-names";
import type { AwsTarget } from "./target";

/** Regions where EC2 launches AMD SEV-SNP instances on shared tenancy (Dedicated Hosts, which Polder does not allocate, have more). */
export const AWS_SEV_SNP_REGIONS: readonly string[] = ["us-east-2", "eu-west-1"];

/** Instance types that run with AMD SEV-SNP. */
export const AWS_SEV_SNP_INSTANCE_TYPES: readonly string[] = [
  ...["large", "xlarge", "2xlarge", "4xlarge", "8xlarge"].map((s) => `m6a.${s}`),
  ...["large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge"].map((s) => `c6a.${s}`),
  ...["large", "xlarge", "2xlarge", "4xlarge"].map((s) => `r6a.${s}`),
];

/** `small | medium | large` as AMD SEV-SNP instance types (x86, in place of the Graviton sizes). */
export const AWS_CONFIDENTIAL_SIZES: Readonly<Record<Size, { readonly vmInstanceType: string; readonly nodeInstanceTypes: readonly string[] }>> = {
  small: { vmInstanceType: "m6a.large", nodeInstanceTypes: ["m6a.large"] },
  medium: { vmInstanceType: "m6a.xlarge", nodeInstanceTypes: ["m6a.xlarge"] },
  large: { vmInstanceType: "m6a.2xlarge", nodeInstanceTypes: ["m6a.2xlarge"] },
};

/**
 * SSM public parameters of x86 images that boot in UEFI mode and whose kernel runs as an AMD
 * SEV-SNP guest (AWS names Amazon Linux 2023 and Ubuntu 23.04 and later). Debian is not listed.
 */
export const AWS_CONFIDENTIAL_IMAGE_PARAMETERS: Readonly<Record<string, string>> = {
  "ubuntu-24.04": "/aws/service/canonical/ubuntu/server/24.04/stable/current/amd64/hvm/ebs-gp3/ami-id",
};

/** EKS node image for AMD SEV-SNP nodes: Amazon Linux 2023 on x86. */
export const AWS_CONFIDENTIAL_NODE_AMI_TYPE = "AL2023_x86_64_STANDARD";

/** Whether this target's region runs AMD SEV-SNP instances, or why not. */
export function awsConfidentialSupport(target: Pick<AwsTarget, "region">): ConfidentialSupport {
  if (AWS_SEV_SNP_REGIONS.includes(target.region))
    return { supported: true, how: `m6a, c6a and r6a instances with AMD SEV-SNP switched on (launch template cpu_options amd_sev_snp = enabled) in ${target.region}` };
  return {
    supported: false,
    reason: `region ${target.region} does not run AMD SEV-SNP instances on shared tenancy: AWS offers them in ${AWS_SEV_SNP_REGIONS.join(" and ")} only`,
  };
}

/** The instance types of a confidential component: the size's, or the override when it has AMD SEV-SNP. */
export function awsConfidentialInstanceTypes(size: Size, override: readonly string[] | undefined, field: string): readonly string[] | ConfidentialProblem {
  if (!override) return AWS_CONFIDENTIAL_SIZES[size].nodeInstanceTypes;
  const bad = override.filter((t) => !AWS_SEV_SNP_INSTANCE_TYPES.includes(t));
  if (bad.length)
    return { path: field, message: `${bad.map((t) => JSON.stringify(t)).join(", ")} cannot run with AMD SEV-SNP, which a confidential placement needs: one of ${AWS_SEV_SNP_INSTANCE_TYPES.join(", ")}` };
  return override;
}

/** The image parameter of a confidential VM group, or why its image cannot be one. */
export function awsConfidentialImageParameter(image: string, field: string): string | ConfidentialProblem {
  const parameter = AWS_CONFIDENTIAL_IMAGE_PARAMETERS[image];
  if (parameter) return parameter;
  return {
    path: field,
    message: `${JSON.stringify(image)} is not an image AWS lists for AMD SEV-SNP (Amazon Linux 2023, Ubuntu 23.04 and later), which a confidential placement needs: use ${Object.keys(AWS_CONFIDENTIAL_IMAGE_PARAMETERS).join(", ")} or an image of your own (overrides.aws.imageId, UEFI boot mode)`,
  };
}
