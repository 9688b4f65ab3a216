import { describe, expect, it } from "vitest";
import { compiled, DEFAULT_RULES, line, ORDER, outline, response } from "../../test/builders.js";
import { evaluate } from "../evaluate.js";
import { RISK_SIGNALS } from "../schema.js";

const policy = compiled(...DEFAULT_RULES);

describe("built-in risk rule", () => {
  it.each(RISK_SIGNALS)("%s alone escalates a clean confirmation for review", (signal) => {
    const decision = evaluate(
      policy,
      ORDER,
      response({ kind: "confirmation", riskSignals: [signal] }),
    );
    expect(outline(decision)).toEqual(["escalate", "needs_review", ["risk"]]);
    expect(decision.matchedRules[0]).toMatchObject({
      kind: "risk",
      outcome: "escalate",
      observed: [signal],
      limit: null,
    });
  });

  it("is listed first and the other breaches still follow", () => {
    const r = response({
      lines: [line("A", "price_changed", { unitPrice: 1100 })],
      riskSignals: ["injected_instructions"],
    });
    expect(outline(evaluate(policy, ORDER, r))).toEqual([
      "escalate",
      "needs_review",
      ["risk", "price"],
    ]);
  });

  it("cannot be switched off: a policy without any related rule still escalates", () => {
    const minimal = compiled({ id: "p", kind: "price_tolerance", maxIncreasePct: 5 });
    expect(outline(evaluate(minimal, ORDER, response({ riskSignals: ["auth_failed"] })))).toEqual([
      "escalate",
      "needs_review",
      ["risk"],
    ]);
  });

  it("escalates an unrelated email too, and an empty list is no signal", () => {
    expect(
      outline(
        evaluate(
          policy,
          ORDER,
          response({ kind: "unrelated", riskSignals: ["bank_details_change"] }),
        ),
      ),
    ).toEqual(["escalate", "needs_review", ["risk"]]);
    expect(
      outline(evaluate(policy, ORDER, response({ kind: "confirmation", riskSignals: [] }))),
    ).toEqual(["accept", "compliant", []]);
  });

  it("explains the signals in plain words", () => {
    const decision = evaluate(
      policy,
      ORDER,
      response({ riskSignals: ["bank_details_change", "sender_mismatch"] }),
    );
    expect(decision.matchedRules[0]?.reason).toBe(
      "The email shows a request to pay a different bank account and a sender address that does not match the supplier on file; it needs your review whatever the policy says.",
    );
  });
});
