import { defineConfig } from "tsup";

export default defineConfig({
  entry: { index: "src/index.ts", prometheus: "src/prometheus.ts" },
  format: ["esm"],
  target: "node20",
  dts: true,
  sourcemap: true,
  clean: true,
});
