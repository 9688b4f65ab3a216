import { defineConfig } from "tsup";

export default defineConfig({
  entry: {
    index: "src/index.ts",
    "schema/index": "src/schema/index.ts",
    "testing/index": "src/testing/index.ts",
    cli: "src/cli.ts",
  },
  format: ["esm"],
  target: "node22",
  dts: { entry: ["src/index.ts", "src/schema/index.ts", "src/testing/index.ts"] },
  sourcemap: true,
  clean: true,
});
