/**
 * A labelled corpus as the policy's tests read it: policy documents by name, and scenarios
 * (an order, the supplier's response as extraction returns it, the labelled decision). The
 * repository's own corpus lives in `test/corpus/` (written for this package, so `pnpm test`
 * needs nothing outside the repository); `test/fixtures.ts` reads the external labelled corpus
 * into the same shape for `pnpm test:conformance`.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { ComplianceStatus, RecommendedAction } from "../src/decision.js";
import type { PurchaseOrder, SupplierResponse } from "../src/schema.js";

export interface LabelledDecision {
  readonly recommendedAction: RecommendedAction;
  readonly complianceStatus: ComplianceStatus;
  /** Rule ids in the order `matchedRules` lists them: risk first, then policy order. */
  readonly breachedRules: readonly string[];
}

export interface Scenario {
  readonly id: string;
  readonly description: string;
  /** A key of `Corpus.policies`. */
  readonly policy: string;
  readonly order: PurchaseOrder;
  readonly response: SupplierResponse;
  readonly expected: LabelledDecision;
}

export interface Corpus {
  /** Where it was read from, for test titles. */
  readonly source: string;
  /** Raw policy documents by name (validate them with parsePolicy). */
  readonly policies: ReadonlyMap<string, unknown>;
  readonly scenarios: readonly Scenario[];
}

const IN_REPO = fileURLToPath(new URL("./corpus/", import.meta.url));

function readJson(path: string): unknown {
  return JSON.parse(readFileSync(path, "utf8"));
}

/** Policy documents `<dir>/*.json` by file name. */
export function readPolicies(dir: string): Map<string, unknown> {
  return new Map(
    readdirSync(dir)
      .filter((name) => name.endsWith(".json"))
      .sort()
      .map((name) => [name.slice(0, -".json".length), readJson(join(dir, name))]),
  );
}

interface StoredScenario extends Omit<Scenario, "order"> {
  /** A key of `orders.json`, with `orderChanges` laid over it. */
  readonly order: string;
  readonly orderChanges?: Partial<PurchaseOrder>;
}

/**
 * The repository's corpus: `policies/*.json`, `orders.json` (named orders) and `scenarios.json`,
 * whose scenarios name an order and may change a few of its fields (a later round, other
 * terms, another requested date).
 */
export function inRepoCorpus(dir = IN_REPO): Corpus {
  const orders = readJson(join(dir, "orders.json")) as Record<string, PurchaseOrder>;
  const stored = readJson(join(dir, "scenarios.json")) as StoredScenario[];
  const scenarios = stored.map(({ order: name, orderChanges, ...scenario }): Scenario => {
    const order = orders[name];
    if (order === undefined) throw new Error(`${scenario.id}: no order "${name}" in orders.json`);
    return { ...scenario, order: { ...order, ...orderChanges } };
  });
  return { source: dir, policies: readPolicies(join(dir, "policies")), scenarios };
}
