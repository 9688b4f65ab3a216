import { describe, expect, it } from "vitest";
import { compiled, DEFAULT_RULES, order, outline, response } from "../../test/builders.js";
import { evaluate } from "../evaluate.js";

const policy = compiled(...DEFAULT_RULES); // rounds max 2
const counterable = response({ paymentTerms: "NET60" });

describe("negotiation_rounds (max 2)", () => {
  it.each([
    [0, ["counter_offer", "negotiable", ["payment_terms"]]],
    [1, ["counter_offer", "negotiable", ["payment_terms"]]],
    [2, ["escalate", "non_compliant", ["payment_terms", "rounds"]]],
    [5, ["escalate", "non_compliant", ["payment_terms", "rounds"]]],
  ])("after %i counter-offers", (negotiationRound, expected) => {
    expect(outline(evaluate(policy, order({ negotiationRound }), counterable))).toEqual(expected);
  });

  it("does not fire when another rule escalates", () => {
    const r = response({ paymentTerms: "NET60", deliveryDate: "2027-01-30" });
    expect(outline(evaluate(policy, order({ negotiationRound: 2 }), r))).toEqual([
      "escalate",
      "non_compliant",
      ["delivery", "payment_terms"],
    ]);
  });

  it("does not fire under a risk signal or when nothing counters", () => {
    const risky = response({ paymentTerms: "NET60", riskSignals: ["new_reply_address"] });
    expect(outline(evaluate(policy, order({ negotiationRound: 2 }), risky))).toEqual([
      "escalate",
      "needs_review",
      ["risk", "payment_terms"],
    ]);
    expect(outline(evaluate(policy, order({ negotiationRound: 9 }), response()))).toEqual([
      "accept",
      "compliant",
      [],
    ]);
  });

  it("states the rounds used against the maximum", () => {
    const decision = evaluate(policy, order({ negotiationRound: 2 }), counterable);
    expect(decision.matchedRules[1]).toMatchObject({
      kind: "negotiation_rounds",
      observed: 2,
      limit: 2,
    });
    expect(decision.counterOffer).toBeUndefined();
  });
});
