/**
 * The combining order and the readings the reference checker pins in its self-test
 * (check_scenarios.py), restated on the same synthetic order.
 */
import { describe, expect, it } from "vitest";
import {
  compiled,
  DEFAULT_RULES,
  line,
  ORDER,
  order,
  outline,
  response,
} from "../test/builders.js";
import { evaluate } from "./evaluate.js";
import type { PurchaseOrder, SupplierResponse } from "./schema.js";

const policy = compiled(...DEFAULT_RULES);
const noCounter = compiled({ id: "p", kind: "price_tolerance", maxIncreasePct: 5 });
const bigOrder = order({
  lines: [
    { sku: "A", description: "a", quantity: 1000, unitPrice: 1400 },
    { sku: "B", description: "b", quantity: 100, unitPrice: 1000 },
  ],
});

type Case = [string, PurchaseOrder, SupplierResponse, [string, string, string[]], typeof policy?];

const cases: Case[] = [
  [
    "exactly maxIncreasePct passes",
    ORDER,
    response({ lines: [line("A", "price_changed", { unitPrice: 1050 })] }),
    ["accept", "compliant", []],
  ],
  [
    "exactly counterUpToPct counters",
    ORDER,
    response({ lines: [line("A", "price_changed", { unitPrice: 1150 })] }),
    ["counter_offer", "negotiable", ["price"]],
  ],
  [
    "one cent over counterUpToPct escalates",
    ORDER,
    response({ lines: [line("A", "price_changed", { unitPrice: 1151 })] }),
    ["escalate", "non_compliant", ["price"]],
  ],
  [
    "no counterUpToPct: any breach escalates",
    ORDER,
    response({ lines: [line("A", "price_changed", { unitPrice: 1060 })] }),
    ["escalate", "non_compliant", ["p"]],
    noCounter,
  ],
  [
    "substitute at a higher price is price-checked too",
    ORDER,
    response({ lines: [line("B", "substituted", { substituteSku: "B2", unitPrice: 1100 })] }),
    ["counter_offer", "negotiable", ["price", "substitution"]],
  ],
  [
    "fill rate is aggregate (small line backordered)",
    ORDER,
    response({ lines: [line("B", "backordered", { availableDate: "2027-01-05" })] }),
    ["accept", "compliant", []],
  ],
  [
    "7 days late passes, 8 escalates",
    ORDER,
    response({ deliveryDate: "2026-12-18" }),
    ["escalate", "non_compliant", ["delivery"]],
  ],
  [
    "backordered lines stay in the total, rejected ones leave it",
    bigOrder,
    response({
      lines: [
        line("B", "backordered", { availableDate: "2027-01-05" }),
        line("A", "price_changed", { unitPrice: 1430 }),
      ],
    }),
    ["escalate", "non_compliant", ["approval"]],
  ],
  [
    "other currency: prices and total not compared, currency escalates",
    ORDER,
    response({ currency: "EUR", lines: [line("A", "price_changed", { unitPrice: 5000 })] }),
    ["escalate", "non_compliant", ["currency"]],
  ],
  [
    "restating the order's own terms passes",
    order({ paymentTerms: "NET60" }),
    response({ paymentTerms: "NET60" }),
    ["accept", "compliant", []],
  ],
  [
    "rounds used up turns a counter into an escalation",
    order({ negotiationRound: 2 }),
    response({ paymentTerms: "NET60" }),
    ["escalate", "non_compliant", ["payment_terms", "rounds"]],
  ],
  [
    "question escalates needs_review, rules still listed",
    ORDER,
    response({ kind: "question", question: "Which address?", paymentTerms: "NET60" }),
    ["escalate", "needs_review", ["payment_terms"]],
  ],
  [
    "rejection escalates needs_review, rules still listed",
    ORDER,
    response({ kind: "rejection", lines: [line("A", "rejected"), line("B", "rejected")] }),
    ["escalate", "needs_review", ["fill_rate"]],
  ],
  [
    "low confidence wins over non_compliant",
    ORDER,
    response({ confidence: 0.4, deliveryDate: "2027-01-30" }),
    ["escalate", "needs_review", ["delivery", "confidence"]],
  ],
  ["unrelated gives none", ORDER, response({ kind: "unrelated" }), ["none", "not_applicable", []]],
  [
    "unrelated evaluates no order rule",
    ORDER,
    response({ kind: "unrelated", lines: [line("A", "price_changed", { unitPrice: 9999 })] }),
    ["none", "not_applicable", []],
  ],
  [
    "risk wins over non_compliant",
    ORDER,
    response({ deliveryDate: "2027-01-30", riskSignals: ["sender_mismatch"] }),
    ["escalate", "needs_review", ["risk", "delivery"]],
  ],
  [
    "risk and low confidence are both listed, risk first",
    ORDER,
    response({ confidence: 0.4, riskSignals: ["auth_failed", "sender_mismatch"] }),
    ["escalate", "needs_review", ["risk", "confidence"]],
  ],
  [
    "risk with a question: rules still listed after risk",
    ORDER,
    response({
      kind: "question",
      question: "Which address?",
      paymentTerms: "NET60",
      riskSignals: ["new_reply_address"],
    }),
    ["escalate", "needs_review", ["risk", "payment_terms"]],
  ],
  [
    "a clean confirmation is accepted",
    ORDER,
    response({ kind: "confirmation" }),
    ["accept", "compliant", []],
  ],
];

