/**
 * The external labelled corpus (via `@po-pro/fixtures`: `PO_PRO_FIXTURES` or
 * `../shared/fixtures`), for `pnpm test:conformance` and the benchmark only; `pnpm test` reads
 * the repository's own corpus (`test/corpus.ts`). Like the reference checker, the held-out set
 * is included when it exists.
 */
import { join } from "node:path";
import {
  type ScenarioFile as FixtureFile,
  fixturesDir,
  loadPolicyDocument,
  loadScenarioFiles,
  policyNames,
} from "@po-pro/fixtures";
import type { Policy } from "../src/policy.js";
import type { PurchaseOrder, SupplierResponse } from "../src/schema.js";
import { type Corpus, type LabelledDecision, readPolicies } from "./corpus.js";

/** A scenario file as stored in the external corpus. */
export interface Scenario {
  readonly id: string;
  readonly description: string;
  readonly policy: string;
  readonly order: PurchaseOrder & { readonly poNumber: string };
  readonly expected: {
    readonly extraction: SupplierResponse;
    readonly decision: LabelledDecision;
  };
}

export type ScenarioFile = FixtureFile<Scenario>;

/** Every scenario file, the held-out set included when it exists. */
export function loadScenarios(root = fixturesDir()): ScenarioFile[] {
  return loadScenarioFiles<Scenario>({ root, holdout: true });
}

/** The external corpus in the shape every corpus check reads (`test/corpus-suite.ts`). */
export function sharedCorpus(root = fixturesDir()): Corpus {
  const scenarios = loadScenarios(root).map(({ scenario }) => ({
    id: scenario.id,
    description: scenario.description,
    policy: scenario.policy,
    order: scenario.order,
    response: scenario.expected.extraction,
    expected: scenario.expected.decision,
  }));
  return { source: root, policies: readPolicies(join(root, "policies")), scenarios };
}

export type { Policy };
export { fixturesDir, loadPolicyDocument, policyNames };
