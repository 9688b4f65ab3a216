import { describe, expect, it } from "vitest";
import { compiled, DEFAULT_RULES, line, ORDER, policyOf, response } from "../test/builders.js";
import { inRepoCorpus } from "../test/corpus.js";
import { compilePolicy } from "./compile.js";
import { evaluate } from "./evaluate.js";
import { parsePolicyOrThrow } from "./parse.js";
import type { Policy, PolicyRule } from "./policy.js";
import { type PastEvaluation, previewPolicy } from "./preview.js";

const current = compiled(...DEFAULT_RULES);

function past(id: string, r: ReturnType<typeof response>): PastEvaluation {
  return { id, order: ORDER, response: r, decision: evaluate(current, ORDER, r) };
}

const history = [
  past("clean", response()),
  past("up-4", response({ lines: [line("A", "price_changed", { unitPrice: 1040 })] })),
  past("up-10", response({ lines: [line("A", "price_changed", { unitPrice: 1100 })] })),
  past("late", response({ deliveryDate: "2026-12-20" })),
];

function withPrice(rule: PolicyRule) {
  return policyOf(...DEFAULT_RULES.map((r) => (r.kind === "price_tolerance" ? rule : r)));
}

describe("previewPolicy", () => {
  it("reports nothing for the same policy", () => {
    const preview = previewPolicy(policyOf(...DEFAULT_RULES), history);
    expect(preview).toMatchObject({ total: 4, changed: 0, unchanged: 4, changes: [] });
    expect(preview.summary).toBe("None of 4 past decisions would change.");
  });

  it("shows what a stricter price rule would have done", () => {
    const preview = previewPolicy(
      withPrice({ id: "price", kind: "price_tolerance", maxIncreasePct: 3, counterUpToPct: 8 }),
      history,
    );
    expect(
      preview.changes.map((c) => [
        c.id,
        c.before.recommendedAction,
        c.after.recommendedAction,
        c.direction,
      ]),
    ).toEqual([
      ["up-4", "accept", "counter_offer", "stricter"],
      ["up-10", "counter_offer", "escalate", "stricter"],
    ]);
    expect(preview.changes[0]?.rulesAdded).toEqual(["price"]);
    expect(preview.changes[0]?.decision.counterOffer?.lines[0]?.unitPrice).toBe(1000);
    expect(preview).toMatchObject({ total: 4, changed: 2, unchanged: 2, stricter: 2, looser: 0 });
    expect(preview.summary).toBe(
      "2 of 4 past decisions would change: 1 accepted would be countered; 1 countered would be escalated to you.",
    );
  });

  it("shows what a looser policy would have done, and accepts a compiled candidate", () => {
    const looser = compilePolicy(
      policyOf(
        ...DEFAULT_RULES.map((r) =>
          r.kind === "delivery_delay"
            ? { ...r, maxDelayDays: 14 }
            : r.kind === "price_tolerance"
              ? { ...r, maxIncreasePct: 10 }
              : r,
        ),
      ),
    );
    const preview = previewPolicy(looser, history);
    expect(
      preview.changes.map((c) => [c.index, c.after.recommendedAction, c.direction, c.rulesRemoved]),
    ).toEqual([
      [2, "accept", "looser", ["price"]],
      [3, "accept", "looser", ["delivery"]],
    ]);
    expect(preview.transitions).toEqual([
      { from: "counter_offer", to: "accept", count: 1 },
      { from: "escalate", to: "accept", count: 1 },
    ]);
  });

  it("notices a change of rules under the same action", () => {
    const renamed = policyOf(
      ...DEFAULT_RULES.map((r) => (r.kind === "delivery_delay" ? { ...r, id: "lead_time" } : r)),
    );
    const preview = previewPolicy(renamed, history);
    expect(preview.changes.map((c) => [c.id, c.direction, c.rulesAdded, c.rulesRemoved])).toEqual([
      ["late", "same_action", ["lead_time"], ["delivery"]],
    ]);
    expect(preview.summary).toBe(
      "1 of 4 past decisions would change: 1 other would keep its action with different rules or status.",
    );
  });

  it("previews a stricter policy over the repository's corpus: never looser", () => {
    const corpus = inRepoCorpus();
    const labelled = corpus.scenarios
      .filter((s) => s.policy === "bakery")
      .map((s) => ({
        id: s.id,
        order: s.order,
        response: s.response,
        decision: {
          ...s.expected,
          matchedRules: s.expected.breachedRules.map((ruleId) => ({ ruleId })),
        },
      }));
    const bakery = parsePolicyOrThrow(corpus.policies.get("bakery"));
    const stricter: Policy = {
      ...bakery,
      rules: bakery.rules.map((rule): PolicyRule => {
        switch (rule.kind) {
          case "price_tolerance":
            return { ...rule, maxIncreasePct: 2, counterUpToPct: 8 };
          case "delivery_delay":
            return { ...rule, maxDelayDays: 2 };
          case "substitution":
            return { ...rule, mode: "escalate" };
          default:
            return rule;
        }
      }),
    };
    const preview = previewPolicy(stricter, labelled);
    expect(preview.total).toBe(labelled.length);
    expect(preview.looser).toBe(0);
    expect(preview.stricter).toBeGreaterThan(0);
    expect(preview.changes.map((c) => c.id)).toContain("bakery-price-at-tolerance");
    for (const change of preview.changes) {
      expect(change.after).toEqual({
        recommendedAction: change.decision.recommendedAction,
        complianceStatus: change.decision.complianceStatus,
        ruleIds: change.decision.matchedRules.map((r) => r.ruleId),
      });
    }
  });

  it("refuses an invalid candidate", () => {
    expect(() => previewPolicy({ version: 1, rules: [] }, history)).toThrow(
      /rules must list at least one rule/,
    );
  });
});
