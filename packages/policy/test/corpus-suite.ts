/**
 * The checks every labelled corpus gets, the repository's (`pnpm test`) and the external one
 * (`pnpm test:conformance`): valid policies, labels our schemas accept, exactly the labelled
 * action, status and breached rule ids, a counter-offer exactly when countering, and an
 * explanation of every breached rule.
 */
import { describe, expect, it } from "vitest";
import { type CompiledPolicy, compilePolicy } from "../src/compile.js";
import { evaluate } from "../src/evaluate.js";
import { explain } from "../src/explain.js";
import { parsePolicy } from "../src/parse.js";
import { PurchaseOrderSchema, SupplierResponseSchema } from "../src/schema.js";
import type { Corpus } from "./corpus.js";

export function compiledPolicies(corpus: Corpus): Map<string, CompiledPolicy> {
  const compiled = new Map<string, CompiledPolicy>();
  for (const [name, document] of corpus.policies) {
    const parsed = parsePolicy(document);
    if (parsed.ok) compiled.set(name, compilePolicy(parsed.policy));
  }
  return compiled;
}

export function describeCorpus(corpus: Corpus): void {
  const compiled = compiledPolicies(corpus);
  const policyFor = (name: string): CompiledPolicy => {
    const policy = compiled.get(name);
    if (policy === undefined) throw new Error(`no valid policy "${name}" in ${corpus.source}`);
    return policy;
  };

  describe(`labelled corpus at ${corpus.source}`, () => {
    it("has scenarios to check", () => {
      expect(corpus.scenarios.length).toBeGreaterThan(0);
    });

    it.each([...corpus.policies])("policies/%s.json is a valid policy", (_name, document) => {
      const parsed = parsePolicy(document);
      expect(parsed.ok ? [] : parsed.problems).toEqual([]);
    });

    it("has one scenario per id", () => {
      const ids = corpus.scenarios.map((s) => s.id);
      expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
    });
  });

  describe.each(corpus.scenarios.map((scenario) => [scenario.id, scenario] as const))(
    "%s",
    (_id, scenario) => {
      it("yields the labelled decision", () => {
        const decision = evaluate(policyFor(scenario.policy), scenario.order, scenario.response);
        expect({
          recommendedAction: decision.recommendedAction,
          complianceStatus: decision.complianceStatus,
          breachedRules: decision.matchedRules.map((rule) => rule.ruleId),
        }).toEqual(scenario.expected);
        expect(decision.counterOffer !== undefined).toBe(
          decision.recommendedAction === "counter_offer",
        );
      });

      it("has a response and an order our schemas accept", () => {
        expect(SupplierResponseSchema.safeParse(scenario.response).error?.issues).toBeUndefined();
        expect(PurchaseOrderSchema.safeParse(scenario.order).error?.issues).toBeUndefined();
      });

      it("explains every breached rule", () => {
        const decision = evaluate(policyFor(scenario.policy), scenario.order, scenario.response);
        const lines = explain(decision, scenario.order);
        expect(lines[0]).toMatch(/^Decision: /);
        expect(lines.length).toBeGreaterThanOrEqual(1 + decision.matchedRules.length);
        for (const line of lines) expect(line).not.toMatch(/undefined|NaN|\[object/);
      });
    },
  );
}
