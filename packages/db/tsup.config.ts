import { defineConfig } from "tsup";

const entries = {
  index: "src/index.ts",
  "schema/index": "src/schema/index.ts",
  "embedded/index": "src/embedded/index.ts",
  "seed/index": "src/seed/index.ts",
  "testing/index": "src/testing/index.ts",
};

export default defineConfig({
  entry: { ...entries, cli: "src/cli.ts" },
  format: ["esm"],
  target: "node22",
  dts: { entry: Object.values(entries) },
  sourcemap: true,
  clean: true,
});
