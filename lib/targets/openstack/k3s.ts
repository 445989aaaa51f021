import type { Issue } from "../../core/errors";

/**
 * k3s releases Polder installs per Kubernetes minor version, pinned: a new pin is a reviewed
 * change here. Each release publishes the binaries and `sha256sum-<arch>.txt` beside them; the
 * machines check the binary against that file before installing it.
 */
export const K3S_RELEASES: Readonly<Record<string, string>> = {
  "1.30": "v1.30.13+k3s1",
  "1.31": "v1.31.9+k3s1",
  "1.32": "v1.32.9+k3s1",
  "1.33": "v1.33.5+k3s1",
  "1.34": "v1.34.1+k3s1",
};

/** Upstream: GitHub releases of k3s-io/k3s (`<base>/<version>/k3s`). */
export const K3S_UPSTREAM = "https://github.com/k3s-io/k3s/releases/download";

/** Where the sovereign target's k3s comes from. */
export interface K3sSource {
  /**
   * k3s release to install, e.g. `v1.33.5+k3s1`; its minor version must be the cluster's.
   * @default the pin for the cluster's minor version in K3S_RELEASES
   */
  readonly version?: string;
  /**
   * Base URL the release is downloaded from, laid out like the upstream releases:
   * `<url>/<version, + as %2B>/k3s` (`k3s-arm64`) and `sha256sum-<arch>.txt`. An internal mirror.
   * @default "https://github.com/k3s-io/k3s/releases/download" (upstream; unreachable from a closed network)
   */
  readonly mirrorUrl?: string;
  /**
   * The image already holds `/usr/local/bin/k3s` of that version (a prepared image); nothing is
   * downloaded, the machines only check the version.
   * @default false
   */
  readonly preinstalled?: boolean;
}

export interface ResolvedK3s {
  readonly version: string;
  readonly mirrorUrl: string;
  readonly preinstalled: boolean;
}

const VERSION = /^v1\.(\d{2})\.\d{1,3}\+k3s\d{1,2}$/;
const HTTPS_URL = /^https:\/\/[A-Za-z0-9.-]+(:\d{1,5})?(\/[A-Za-z0-9._~\/%-]*)?$/;

/** Checks the target's k3s settings (shape only; the version is matched to a cluster later). */
export function readK3sSource(raw: unknown, issues: Issue[]): K3sSource | undefined {
  if (raw === undefined) return undefined;
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    issues.push({ path: "k3s", message: `expected { version?, mirrorUrl?, preinstalled? }, got ${JSON.stringify(raw)}` });
    return undefined;
  }
  const r = raw as Record<string, unknown>;
  const before = issues.length;
  for (const k of Object.keys(r)) if (!["version", "mirrorUrl", "preinstalled"].includes(k)) issues.push({ path: `k3s.${k}`, message: "is not a known field: version, mirrorUrl, preinstalled" });
  if (r.version !== undefined && (typeof r.version !== "string" || !VERSION.test(r.version)))
    issues.push({ path: "k3s.version", message: `${JSON.stringify(r.version)} is not a k3s release such as v1.33.5+k3s1` });
  if (r.mirrorUrl !== undefined && (typeof r.mirrorUrl !== "string" || !HTTPS_URL.test(r.mirrorUrl)))
    issues.push({ path: "k3s.mirrorUrl", message: `${JSON.stringify(r.mirrorUrl)} is not an https:// URL such as https://mirror.example.nl/k3s` });
  if (r.preinstalled !== undefined && typeof r.preinstalled !== "boolean") issues.push({ path: "k3s.preinstalled", message: `expected true or false, got ${JSON.stringify(r.preinstalled)}` });
  return issues.length > before ? undefined : (r as K3sSource);
}

/** The release for a cluster of Kubernetes minor `minor` ("1.33"); an error text when there is none. */
export function resolveK3s(source: K3sSource | undefined, minor: string): ResolvedK3s | string {
  const version = source?.version ?? K3S_RELEASES[minor];
  if (!version) return `no k3s release is pinned for Kubernetes ${minor} (pinned: ${Object.keys(K3S_RELEASES).join(", ")}): set the target's k3s.version, e.g. "v${minor}.0+k3s1"`;
  const m = VERSION.exec(version);
  if (!m || `1.${m[1]}` !== minor) return `k3s.version ${JSON.stringify(version)} is not a release of Kubernetes ${minor}, the cluster's version`;
  return { version, mirrorUrl: (source?.mirrorUrl ?? K3S_UPSTREAM).replace(/\/+$/, ""), preinstalled: source?.preinstalled ?? false };
}
