// A Polder app written in TypeScript instead of YAML: the same AppSpec, checked by the compiler.
// Run it with `npx tsx examples/typescript/ledger.ts` (writes cdktf.out/ like `npm run synth`).
// In a project of your own, import from "polder" instead of "../../lib".
import { App } from "cdktf";
import { type AppSpec, PortableApp, type Target, TargetStack, targets } from "../../lib";

export const ledger: AppSpec = {
  name: "ledger",
  owner: "team-financien",
  classification: "intern",
  network: { cidr: "10.60.0.0/20", zones: 2 },
  components: {
    audit: { kind: "log-sink", retentionDays: 2557 },
    books: { kind: "postgres", size: "small", version: "17", backupRetentionDays: 35 },
    exports: { kind: "bucket", noncurrentVersionDays: 365 },
    workers: { kind: "vm-group", size: "small", count: 2, port: 8080 },
  },
};

/** One stack of the ledger app on a target. */
export function buildLedger(app: App, target: Target): TargetStack {
  const stack = new TargetStack(app, ledger.name, { target });
  new PortableApp(stack, ledger.name, { spec: ledger });
  return stack;
}

if (require.main === module) {
  const app = new App();
  buildLedger(app, targets.aws({ region: "eu-central-1" }));
  app.synth();
}
