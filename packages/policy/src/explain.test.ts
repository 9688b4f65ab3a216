import { describe, expect, it } from "vitest";
import { compiled, DEFAULT_RULES, line, ORDER, order, response } from "../test/builders.js";
import { evaluate } from "./evaluate.js";
import { explain } from "./explain.js";

const policy = compiled(...DEFAULT_RULES);
const tees = order({
  lines: [{ sku: "TEE-BLK-M", description: "Black tee M", quantity: 200, unitPrice: 450 }],
});

describe("explain", () => {
  it("renders a price counter as the design's example line", () => {
    const decision = evaluate(
      policy,
      tees,
      response({ lines: [line("TEE-BLK-M", "price_changed", { unitPrice: 487 })] }),
    );
    expect(explain(decision, tees)).toEqual([
      "Decision: counter-offer (negotiable). Every term outside the policy can be countered, so we send a counter-offer.",
      "Line TEE-BLK-M: price up 8.2 % (limit 5 %); countering at $4.50",
    ]);
  });

  it("says why a line is not countered when the decision escalates", () => {
    const over = evaluate(
      policy,
      tees,
      response({ lines: [line("TEE-BLK-M", "price_changed", { unitPrice: 540 })] }),
    );
    expect(explain(over, tees)[1]).toBe(
      "Line TEE-BLK-M: price up 20 % (limit 5 %); over the 15 % counter limit",
    );
    const risky = evaluate(
      policy,
      tees,
      response({
        lines: [line("TEE-BLK-M", "price_changed", { unitPrice: 487 })],
        riskSignals: ["bank_details_change"],
      }),
    );
    expect(explain(risky, tees)).toEqual([
      "Decision: escalate to you (needs review). A risk signal on this email needs your review, whatever the policy says.",
      "The email shows a request to pay a different bank account; it needs your review whatever the policy says.",
      "Line TEE-BLK-M: price up 8.2 % (limit 5 %); within the 15 % counter limit",
    ]);
  });

  it("never rounds a breach down to its limit", () => {
    const thousand = order({
      lines: [{ sku: "A", description: "a", quantity: 1, unitPrice: 100_000 }],
    });
    const decision = evaluate(
      policy,
      thousand,
      response({ lines: [line("A", "price_changed", { unitPrice: 105_001 })] }),
    );
    expect(explain(decision, thousand)[1]).toBe(
      "Line A: price up 5.001 % (limit 5 %); countering at $1,000.00",
    );
  });

  it("renders substitutions, payment terms and other rules", () => {
    const decision = evaluate(
      policy,
      ORDER,
      response({
        paymentTerms: "NET60",
        lines: [line("B", "substituted", { substituteSku: "B2" })],
      }),
    );
    // Policy order: payment_terms comes before substitution in the default rules.
    expect(explain(decision, ORDER).slice(1)).toEqual([
      "Payment terms: NET60 proposed (allowed: NET30 and NET45); countering with NET30",
      "Line B: substitute B2 offered; asking for the original item at $10.00",
    ]);
    const late = evaluate(policy, ORDER, response({ deliveryDate: "2026-12-20" }));
    expect(explain(late, ORDER)[1]).toBe(
      "Delivery is proposed for 2026-12-20, 10 days after the requested 2026-12-10; the policy allows 7 days.",
    );
  });

  it("formats money in the order's currency and the chosen locale", () => {
    const euros = order({
      currency: "EUR",
      lines: [{ sku: "A", description: "a", quantity: 1, unitPrice: 450 }],
    });
    const decision = evaluate(
      policy,
      euros,
      response({ lines: [line("A", "price_changed", { unitPrice: 490 })] }),
    );
    // de-DE puts a no-break space before the euro sign.
    expect(
      explain(decision, { currency: "EUR", locale: "de-DE" })[1]?.replace(/\u00a0/g, " "),
    ).toBe("Line A: price up 8.9 % (limit 5 %); countering at 4,50 €");
  });

  it("works from a stored (JSON round-tripped) decision", () => {
    const decision = evaluate(
      policy,
      tees,
      response({ lines: [line("TEE-BLK-M", "price_changed", { unitPrice: 487 })] }),
    );
    expect(explain(JSON.parse(JSON.stringify(decision)), tees)).toEqual(explain(decision, tees));
  });

  it("has one line for a clean accept", () => {
    expect(explain(evaluate(policy, ORDER, response()), ORDER)).toEqual([
      "Decision: accept (compliant). Every term is within the policy, so we accept.",
    ]);
  });
});
