import { describe, expect, it } from "vitest";
import { compiled, line, ORDER, outline, response } from "../../test/builders.js";
import { evaluate } from "../evaluate.js";

const substituted = response({
  lines: [line("B", "substituted", { substituteSku: "B2", quantity: 8 })],
});

describe("substitution", () => {
  it("passes when nothing is substituted", () => {
    const policy = compiled({ id: "sub", kind: "substitution", mode: "never" });
    expect(
      evaluate(policy, ORDER, response({ lines: [line("B", "accepted")] })).matchedRules,
    ).toEqual([]);
  });

  it("never: counters asking for the original item as ordered", () => {
    const policy = compiled({ id: "sub", kind: "substitution", mode: "never" });
    const decision = evaluate(policy, ORDER, substituted);
    expect(outline(decision)).toEqual(["counter_offer", "negotiable", ["sub"]]);
    expect(decision.counterOffer?.lines).toEqual([
      expect.objectContaining({ sku: "B", quantity: 10, unitPrice: 1000, substituteSku: "B2" }),
    ]);
    expect(decision.matchedRules[0]).toMatchObject({ observed: ["B2"], limit: "never" });
  });

  it("escalate: hands the substitute to the merchant", () => {
    const policy = compiled({ id: "sub", kind: "substitution", mode: "escalate" });
    expect(outline(evaluate(policy, ORDER, substituted))).toEqual([
      "escalate",
      "non_compliant",
      ["sub"],
    ]);
  });
});
