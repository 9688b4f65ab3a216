import { withBase } from "@po-pro/vitest-config";

export default withBase({});
