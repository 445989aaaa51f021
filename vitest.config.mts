import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    setupFiles: ["test/support/setup.ts"],
    // Synthesis is CPU-bound; two workers match the CI machine.
    pool: "forks",
    maxWorkers: 2,
    // Test files share a worker's module graph: loading cdktf and both realizers once per worker
    // instead of once per file. Tests keep no global state besides the realizer registry.
    isolate: false,
    testTimeout: 60_000,
  },
});
