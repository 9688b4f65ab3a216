import { describe, expect, it } from "vitest";
import { compiled, line, order, response } from "../../test/builders.js";
import { evaluate } from "../evaluate.js";

// ORDER totals 110,000 minor units (100 × 1000 + 10 × 1000).
function threshold(maxTotalMinor: number) {
  return compiled({ id: "approval", kind: "approval_threshold", maxTotalMinor });
}

describe("approval_threshold boundaries", () => {
  const raise = response({ lines: [line("A", "price_changed", { unitPrice: 1010 })] }); // total 111,000

  it("passes at exactly the threshold and escalates one minor unit over it", () => {
    expect(evaluate(threshold(111_000), order(), raise).matchedRules).toEqual([]);
    const decision = evaluate(threshold(110_999), order(), raise);
    expect(decision.recommendedAction).toBe("escalate");
    expect(decision.matchedRules[0]).toMatchObject({ observed: 111_000, limit: 110_999 });
    expect(decision.matchedRules[0]?.reason).toBe(
      "The order total after the supplier's changes is $1,110.00, above the $1,109.99 that needs your approval.",
    );
  });

  it("leaves rejected lines out and keeps backordered lines in", () => {
    expect(
      evaluate(threshold(100_000), order(), response({ lines: [line("B", "rejected")] }))
        .matchedRules,
    ).toEqual([]);
    expect(
      evaluate(
        threshold(100_000),
        order(),
        response({ lines: [line("B", "backordered", { availableDate: "2027-01-01" })] }),
      ).matchedRules.length,
    ).toBe(1);
  });

  it("uses the supplier's quantities", () => {
    const more = response({ lines: [line("A", "quantity_changed", { quantity: 101 })] }); // 111,000
    expect(evaluate(threshold(110_999), order(), more).matchedRules.length).toBe(1);
  });

  it("is skipped when the supplier quotes another currency", () => {
    const r = response({
      currency: "EUR",
      lines: [line("A", "price_changed", { unitPrice: 999_999 })],
    });
    expect(evaluate(threshold(1), order(), r).matchedRules).toEqual([]);
  });

  it("formats totals in the order currency's minor unit (JPY has none)", () => {
    const yen = order({
      currency: "JPY",
      lines: [{ sku: "A", description: "a", quantity: 10, unitPrice: 1450 }],
    });
    const decision = evaluate(threshold(14_000), yen, response());
    expect(decision.matchedRules[0]?.reason).toBe(
      "The order total after the supplier's changes is ¥14,500, above the ¥14,000 that needs your approval.",
    );
  });

  it("stays exact past 2^53", () => {
    const huge = order({
      lines: [{ sku: "A", description: "a", quantity: 3_000_000, unitPrice: 3_000_000_000_000 }],
    });
    const total = 9_000_000_000_000_000_000n;
    expect(
      evaluate(threshold(Number.MAX_SAFE_INTEGER), huge, response()).matchedRules[0]?.observed,
    ).toBe(Number(total));
  });
});
