import type { FieldReader } from "../shared/validate";
import { type ComponentCommon, readCommon } from "./component";
import { SIZES, type Size } from "./kind-names";

export const VM_IMAGES = ["ubuntu-24.04", "debian-12"] as const;

/** A group of identical virtual machines in the private subnets, disks encrypted with the app key. */
export interface VirtualMachineGroupProps {
  /** @default "small" */
  readonly size?: Size;
  /** Number of machines. @default 2 */
  readonly count?: number;
  /** Operating system image. @default "ubuntu-24.04" */
  readonly image?: (typeof VM_IMAGES)[number];
  /** Port the workload listens on, for a public endpoint in front of it. @default 8080 */
  readonly port?: number;
  /** Typed per-target settings. */
  readonly overrides?: { aws?: { instanceType?: string; imageId?: string }; sovereign?: { flavor?: string; image?: string } };
}

export interface ResolvedVmGroup extends ComponentCommon<"vm-group"> {
  readonly size: Size;
  readonly count: number;
  readonly image: string;
  readonly port: number;
}

export function readVmGroup(r: FieldReader, name: string): ResolvedVmGroup {
  const common = readCommon(r, "vm-group", name, {
    aws: { instanceType: "string", imageId: "string" },
    sovereign: { flavor: "string", image: "string" },
    azure: { vmSize: "string" },
    gcp: { machineType: "string" },
  });
  return {
    ...common,
    size: r.oneOf("size", SIZES, { default: "small" }) ?? "small",
    count: r.integer("count", { min: 1, max: 20, default: 2 }) ?? 2,
    image: r.oneOf("image", VM_IMAGES, { default: "ubuntu-24.04" }) ?? "ubuntu-24.04",
    port: r.integer("port", { min: 1, max: 65535, default: 8080 }) ?? 8080,
  };
}
