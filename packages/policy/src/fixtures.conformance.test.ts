/**
 * The external labelled corpus (`PO_PRO_FIXTURES` or `../shared/fixtures`, run by
 * `pnpm test:conformance`): every scenario gets exactly its labelled decision, as the
 * repository's own corpus does under `pnpm test`, and the strict policy previewed over the
 * scenarios labelled under the default one is only ever stricter.
 */
import { describe, expect, it } from "vitest";
import { describeCorpus } from "../test/corpus-suite.js";
import { sharedCorpus } from "../test/fixtures.js";
import { compilePolicy } from "./compile.js";
import { parsePolicyOrThrow } from "./parse.js";
import { previewPolicy } from "./preview.js";

const corpus = sharedCorpus();

describeCorpus(corpus);

describe("previewPolicy over the labelled corpus", () => {
  it("previews the strict policy over the scenarios labelled under the default one", () => {
    const history = corpus.scenarios
      .filter((s) => s.policy === "default")
      .map((s) => ({
        id: s.id,
        order: s.order,
        response: s.response,
        decision: {
          ...s.expected,
          matchedRules: s.expected.breachedRules.map((ruleId) => ({ ruleId })),
        },
      }));
    const strict = compilePolicy(parsePolicyOrThrow(corpus.policies.get("strict")));
    const preview = previewPolicy(strict, history);
    expect(preview.total).toBe(history.length);
    expect(preview.looser).toBe(0);
    expect(preview.stricter).toBeGreaterThan(0);
    for (const change of preview.changes) {
      expect(change.after).toEqual({
        recommendedAction: change.decision.recommendedAction,
        complianceStatus: change.decision.complianceStatus,
        ruleIds: change.decision.matchedRules.map((r) => r.ruleId),
      });
    }
  });
});
