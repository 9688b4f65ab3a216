import { defineConfig } from "vitest/config";

// `pnpm test:ops`: only the tests that run real Prometheus / Alertmanager binaries (Debian's
// `prometheus-alertmanager`), each on free 127.0.0.1 ports. Not `withBase`: merging would add
// this include to the base's rather than replace it.
export default defineConfig({
  resolve: { conditions: ["@po-pro/source"] },
  ssr: { resolve: { conditions: ["@po-pro/source"] } },
  test: {
    include: ["src/**/*.ops.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
