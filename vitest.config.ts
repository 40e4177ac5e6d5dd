import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    // A test that OCRs a scan takes tens of seconds alone, and minutes on a machine where another
    // heavy job holds the cores (CI beside a benchmark): the limit is for hangs, not for speed.
    testTimeout: 300_000,
    hookTimeout: 300_000,
    // Files are parsed in-process; two forks match the two cores of the CI machine.
    pool: "forks",
    maxWorkers: 2,
  },
});
