// A synth program over a fleet in folders the test names (POLDER_TEST_APPS, POLDER_TEST_ZONES),
// on the AWS and sovereign targets with a fixed build fingerprint: the parallel-synth test runs it
// with --jobs, and its workers run this same file.
import { runSynth } from "../../lib/cli/main";
import { runProgram } from "../../lib/cli/program";
import { targets } from "../../lib/targets";

runProgram((argv) =>
  runSynth(argv, {
    targets: [
      targets.aws({ region: "eu-central-1" }),
      targets.sovereign({ cloud: "polder", region: "RegionOne", accreditedUpTo: "stg-geheim", s3Endpoint: "https://objectstore.polder.example.nl", externalNetwork: "public", services: { dns: true, keyManager: true, swift: true } }),
    ],
    examplesDir: process.env.POLDER_TEST_APPS!,
    landingZonesDir: process.env.POLDER_TEST_ZONES,
    buildFingerprint: () => "build-1",
  }),
);
