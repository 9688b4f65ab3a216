import { withBase } from "@po-pro/vitest-config";
import { configDefaults } from "vitest/config";

export default withBase({
  test: {
    // The differential test against the Python reference needs python3, which a machine with only
    // Node does not have: `pnpm test:reference` runs it (CI does).
    exclude: [...configDefaults.exclude, "src/**/*.python.test.ts"],
  },
});
