import { describe, expect, it } from "vitest";
import { compiled, DEFAULT_RULES, ORDER, outline, response } from "../../test/builders.js";
import { evaluate } from "../evaluate.js";

describe("extraction_confidence (minimum 0.6)", () => {
  const policy = compiled(...DEFAULT_RULES);

  it("passes at exactly the minimum", () => {
    expect(outline(evaluate(policy, ORDER, response({ confidence: 0.6 })))).toEqual([
      "accept",
      "compliant",
      [],
    ]);
  });

  it("escalates as needs_review just below it, over any other outcome", () => {
    expect(outline(evaluate(policy, ORDER, response({ confidence: 0.5999 })))).toEqual([
      "escalate",
      "needs_review",
      ["confidence"],
    ]);
    expect(
      outline(evaluate(policy, ORDER, response({ confidence: 0.4, deliveryDate: "2027-01-30" }))),
    ).toEqual(["escalate", "needs_review", ["delivery", "confidence"]]);
  });

  it("treats a confidence that is not a number as low", () => {
    expect(evaluate(policy, ORDER, response({ confidence: Number.NaN })).complianceStatus).toBe(
      "needs_review",
    );
  });

  it("applies to unrelated emails too", () => {
    expect(
      outline(evaluate(policy, ORDER, response({ kind: "unrelated", confidence: 0.3 }))),
    ).toEqual(["escalate", "needs_review", ["confidence"]]);
  });

  it("is not applied by a policy without the rule", () => {
    const lenient = compiled({ id: "currency", kind: "currency" });
    expect(evaluate(lenient, ORDER, response({ confidence: 0 })).recommendedAction).toBe("accept");
  });
});
