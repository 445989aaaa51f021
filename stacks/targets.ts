import type { StateBackend } from "../lib/core/state-backend";
import type { Target } from "../lib/core/target";
import { targets } from "../lib/targets";

/**
 * The targets this project synthesizes its examples for, from the environment as it is now. A
 * function, not a constant: the synth program may start from a snapshot taken on another
 * machine's environment (lib/cli/program.ts).
 */
export function projectTargets(env: NodeJS.ProcessEnv = process.env): readonly Target[] {
  return [
    targets.aws({ region: env.POLDER_AWS_REGION ?? "eu-central-1" }),
    // A Sovereign Cloud Stack cloud with Designate and Barbican, accredited up to stg-geheim.
    targets.sovereign({
      cloud: env.POLDER_OS_CLOUD ?? "polder",
      region: env.POLDER_OS_REGION ?? "RegionOne",
      accreditedUpTo: "stg-geheim",
      s3Endpoint: env.POLDER_OS_S3_ENDPOINT ?? "https://objectstore.polder.example.nl",
      externalNetwork: env.POLDER_OS_EXTERNAL_NETWORK ?? "public",
      services: { dns: true, keyManager: true },
      // Ceph RGW supports S3 Object Lock: landing-zone audit buckets are locked (compliance mode).
      s3ObjectLock: true,
    }),
  ];
}

/**
 * Remote state when POLDER_STATE_BUCKET is set (one bucket, a key per stack); local state
 * otherwise, which is fine for trying things out and never for a shared environment.
 */
export function backendFor(target: Target, stackId: string): StateBackend | undefined {
  const bucket = process.env[`POLDER_STATE_BUCKET_${target.name.toUpperCase().replace(/-/g, "_")}`] ?? process.env.POLDER_STATE_BUCKET;
  if (!bucket) return undefined;
  return { type: "s3", bucket, key: `polder/${stackId}/terraform.tfstate` };
}
