import { withBase } from "@po-pro/vitest-config";

export default withBase({
  test: {
    // Each file still gets its own worker (the SDK is global per process); threads start and
    // stop much faster than forks, which keeps the whole run near 30 s on two cores.
    pool: "threads",
    // Tests that run the real Alertmanager binary are `pnpm test:ops` (vitest.ops.config.ts).
    exclude: ["**/*.ops.test.ts"],
  },
});
