import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // Files are parsed in-process; two forks match the two cores of the CI machine.
    pool: "forks",
    maxWorkers: 2,
  },
});
