import { describe, expect, it } from "vitest";
import { compiled, DEFAULT_RULES, line, ORDER, outline, response } from "../../test/builders.js";
import { evaluate } from "../evaluate.js";

describe("currency", () => {
  const policy = compiled({ id: "currency", kind: "currency" });

  it("passes when absent or equal to the order's", () => {
    expect(evaluate(policy, ORDER, response()).matchedRules).toEqual([]);
    expect(evaluate(policy, ORDER, response({ currency: "USD" })).matchedRules).toEqual([]);
  });

  it("escalates another currency, and price and total are then not compared", () => {
    const r = response({
      currency: "EUR",
      lines: [line("A", "price_changed", { unitPrice: 900_000 })],
    });
    expect(outline(evaluate(compiled(...DEFAULT_RULES), ORDER, r))).toEqual([
      "escalate",
      "non_compliant",
      ["currency"],
    ]);
    expect(evaluate(policy, ORDER, r).matchedRules[0]).toMatchObject({
      observed: "EUR",
      limit: "USD",
    });
  });
});
