import type { FieldReader } from "../shared/validate";
import { type ComponentCommon, readCommon } from "./component";
import { SIZES, type Size } from "./kind-names";

/** A Kubernetes cluster with a private API endpoint and secrets encrypted with the app key. */
export interface KubernetesClusterProps {
  /** Node pool size. @default "small" */
  readonly size?: Size;
  /** Kubernetes minor version. @default "1.33" */
  readonly version?: string;
  /** Typed per-target settings. */
  readonly overrides?: { aws?: { instanceTypes?: string[] }; sovereign?: { flavor?: string; image?: string }; azure?: { vmSize?: string }; gcp?: { machineType?: string } };
}

export interface ResolvedKubernetes extends ComponentCommon<"kubernetes"> {
  readonly size: Size;
  readonly version: string;
}

export function readKubernetes(r: FieldReader, name: string): ResolvedKubernetes {
  const common = readCommon(r, "kubernetes", name, {
    aws: { instanceTypes: "string-list" },
    sovereign: { flavor: "string", image: "string" },
    azure: { vmSize: "string" },
    gcp: { machineType: "string" },
  });
  return {
    ...common,
    size: r.oneOf("size", SIZES, { default: "small" }) ?? "small",
    version: r.string("version", { pattern: /^1\.(2[89]|3[0-9])$/, patternText: "a Kubernetes minor version from 1.28 to 1.39, e.g. \"1.33\"" }) ?? "1.33",
  };
}
