/** The shared labelled corpus (via `@po-pro/fixtures`) typed as the extractor reads it. */
import { fixturesDir, loadScenarioFiles } from "@po-pro/fixtures";
import type { SupplierResponse } from "@po-pro/policy";
import type { ExtractionOrder, SupplierEmail } from "../src/types.js";

export interface Scenario {
  id: string;
  description: string;
  policy: string;
  order: ExtractionOrder & {
    poNumber: string;
    supplier: { name: string; email: string };
    negotiationRound: number;
  };
  email: SupplierEmail & { headers?: Record<string, string> };
  expected: {
    extraction: SupplierResponse;
    decision: { recommendedAction: string; complianceStatus: string; breachedRules: string[] };
  };
}

/** Every shared scenario; throws `FixturesNotFoundError` when the corpus is absent. */
export function loadScenarios(root = fixturesDir()): Scenario[] {
  return loadScenarioFiles<Scenario>({ root }).map((entry) => entry.scenario);
}
