import { withBase } from "@po-pro/vitest-config";

// The HTTP and browser tests run against the built app (`next build`, standalone server), one
// server per file; files run one at a time so two Next servers do not share two cores.
export default withBase({
  test: {
    include: ["src/**/*.test.ts", "scripts/**/*.test.ts", "test/**/*.test.ts", "e2e/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
});
