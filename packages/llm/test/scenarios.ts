/** The shared scenario corpus (via `@po-pro/fixtures`) typed as the extractor reads it. */
import { fixturesDir, loadPolicyDocument as loadPolicy, loadScenarioFiles } from "@po-pro/fixtures";
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

export function loadScenarios(root = fixturesDir()): Scenario[] {
  return loadScenarioFiles<Scenario>({ root }).map((entry) => entry.scenario);
}

export { fixturesDir, loadPolicy };
