import { withBase } from "@po-pro/vitest-config";

export default withBase({
  test: {
    // Each file still gets its own worker (the SDK is global per process); threads start and
    // stop much faster than forks, which keeps the whole run near 30 s on two cores.
    pool: "threads",
  },
});
