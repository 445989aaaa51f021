// OpenTofu and the OpenStack provider for `npm run validate`, built once from the Go module proxy
// into an ignored folder keyed by version (see tools/engines/README.md).
import { execFileSync } from "node:child_process";
import { existsSync, linkSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";

const ROOT = resolve(__dirname, "..");
const ENGINES_DIR = join(ROOT, "tools", "engines");

interface EnginePins {
  readonly opentofu: { readonly module: string; readonly version: string; readonly package: string };
  readonly openstack: { readonly module: string; readonly version: string; readonly binary: string; readonly address: string };
}

/** The built engines and the CLI configuration that points OpenTofu at the built provider. */
export interface Engines {
  readonly tofu: string;
  /** A CLI configuration file (`TF_CLI_CONFIG_FILE`) whose filesystem mirror holds the provider. */
  readonly cliConfig: string;
  readonly versions: { readonly opentofu: string; readonly openstack: string };
}

export function enginePins(): EnginePins {
  return JSON.parse(readFileSync(join(ENGINES_DIR, "engines.json"), "utf8")) as EnginePins;
}

/** Where the engines are cached: `POLDER_ENGINES_DIR`, else `.engines/` in the checkout. */
export function cacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return resolve(env.POLDER_ENGINES_DIR ?? join(ROOT, ".engines"));
}

/** Runs `go` for a build, with a clear error when Go is missing. */
function go(args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv }): void {
  try {
    execFileSync("go", [...args], { ...options, stdio: ["ignore", "inherit", "inherit"] });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") throw new Error("building the engines needs Go 1.24 or newer on the PATH, with the Go module proxy reachable");
    throw new Error(`go ${args.join(" ")} failed: ${(e as Error).message.split("\n")[0]}`);
  }
}

interface Layout {
  readonly tofu: string;
  readonly providerBin: string;
  readonly mirror: string;
  readonly mirrorBinary: string;
  readonly cliConfig: string;
}

function layout(pins: EnginePins, cache: string, platform: string): Layout {
  const tofuDir = join(cache, `opentofu-${pins.opentofu.version}`);
  const providerDir = join(cache, `terraform-provider-openstack-${pins.openstack.version}`);
  const mirror = join(providerDir, "mirror");
  return {
    tofu: join(tofuDir, "tofu"),
    providerBin: join(providerDir, pins.openstack.binary),
    mirror,
    // The filesystem mirror's "unpacked" layout: HOSTNAME/NAMESPACE/TYPE/VERSION/OS_ARCH/binary.
    mirrorBinary: join(mirror, pins.openstack.address, pins.openstack.version, platform, `${pins.openstack.binary}_v${pins.openstack.version}`),
    cliConfig: join(providerDir, "tofu.tfrc"),
  };
}

/** The engines when they are built, without building anything. */
export function findEngines(env: NodeJS.ProcessEnv = process.env): Engines | undefined {
  const pins = enginePins();
  const l = layout(pins, cacheDir(env), hostPlatform());
  if (!existsSync(l.tofu) || !existsSync(l.mirrorBinary) || !existsSync(l.cliConfig)) return undefined;
  return { tofu: l.tofu, cliConfig: l.cliConfig, versions: { opentofu: pins.opentofu.version, openstack: pins.openstack.version } };
}

/** Node's name for this machine as Go and OpenTofu spell it (`linux_amd64`). */
function hostPlatform(): string {
  const arch: Record<string, string> = { x64: "amd64", arm64: "arm64" };
  return `${process.platform}_${arch[process.arch] ?? process.arch}`;
}

/** Builds what is missing (minutes the first time), then returns the engines. */
export function ensureEngines(log: (m: string) => void = console.error, env: NodeJS.ProcessEnv = process.env): Engines {
  const pins = enginePins();
  checkWrapper(pins);
  const cache = cacheDir(env);
  // Built natively, so for the platform Node runs on.
  const platform = hostPlatform();
  const l = layout(pins, cache, platform);

  if (!existsSync(l.tofu)) {
    log(`building OpenTofu ${pins.opentofu.version} from the Go module proxy (tools/engines/opentofu; a few minutes the first time)…`);
    mkdirSync(join(l.tofu, ".."), { recursive: true });
    const partial = `${l.tofu}.partial-${process.pid}`;
    go(["build", "-o", partial, pins.opentofu.package], { cwd: join(ENGINES_DIR, "opentofu"), env: { ...process.env, GOOS: "", GOARCH: "" } });
    renameSync(partial, l.tofu);
  }
  if (!existsSync(l.providerBin)) {
    log(`building terraform-provider-openstack ${pins.openstack.version} from the Go module proxy (a few minutes the first time)…`);
    const gobin = `${join(l.providerBin, "..")}/.partial-${process.pid}`;
    mkdirSync(gobin, { recursive: true });
    go(["install", `${pins.openstack.module}@v${pins.openstack.version}`], { env: { ...process.env, GOBIN: gobin, GOOS: "", GOARCH: "" } });
    renameSync(join(gobin, pins.openstack.binary), l.providerBin);
    rmSync(gobin, { recursive: true, force: true });
  }
  if (!existsSync(l.mirrorBinary)) {
    mkdirSync(join(l.mirrorBinary, ".."), { recursive: true });
    linkSync(l.providerBin, l.mirrorBinary);
  }
  // Only the mirror, no `direct`: a stack that needs any other provider fails init instead of
  // reaching for a registry.
  writeFileSync(
    l.cliConfig,
    `# Written by scripts/engines.ts: OpenTofu installs providers only from this mirror.\n` +
      `provider_installation {\n  filesystem_mirror {\n    path    = ${JSON.stringify(l.mirror)}\n    include = [${JSON.stringify(pins.openstack.address)}]\n  }\n}\n`,
  );
  const engines = findEngines(env);
  if (!engines) throw new Error(`engines were built into ${cache} but ${l.mirrorBinary} is missing`);
  return engines;
}

/** The wrapper module must require the pinned OpenTofu version, or the cache key would lie. */
function checkWrapper(pins: EnginePins): void {
  const gomod = readFileSync(join(ENGINES_DIR, "opentofu", "go.mod"), "utf8");
  const required = new RegExp(`^\\s*(?:require\\s+)?${pins.opentofu.module.replace(/[.]/g, "\\.")} v(\\S+)`, "m").exec(gomod)?.[1];
  if (required !== pins.opentofu.version)
    throw new Error(`tools/engines/opentofu/go.mod requires OpenTofu ${required ?? "(nothing)"}, engines.json pins ${pins.opentofu.version}: make them agree`);
}

if (require.main === module) {
  try {
    const e = ensureEngines();
    console.log(`OpenTofu ${e.versions.opentofu}: ${e.tofu}\nterraform-provider-openstack ${e.versions.openstack}: CLI configuration ${e.cliConfig}`);
  } catch (err) {
    console.error(`error: ${(err as Error).message}`);
    process.exit(1);
  }
}