describe("combining order", () => {
  it.each(cases)("%s", (_name, o, r, expected, p = policy) => {
    expect(outline(evaluate(p, o, r))).toEqual(expected);
  });

  it("lists breaches in policy order, whatever order the rules are written in", () => {
    const reversed = compiled(...[...DEFAULT_RULES].reverse());
    const r = response({
      deliveryDate: "2027-01-30",
      paymentTerms: "NET60",
      lines: [line("A", "price_changed", { unitPrice: 1100 })],
    });
    expect(outline(evaluate(reversed, ORDER, r))[2]).toEqual([
      "payment_terms",
      "delivery",
      "price",
    ]);
  });

  it("attaches a counter-offer exactly when countering", () => {
    const counter = evaluate(policy, ORDER, response({ paymentTerms: "NET60" }));
    expect(counter.counterOffer).toBeDefined();
    const escalated = evaluate(
      policy,
      order({ negotiationRound: 2 }),
      response({ paymentTerms: "NET60" }),
    );
    expect(escalated.counterOffer).toBeUndefined();
  });

  it("says which step decided", () => {
    expect(evaluate(policy, ORDER, response({ kind: "question", question: "?" })).summary).toMatch(
      /question/,
    );
    expect(evaluate(policy, ORDER, response()).summary).toMatch(/within the policy/);
  });
});

describe("line matching", () => {
  it("matches by description when the SKU is absent, case- and space-insensitively", () => {
    const r = response({
      lines: [{ description: "  item a ", status: "price_changed", unitPrice: 1100 }],
    });
    expect(outline(evaluate(policy, ORDER, r))[2]).toEqual(["price"]);
  });

  it("ignores lines that match no order line, and a second mention of the same line", () => {
    const r = response({
      lines: [
        line("ZZZ", "price_changed", { unitPrice: 99_999 }),
        line("A", "accepted"),
        line("A", "rejected"),
      ],
    });
    expect(outline(evaluate(policy, ORDER, r))).toEqual(["accept", "compliant", []]);
  });

  it("falls back to the description when a SKU is on two order lines", () => {
    const twice = order({
      lines: [
        { sku: "A", description: "red", quantity: 10, unitPrice: 1000 },
        { sku: "A", description: "blue", quantity: 10, unitPrice: 1000 },
      ],
    });
    const r = response({
      lines: [{ sku: "A", description: "Blue", status: "price_changed", unitPrice: 2000 }],
    });
    const decision = evaluate(policy, twice, r);
    expect(decision.matchedRules[0]?.lines?.length).toBe(1);
  });

  it("grows its scratch space for large orders", () => {
    const lines = Array.from({ length: 500 }, (_, i) => ({
      sku: `S${i}`,
      description: `d${i}`,
      quantity: 1,
      unitPrice: 100,
    }));
    const big = order({ lines });
    const r = response({ lines: [line("S499", "price_changed", { unitPrice: 110 })] });
    expect(outline(evaluate(policy, big, r))).toEqual(["counter_offer", "negotiable", ["price"]]);
    // and a small order afterwards still sees only its own lines
    expect(outline(evaluate(policy, ORDER, response()))).toEqual(["accept", "compliant", []]);
  });
});
