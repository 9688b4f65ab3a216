import { defineConfig } from "tsup";

export default defineConfig({
  entry: ["src/index.ts"],
  // CommonJS too: @po-pro/observability ships both formats and depends on this.
  format: ["esm", "cjs"],
  target: "node22",
  dts: true,
  sourcemap: true,
  clean: true,
});
