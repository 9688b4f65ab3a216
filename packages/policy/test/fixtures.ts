/**
 * The shared scenario corpus (via `@po-pro/fixtures`) typed as the policy reads it. Like the
 * reference checker, the held-out set is included when it exists.
 */
import {
  type ScenarioFile as FixtureFile,
  fixturesDir,
  loadPolicyDocument,
  loadScenarioFiles,
  policyNames,
} from "@po-pro/fixtures";
import type { ComplianceStatus, RecommendedAction } from "../src/decision.js";
import type { Policy } from "../src/policy.js";
import type { PurchaseOrder, SupplierResponse } from "../src/schema.js";

export interface Scenario {
  readonly id: string;
  readonly description: string;
  readonly policy: string;
  readonly order: PurchaseOrder & { readonly poNumber: string };
  readonly expected: {
    readonly extraction: SupplierResponse;
    readonly decision: {
      readonly recommendedAction: RecommendedAction;
      readonly complianceStatus: ComplianceStatus;
      readonly breachedRules: readonly string[];
    };
  };
}

export type ScenarioFile = FixtureFile<Scenario>;

/** Every scenario file, the held-out set included when it exists. */
export function loadScenarios(root = fixturesDir()): ScenarioFile[] {
  return loadScenarioFiles<Scenario>({ root, holdout: true });
}

export type { Policy };
export { fixturesDir, loadPolicyDocument, policyNames };
