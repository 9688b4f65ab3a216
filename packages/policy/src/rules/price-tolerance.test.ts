import { describe, expect, it } from "vitest";
import { compiled, line, ORDER, order, outline, priced, response } from "../../test/builders.js";
import { evaluate } from "../evaluate.js";

const rule = {
  id: "price",
  kind: "price_tolerance",
  maxIncreasePct: 5,
  counterUpToPct: 15,
} as const;
const policy = compiled(rule);

describe("price_tolerance boundaries (ordered 10.00)", () => {
  it.each([
    ["a decrease", 900, "accept"],
    ["the ordered price", 1000, "accept"],
    ["exactly +5 % (limit inclusive)", 1050, "accept"],
    ["one cent over +5 %", 1051, "counter_offer"],
    ["exactly +15 % (counter limit inclusive)", 1150, "counter_offer"],
    ["one cent over +15 %", 1151, "escalate"],
  ])("%s → %s", (_name, unitPrice, action) => {
    expect(evaluate(policy, ORDER, priced("A", unitPrice)).recommendedAction).toBe(action);
  });

  it("decides exactly where floating point would not: 1.00 → 1.07 is exactly 7 %", () => {
    // (107 − 100) / 100 × 100 is 7.000000000000001 in floating point.
    const small = order({ lines: [{ sku: "A", description: "a", quantity: 1, unitPrice: 100 }] });
    const seven = compiled({ id: "p", kind: "price_tolerance", maxIncreasePct: 7 });
    expect(evaluate(seven, small, priced("A", 107)).recommendedAction).toBe("accept");
    expect(evaluate(seven, small, priced("A", 108)).recommendedAction).toBe("escalate");
  });

  it.each([
    [2.5, 1025, 1026],
    [0.1, 1001, 1002],
    [1.1, 1011, 1012],
    [12.125, 112_125, 112_126],
  ])(
    "fractional limit of %s percent: %i passes, %i breaches",
    (maxIncreasePct, passes, breaches) => {
      const base = order({
        lines: [
          {
            sku: "A",
            description: "a",
            quantity: 1,
            unitPrice: breaches > 10_000 ? 100_000 : 1000,
          },
        ],
      });
      const p = compiled({ id: "p", kind: "price_tolerance", maxIncreasePct });
      expect(evaluate(p, base, priced("A", passes)).matchedRules).toEqual([]);
      expect(evaluate(p, base, priced("A", breaches)).matchedRules.map((r) => r.ruleId)).toEqual([
        "p",
      ]);
    },
  );

  it("stays exact for prices beyond 2^53 / 10^6 (BigInt path)", () => {
    const ordered = 5_000_000_000_000; // 50 billion in minor units
    const big = order({ lines: [{ sku: "A", description: "a", quantity: 1, unitPrice: ordered }] });
    const p = compiled({ id: "p", kind: "price_tolerance", maxIncreasePct: 5 });
    expect(evaluate(p, big, priced("A", ordered * 1.05)).recommendedAction).toBe("accept");
    expect(evaluate(p, big, priced("A", ordered * 1.05 + 1)).recommendedAction).toBe("escalate");
  });

  it("escalates any breach when there is no counterUpToPct", () => {
    const p = compiled({ id: "p", kind: "price_tolerance", maxIncreasePct: 5 });
    const decision = evaluate(p, ORDER, priced("A", 1051));
    expect(outline(decision)).toEqual(["escalate", "non_compliant", ["p"]]);
    expect(decision.matchedRules[0]?.reason).toContain("counters no price increase");
  });

  it("escalates when one line is within the counter limit and another beyond it, listing both", () => {
    const r = response({
      lines: [
        line("A", "price_changed", { unitPrice: 1100 }),
        line("B", "price_changed", { unitPrice: 1200 }),
      ],
    });
    const decision = evaluate(policy, ORDER, r);
    expect(outline(decision)).toEqual(["escalate", "non_compliant", ["price"]]);
    expect(decision.matchedRules[0]?.lines?.map((l) => l.sku)).toEqual(["A", "B"]);
    expect(decision.matchedRules[0]?.observed).toBe(20);
    expect(decision.matchedRules[0]?.limit).toBe(5);
    expect(decision.matchedRules[0]?.counterLimit).toBe(15);
  });

  it("checks substitutes that carry a price, and skips rejected lines and lines without a price", () => {
    expect(
      evaluate(
        policy,
        ORDER,
        response({ lines: [line("B", "substituted", { substituteSku: "B2", unitPrice: 1200 })] }),
      ).recommendedAction,
    ).toBe("escalate");
    expect(
      evaluate(policy, ORDER, response({ lines: [line("A", "rejected", { unitPrice: 5000 })] }))
        .matchedRules,
    ).toEqual([]);
    expect(
      evaluate(
        policy,
        ORDER,
        response({ lines: [line("A", "quantity_changed", { quantity: 99 })] }),
      ).matchedRules,
    ).toEqual([]);
  });

  it("is skipped when the supplier quotes another currency", () => {
    const r = response({
      currency: "EUR",
      lines: [line("A", "price_changed", { unitPrice: 5000 })],
    });
    expect(evaluate(policy, ORDER, r).matchedRules).toEqual([]);
  });

  it("counters at the ordered price, keeping the supplier's quantity", () => {
    const r = response({
      lines: [line("A", "quantity_changed", { quantity: 95, unitPrice: 1080 })],
    });
    const decision = evaluate(policy, ORDER, r);
    expect(decision.counterOffer?.lines).toEqual([
      expect.objectContaining({ sku: "A", quantity: 95, unitPrice: 1000, proposedUnitPrice: 1080 }),
    ]);
    expect(decision.counterOffer?.paymentTerms).toBeUndefined();
  });

  it("states the worst line, the limits and a one-sentence reason", () => {
    const decision = evaluate(policy, ORDER, priced("A", 1082));
    const [matched] = decision.matchedRules;
    expect(matched).toMatchObject({
      ruleId: "price",
      kind: "price_tolerance",
      outcome: "counter",
      limit: 5,
    });
    expect(matched?.observed).toBeCloseTo(8.2, 10);
    expect(matched?.reason).toBe(
      "A is priced 8.2 % above the order: over the 5 % tolerance but within the 15 % counter limit, so the policy counters at the ordered price.",
    );
  });
});
