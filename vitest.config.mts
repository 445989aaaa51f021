import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    setupFiles: ["test/support/setup.ts"],
    // Synthesis is CPU-bound; two workers match the CI machine.
    pool: "forks",
    maxWorkers: 2,
    testTimeout: 60_000,
  },
});
