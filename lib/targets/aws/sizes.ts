import type { Size } from "../../kinds/kind-names";

/** How `small | medium | large` map to AWS; Graviton where the service offers it. */
export const AWS_SIZES: Readonly<Record<Size, { dbInstanceClass: string; nodeInstanceTypes: string[]; nodes: { min: number; desired: number; max: number }; vmInstanceType: string }>> = {
  small: { dbInstanceClass: "db.t4g.medium", nodeInstanceTypes: ["m7g.large"], nodes: { min: 2, desired: 2, max: 4 }, vmInstanceType: "t4g.medium" },
  medium: { dbInstanceClass: "db.r7g.large", nodeInstanceTypes: ["m7g.xlarge"], nodes: { min: 3, desired: 3, max: 6 }, vmInstanceType: "m7g.large" },
  large: { dbInstanceClass: "db.r7g.2xlarge", nodeInstanceTypes: ["m7g.2xlarge"], nodes: { min: 3, desired: 6, max: 12 }, vmInstanceType: "m7g.2xlarge" },
};

/** SSM public parameters of the images, arm64 to match the Graviton sizes. */
export const AWS_IMAGE_PARAMETERS: Readonly<Record<string, string>> = {
  "ubuntu-24.04": "/aws/service/canonical/ubuntu/server/24.04/stable/current/arm64/hvm/ebs-gp3/ami-id",
  "debian-12": "/aws/service/debian/release/12/latest/arm64",
};
