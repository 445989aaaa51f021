import type { Size } from "../../kinds/kind-names";

/**
 * How `small | medium | large` map to flavors. Names follow the SCS flavor naming standard
 * (scs-0100/0103: `SCS-<vCPUs>V-<GiB RAM>`, diskless: every disk is an encrypted Cinder volume).
 */
export interface SovereignSize {
  readonly vmFlavor: string;
  readonly dbFlavor: string;
  readonly controlPlane: { readonly flavor: string; readonly count: number };
  readonly workers: { readonly flavor: string; readonly count: number };
  /** Boot volume of every instance, GiB. */
  readonly bootVolumeGb: number;
}

export const SOVEREIGN_SIZES: Readonly<Record<Size, SovereignSize>> = {
  small: { vmFlavor: "SCS-2V-4", dbFlavor: "SCS-2V-8", controlPlane: { flavor: "SCS-2V-4", count: 1 }, workers: { flavor: "SCS-4V-8", count: 2 }, bootVolumeGb: 30 },
  medium: { vmFlavor: "SCS-4V-8", dbFlavor: "SCS-4V-16", controlPlane: { flavor: "SCS-4V-8", count: 3 }, workers: { flavor: "SCS-4V-16", count: 3 }, bootVolumeGb: 50 },
  large: { vmFlavor: "SCS-8V-16", dbFlavor: "SCS-8V-32", controlPlane: { flavor: "SCS-4V-16", count: 3 }, workers: { flavor: "SCS-8V-32", count: 6 }, bootVolumeGb: 100 },
};

/** Glance image names of the neutral images (SCS standard image names, scs-0104). */
export const SOVEREIGN_IMAGES: Readonly<Record<string, string>> = {
  "ubuntu-24.04": "Ubuntu 24.04",
  "debian-12": "Debian 12",
};

/** Image for Magnum's Kubernetes nodes: set explicitly, as the provider requires it. */
export function magnumImage(version: string): string {
  return `ubuntu-2204-kube-v${version}`;
}

/** The flavor to use: the component's `overrides.sovereign.flavor` when given. */
export function flavorFor(overrides: Readonly<Record<string, unknown>> | undefined, fallback: string): string {
  const f = overrides?.flavor;
  return typeof f === "string" ? f : fallback;
}

/** The image name to use: the component's `overrides.sovereign.image` when given. */
export function imageFor(overrides: Readonly<Record<string, unknown>> | undefined, fallback: string): string {
  const i = overrides?.image;
  return typeof i === "string" ? i : fallback;
}
