import { withConformance } from "@po-pro/vitest-config";

export default withConformance({});
