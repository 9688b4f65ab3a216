// Plain JavaScript: vitest loads configs through Node, which cannot import TypeScript from a
// workspace dependency.
import { defineConfig, mergeConfig } from "vitest/config";

/**
 * Shared vitest settings. Workspace packages resolve to their TypeScript source through the
 * `@po-pro/source` export condition, so tests never need a prior build.
 */
export const baseConfig = defineConfig({
  resolve: {
    conditions: ["@po-pro/source"],
  },
  ssr: {
    resolve: {
      conditions: ["@po-pro/source"],
    },
  },
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    testTimeout: 20_000,
    hookTimeout: 60_000,
  },
});

/** @param {import("vitest/config").ViteUserConfig} config */
export function withBase(config) {
  return mergeConfig(baseConfig, config);
}
