import { readFileSync, writeFileSync } from "node:fs";
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
      alerts: "src/alerts/index.ts",
      testing: "src/testing/index.ts",
      next: "src/next/index.ts",
      "next-config": "src/next/config.ts",
    },
    target: "node22",
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
    onSuccess: async () => directiveFirst(["browser", "next-client"]),
  },
]);

/**
 * The CommonJS build puts its `"use strict"` and `__esModule` line before the banner, which makes
 * `"use client"` an ordinary expression there. Moves it to the front of that same line (so source
 * maps stay right) and fails the build if any browser entry does not start with it.
 */
function directiveFirst(entries: readonly string[]): void {
  const directive = '"use client";';
  for (const entry of entries) {
    for (const file of [`dist/${entry}.js`, `dist/${entry}.cjs`]) {
      const code = readFileSync(file, "utf8");
      const lineEnd = code.indexOf("\n");
      const firstLine = code.slice(0, lineEnd);
      const fixed = firstLine.startsWith(directive)
        ? code
        : directive + firstLine.replace(directive, "") + code.slice(lineEnd);
      if (!fixed.startsWith(directive) || fixed.length !== code.length) {
        throw new Error(`${file}: could not put ${directive} first`);
      }
      if (fixed !== code) writeFileSync(file, fixed);
    }
  }
}
