import { defineConfig } from "vitest/config";

// Local convenience only (`pnpm vitest` at the root); CI runs each package's own config via Turbo.
export default defineConfig({
  test: {
    projects: ["packages/*", "apps/*"],
  },
});
