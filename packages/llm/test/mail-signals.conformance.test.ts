/** Conformance: the mail layer's signals against the shared corpus's labels. */
import { describe, expect, it } from "vitest";
import { mailRiskSignals } from "../src/mail-signals.js";
import { loadScenarios } from "./scenarios.js";

describe("mail-layer risk signals over the shared labelled corpus", () => {
  it("match the labels of every scenario", () => {
    for (const scenario of loadScenarios()) {
      const expected = (scenario.expected.extraction.riskSignals ?? []).filter(
        (s) => s === "sender_mismatch" || s === "auth_failed",
      );
      const actual = mailRiskSignals({
        from: scenario.email.from,
        supplierEmail: scenario.order.supplier.email,
        ...(scenario.email.headers !== undefined ? { headers: scenario.email.headers } : {}),
      });
      expect(actual, scenario.id).toEqual(expected);
    }
  });
});
