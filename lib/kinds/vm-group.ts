import { SpecValidationError } from "../shared/errors";
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
  /**
   * What the machines run: a cloud-init document (`#cloud-config` YAML or a `#!` script, at most
   * 16000 characters) run at first boot that installs and starts the workload. Behind a public
   * endpoint it must serve the endpoint's `healthCheckPath` on `port`: the load balancer's health
   * check replaces (AWS) or skips (sovereign) machines that do not.
   * @default none: a stock image running nothing, refused behind a public endpoint unless an image in `overrides` already runs the workload
   */
  readonly bootstrap?: string;
  /** Typed per-target settings. */
  readonly overrides?: { aws?: { instanceType?: string; imageId?: string }; sovereign?: { flavor?: string; image?: string }; azure?: { vmSize?: string }; gcp?: { machineType?: string } };
}

export interface ResolvedVmGroup extends ComponentCommon<"vm-group"> {
  readonly size: Size;
  readonly count: number;
  readonly image: string;
  readonly port: number;
  readonly bootstrap?: string;
}

/**
 * A Terraform (HCL) string literal holding `text` exactly, for use inside an expression such as
 * `base64encode(...)`: quotes, backslashes and control characters escaped, `\${`/`%{` doubled.
 */
export function hclString(text: string): string {
  const body = text
    .replace(/\\/g, "\\\\")
    .replace(/"/g, '\\"')
    .replace(/\n/g, "\\n")
    .replace(/\r/g, "\\r")
    .replace(/\t/g, "\\t");
  return `"${terraformLiteral(body)}"`;
}

/** Whether a VM group runs a workload on a target: a bootstrap, or an image of its own chosen in the target's overrides. */
export function runsWorkload(vm: ResolvedVmGroup, target: string, imageOverride: string): boolean {
  return vm.bootstrap !== undefined || typeof vm.overrides[target as keyof typeof vm.overrides]?.[imageOverride] === "string";
}

/**
 * Text for a Terraform JSON string: `\${` and `%{` would start an expression or a directive, so
 * they are doubled (Terraform writes `$${` as `\${`).
 */
export function terraformLiteral(text: string): string {
  return text.replace(/\$\{/g, () => "$${").replace(/%\{/g, "%%{");
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
    bootstrap: r.string("bootstrap", { maxLength: 16000, pattern: /^(#cloud-config|#!)/, patternText: "a cloud-init document starting with #cloud-config or a script starting with #!" }),
  };
}

/** The error for an endpoint in front of a VM group that runs nothing: its health check would fail forever. */
export function nothingToServe(endpoint: string, backend: string, imageOverride?: string): SpecValidationError {
  return new SpecValidationError(`public endpoint '${endpoint}'`, [
    {
      path: `components.${backend}.bootstrap`,
      message: `vm-group '${backend}' runs nothing (no bootstrap, a stock image), so public endpoint '${endpoint}' and its health check would find no server: give it a bootstrap (cloud-init) that serves the endpoint's healthCheckPath on its port${imageOverride ? `, or an image of your own in ${imageOverride}` : ""}`,
    },
  ]);
}

