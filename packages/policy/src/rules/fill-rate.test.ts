import { describe, expect, it } from "vitest";
import { compiled, line, order, response } from "../../test/builders.js";
import { evaluate } from "../evaluate.js";

// One line of 100 units, so a quantity is a percentage.
const hundred = order({ lines: [{ sku: "A", description: "a", quantity: 100, unitPrice: 1000 }] });
const policy = compiled({ id: "fill", kind: "fill_rate", minPercent: 90 });

function shipping(quantity: number) {
  return response({ lines: [line("A", "quantity_changed", { quantity })] });
}

describe("fill_rate boundaries (minimum 90 %)", () => {
  it("passes at exactly 90 % and breaches at 89 %", () => {
    expect(evaluate(policy, hundred, shipping(90)).matchedRules).toEqual([]);
    const decision = evaluate(policy, hundred, shipping(89));
    expect(decision.recommendedAction).toBe("escalate");
    expect(decision.matchedRules[0]).toMatchObject({ ruleId: "fill", observed: 89, limit: 90 });
  });

  it("counts a quantity increase (MOQ) as a full fill", () => {
    expect(evaluate(policy, hundred, shipping(150)).matchedRules).toEqual([]);
  });

  it("is aggregate over the order: a small backordered line can pass", () => {
    // 100 + 10 ordered; B (10) backordered → 100 / 110 = 90.9 %.
    const r = response({ lines: [line("B", "backordered", { availableDate: "2027-01-05" })] });
    expect(evaluate(policy, order(), r).matchedRules).toEqual([]);
  });

  it.each(["backordered", "rejected"] as const)("ships 0 now for a %s line", (status) => {
    const decision = evaluate(policy, order(), response({ lines: [line("A", status)] }));
    expect(decision.matchedRules.map((r) => r.ruleId)).toEqual(["fill"]);
    expect(decision.matchedRules[0]?.reason).toBe(
      "The supplier will ship 9.1 % of the ordered units now (10 of 110); the policy needs at least 90 %.",
    );
  });

  it("counts substituted and price-changed lines as shipped", () => {
    const r = response({
      lines: [
        line("A", "substituted", { substituteSku: "A2" }),
        line("B", "price_changed", { unitPrice: 1000 }),
      ],
    });
    expect(evaluate(policy, order(), r).matchedRules).toEqual([]);
  });

  it("compares fractional minimums exactly: 1 of 3 is above 33.3333 % and below 33.3334 %", () => {
    const three = order({ lines: [{ sku: "A", description: "a", quantity: 3, unitPrice: 1 }] });
    const oneOfThree = response({ lines: [line("A", "quantity_changed", { quantity: 1 })] });
    expect(
      evaluate(compiled({ id: "f", kind: "fill_rate", minPercent: 33.3333 }), three, oneOfThree)
        .matchedRules,
    ).toEqual([]);
    expect(
      evaluate(compiled({ id: "f", kind: "fill_rate", minPercent: 33.3334 }), three, oneOfThree)
        .matchedRules.length,
    ).toBe(1);
  });
});
