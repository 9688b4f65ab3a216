import { baseConfig } from "@po-pro/vitest-config";
import type { ViteUserConfig } from "vitest/config";

// Only the differential test against the Python reference (see vitest.config.ts).
const config: ViteUserConfig = {
  ...baseConfig,
  test: { ...baseConfig.test, include: ["src/**/*.python.test.ts"] },
};

export default config;
