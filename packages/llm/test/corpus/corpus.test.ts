import { senderRiskSignals, withSenderSignals } from "@po-pro/mail/addresses";
import { evaluate, SupplierResponseSchema } from "@po-pro/policy";
import { describe, expect, it } from "vitest";
import { senderFactsOf } from "../../eval/corpus.js";
import { isUnsafe } from "../../eval/score.js";
import { extractLocally } from "../../src/local/extract.js";
import { validateResponse } from "../../src/validate.js";
import { corpusPolicy } from "./policies.js";
import { CORPUS } from "./scenarios.js";

const orderOf = (scenario: (typeof CORPUS)[number]) =>
  scenario.order as typeof scenario.order & { negotiationRound: number };

describe("the in-repo corpus", () => {
  it("has at least 40 scenarios with unique ids", () => {
    expect(CORPUS.length).toBeGreaterThanOrEqual(40);
    expect(new Set(CORPUS.map((s) => s.id)).size).toBe(CORPUS.length);
  });

  it.each(CORPUS.map((s) => [s.id, s] as const))(
    "%s: the labelled extraction is valid and leads the policy to the labelled action",
    (_id, scenario) => {
      const expected = scenario.expected.extraction;
      expect(SupplierResponseSchema.safeParse(expected).success).toBe(true);
      const decision = evaluate(
        corpusPolicy(scenario.policy as never),
        orderOf(scenario),
        expected,
      );
      expect(decision.recommendedAction).toBe(scenario.expected.decision.recommendedAction);
    },
  );

  it("labels the envelope's signals exactly as @po-pro/mail computes them", () => {
    for (const scenario of CORPUS) {
      const labelled = (scenario.expected.extraction.riskSignals ?? []).filter(
        (s) => s === "sender_mismatch" || s === "auth_failed",
      );
      const computed = senderRiskSignals(
        senderFactsOf(scenario.email, scenario.order.supplier.email),
      );
      expect(computed, scenario.id).toEqual(labelled);
    }
  });
});

describe("keyless extraction over the in-repo corpus", () => {
  const outcomes = CORPUS.map((scenario) => {
    const extracted = extractLocally({ order: scenario.order, email: scenario.email });
    const response = withSenderSignals(
      extracted,
      senderFactsOf(scenario.email, scenario.order.supplier.email),
    );
    const decision = evaluate(corpusPolicy(scenario.policy as never), orderOf(scenario), response);
    return { scenario, extracted, action: decision.recommendedAction };
  });

  it("passes the same validation as the remote providers", () => {
    for (const { scenario, extracted } of outcomes) {
      expect(SupplierResponseSchema.safeParse(extracted).success, scenario.id).toBe(true);
      expect(validateResponse(extracted, scenario.order).ok, scenario.id).toBe(true);
    }
  });

  it("makes no unsafe decision", () => {
    const unsafe = outcomes
      .filter((o) => isUnsafe(o.action, o.scenario.expected.decision.recommendedAction))
      .map((o) => `${o.scenario.id}: ${o.action}`);
    expect(unsafe).toEqual([]);
  });

  it("reaches the labelled action in at least 70 % of scenarios", () => {
    const correct = outcomes.filter(
      (o) => o.action === o.scenario.expected.decision.recommendedAction,
    ).length;
    expect(correct / outcomes.length).toBeGreaterThanOrEqual(0.7);
  });
});
