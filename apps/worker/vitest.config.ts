import { withBase } from "@po-pro/vitest-config";

// Worker tests start child processes and pg-boss instances: give them room.
export default withBase({ test: { testTimeout: 120_000 } });
