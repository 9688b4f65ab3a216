import { describe, expect, it } from "vitest";
import { compiled, order, outline, response } from "../../test/builders.js";
import { evaluate } from "../evaluate.js";

const policy = compiled({ id: "terms", kind: "payment_terms", allowed: ["NET30", "NET45"] });

describe("payment_terms", () => {
  it.each([
    ["no terms proposed", "NET30", undefined, "accept"],
    ["an allowed term", "NET30", "NET45", "accept"],
    ["the order's own terms, even if not allowed", "NET60", "NET60", "accept"],
    ["a term outside the list", "NET30", "NET60", "counter_offer"],
    ["prepayment", "NET30", "PREPAID", "counter_offer"],
  ])("%s → %s", (_name, own, proposed, action) => {
    const decision = evaluate(
      policy,
      order({ paymentTerms: own }),
      response(proposed === undefined ? {} : { paymentTerms: proposed }),
    );
    expect(decision.recommendedAction).toBe(action);
  });

  it("recognises the order's own terms written another way", () => {
    expect(
      evaluate(policy, order({ paymentTerms: "Net 60" }), response({ paymentTerms: "NET60" }))
        .matchedRules,
    ).toEqual([]);
  });

  it("counters with the order's own terms", () => {
    const decision = evaluate(policy, order(), response({ paymentTerms: "NET15" }));
    expect(outline(decision)).toEqual(["counter_offer", "negotiable", ["terms"]]);
    expect(decision.counterOffer).toMatchObject({ lines: [], paymentTerms: "NET30" });
    expect(decision.matchedRules[0]).toMatchObject({
      observed: "NET15",
      limit: ["NET30", "NET45"],
    });
  });
});
