/** Conformance: @po-pro/mail's envelope signals against the shared corpus's labels. */
import { senderRiskSignals } from "@po-pro/mail/addresses";
import { describe, expect, it } from "vitest";
import { senderFactsOf } from "../eval/corpus.js";
import { loadScenarios } from "./scenarios.js";

describe("envelope risk signals over the shared labelled corpus", () => {
  it("match the labels of every scenario", () => {
    for (const scenario of loadScenarios()) {
      const expected = (scenario.expected.extraction.riskSignals ?? []).filter(
        (s) => s === "sender_mismatch" || s === "auth_failed",
      );
      const actual = senderRiskSignals(
        senderFactsOf(scenario.email, scenario.order.supplier.email),
      );
      expect(actual, scenario.id).toEqual(expected);
    }
  });
});
