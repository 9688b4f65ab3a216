/**
 * Conformance: the keyless extractor over the shared labelled corpus (PO_PRO_FIXTURES or
 * ../shared/fixtures). Run with `pnpm test:conformance`; `pnpm test` never reads it.
 */
import { fixturesDir, loadPolicyDocument } from "@po-pro/fixtures";
import { compilePolicy, parsePolicyOrThrow } from "@po-pro/policy";
import { describe, expect, it } from "vitest";
import { type EvalScenario, evaluateCorpus } from "../eval/corpus.js";
import { extractLocally } from "../src/local/extract.js";
import { loadScenarios } from "./scenarios.js";

const root = fixturesDir();
const scenarios = loadScenarios(root).map(
  (s) =>
    ({
      ...s,
      policy: compilePolicy(parsePolicyOrThrow(loadPolicyDocument(s.policy, root))),
    }) as EvalScenario,
);
const report = await evaluateCorpus("shared corpus", root, scenarios, async (order, email) => ({
  response: extractLocally({ order, email }),
  provider: "local",
}));

describe("keyless extraction over the shared labelled corpus", () => {
  it("finds the scenarios", () => {
    expect(report.total).toBeGreaterThanOrEqual(50);
  });

  it("makes no unsafe decision", () => {
    expect(report.unsafe).toEqual([]);
  });

  it("reaches the label's action in at least 70 % of scenarios", () => {
    expect(report.correct / report.total, report.wrong.join("\n")).toBeGreaterThanOrEqual(0.7);
  });
});
