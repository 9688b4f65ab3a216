import { defineConfig, mergeConfig, type ViteUserConfig } from "vitest/config";

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

export function withBase(config: ViteUserConfig): ViteUserConfig {
  return mergeConfig(baseConfig, config);
}
