import { defineConfig, type Options } from "tsup";

const shared: Options = {
  format: ["esm", "cjs"],
  dts: true,
  sourcemap: true,
  splitting: true,
  treeshake: true,
};

// One build per runtime so a browser bundle never pulls in Node code; ESM and CommonJS with
// declarations for each entry, for teams on either module system.
export default defineConfig([
  {
    ...shared,
    entry: {
      index: "src/index.ts",
      node: "src/node/index.ts",
      metrics: "src/metrics/index.ts",
      testing: "src/testing/index.ts",
      next: "src/next/index.ts",
      "next-config": "src/next/config.ts",
    },
    target: "node20",
  },
  {
    ...shared,
    entry: { browser: "src/browser/index.ts", "next-client": "src/next/client.ts" },
    target: "es2022",
    platform: "browser",
    // Rollup tree-shaking strips module directives, banner included; esbuild's output keeps it.
    treeshake: false,
    // tsup drops module directives; Next needs this one to treat the entry as client code.
    banner: { js: '"use client";' },
  },
]);
