import { withConformance } from "@po-pro/vitest-config";

// `pnpm test:conformance`: only `*.conformance.test.ts`, against the external labelled corpus
// (PO_PRO_FIXTURES or ../shared/fixtures) and its reference evaluator (python3).
export default withConformance();
