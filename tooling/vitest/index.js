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
    // The external labelled corpus (../shared/fixtures) is not the repository's: `pnpm test`
    // never needs it; `pnpm test:conformance` runs these files against it.
    exclude: ["**/node_modules/**", "**/dist/**", "**/*.conformance.test.ts"],
    testTimeout: 20_000,
    hookTimeout: 60_000,
  },
});

/** @param {import("vitest/config").ViteUserConfig} config */
export function withBase(config) {
  return mergeConfig(baseConfig, config);
}

/**
 * The conformance run: only `*.conformance.test.ts`, which read the labelled corpus.
 * @param {import("vitest/config").ViteUserConfig} [config]
 */
export function withConformance(config = {}) {
  return mergeConfig(
    defineConfig({
      ...baseConfig,
      test: {
        ...baseConfig.test,
        include: ["src/**/*.conformance.test.ts", "test/**/*.conformance.test.ts"],
        exclude: ["**/node_modules/**", "**/dist/**"],
      },
    }),
    config,
  );
}
