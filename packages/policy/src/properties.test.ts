import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { caseArb, orderArb, policyArb, responseArb, stricterArb } from "../test/arbitraries.js";
import { DEFAULT_RULES, deepFreeze, policyOf } from "../test/builders.js";
import { compilePolicy } from "./compile.js";
import type { RecommendedAction } from "./decision.js";
import { evaluate } from "./evaluate.js";
import { RISK_SIGNALS } from "./schema.js";

const RUNS = { numRuns: 2000 };
const SEVERITY: Record<RecommendedAction, number> = {
  none: 0,
  accept: 1,
  counter_offer: 2,
  escalate: 3,
};

describe("properties", () => {
  it("a price decrease (or no change) never breaches price_tolerance", () => {
    fc.assert(
      fc.property(caseArb, policyArb, ({ order, response }, policy) => {
        const lowered = {
          ...response,
          lines: response.lines.map((line) => {
            const ordered = order.lines.find(
              (l) => l.sku === line.sku || l.description?.toUpperCase() === line.description,
            );
            return line.unitPrice === undefined || ordered === undefined
              ? line
              : { ...line, unitPrice: Math.min(line.unitPrice, ordered.unitPrice) };
          }),
        };
        const decision = evaluate(compilePolicy(policy), order, lowered);
        expect(decision.matchedRules.filter((r) => r.kind === "price_tolerance")).toEqual([]);
      }),
      RUNS,
    );
  });

  it("adding a risk signal always yields escalate / needs_review, risk first, other breaches kept", () => {
    const clean = orderArb.chain((order) =>
      responseArb(order, { risk: false }).map((response) => ({ order, response })),
    );
    fc.assert(
      fc.property(
        clean,
        policyArb,
        fc.subarray([...RISK_SIGNALS], { minLength: 1 }),
        ({ order, response }, policy, signals) => {
          const compiled = compilePolicy(policy);
          const roundsId = policy.rules.find((r) => r.kind === "negotiation_rounds")?.id;
          const without = evaluate(compiled, order, response).matchedRules.map((r) => r.ruleId);
          const decision = evaluate(compiled, order, { ...response, riskSignals: signals });
          expect(decision.recommendedAction).toBe("escalate");
          expect(decision.complianceStatus).toBe("needs_review");
          // negotiation_rounds only fires when a counter would go out, which a risk signal prevents.
          expect(decision.matchedRules.map((r) => r.ruleId)).toEqual([
            "risk",
            ...without.filter((id) => id !== roundsId),
          ]);
        },
      ),
      RUNS,
    );
  });

  it("making a policy stricter never turns an escalation into an acceptance (nor softens any action)", () => {
    const pair = policyArb.chain((policy) =>
      stricterArb(policy).map((stricter) => ({ policy, stricter })),
    );
    fc.assert(
      fc.property(caseArb, pair, ({ order, response }, { policy, stricter }) => {
        const before = evaluate(compilePolicy(policy), order, response).recommendedAction;
        const after = evaluate(compilePolicy(stricter), order, response).recommendedAction;
        if (before === "escalate") expect(after).not.toBe("accept");
        expect(SEVERITY[after]).toBeGreaterThanOrEqual(SEVERITY[before]);
      }),
      RUNS,
    );
  });

  it("is deterministic and does not mutate its (deep-frozen) inputs, even between other evaluations", () => {
    fc.assert(
      fc.property(caseArb, caseArb, policyArb, (first, other, policy) => {
        const compiled = compilePolicy(deepFreeze(policy));
        const order = deepFreeze(structuredClone(first.order));
        const response = deepFreeze(structuredClone(first.response));
        const snapshot = JSON.stringify([order, response, policy]);
        const a = evaluate(compiled, order, response);
        evaluate(compiled, other.order, other.response);
        const b = evaluate(compiled, order, response);
        expect(b).toEqual(a);
        expect(JSON.stringify(b)).toBe(JSON.stringify(a));
        expect(JSON.stringify([order, response, policy])).toBe(snapshot);
      }),
      RUNS,
    );
  });

  it("gives decisions whose shape holds together", () => {
    const compiled = compilePolicy(policyOf(...DEFAULT_RULES));
    fc.assert(
      fc.property(caseArb, ({ order, response }) => {
        const d = evaluate(compiled, order, response);
        expect(d.counterOffer !== undefined).toBe(d.recommendedAction === "counter_offer");
        if (d.recommendedAction === "accept" || d.recommendedAction === "none")
          expect(d.matchedRules).toEqual([]);
        if (d.recommendedAction === "counter_offer") {
          expect(d.matchedRules.every((r) => r.outcome === "counter")).toBe(true);
          const offer = d.counterOffer;
          expect((offer?.lines.length ?? 0) > 0 || offer?.paymentTerms !== undefined).toBe(true);
        }
        for (const rule of d.matchedRules) expect(rule.reason).toMatch(/^[A-Z0-9].*\.$/);
      }),
      RUNS,
    );
  });
});
