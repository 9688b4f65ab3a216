/**
 * The labelled corpus: for every scenario, evaluating the labelled extraction against the
 * scenario's order under its policy gives exactly the labelled action, status and breached
 * rule ids (risk first, then policy order).
 */
import { describe, expect, it } from "vitest";
import { fixturesDir, loadPolicyDocument, loadScenarios, policyNames } from "../test/fixtures.js";
import { type CompiledPolicy, compilePolicy } from "./compile.js";
import { evaluate } from "./evaluate.js";
import { explain } from "./explain.js";
import { parsePolicy } from "./parse.js";
import { PurchaseOrderSchema, SupplierResponseSchema } from "./schema.js";

const scenarios = loadScenarios();
const compiled = new Map<string, CompiledPolicy>();

function policyFor(name: string): CompiledPolicy {
  let policy = compiled.get(name);
  if (policy === undefined) {
    const parsed = parsePolicy(loadPolicyDocument(name));
    if (!parsed.ok)
      throw new Error(`policies/${name}.json: ${parsed.problems.map((p) => p.message).join("; ")}`);
    policy = compilePolicy(parsed.policy);
    compiled.set(name, policy);
  }
  return policy;
}

describe(`fixture corpus at ${fixturesDir()}`, () => {
  it("has scenarios to check", () => {
    expect(scenarios.length).toBeGreaterThan(0);
  });

  it.each(policyNames())("policies/%s.json is a valid policy", (name) => {
    const parsed = parsePolicy(loadPolicyDocument(name));
    expect(parsed.ok ? [] : parsed.problems).toEqual([]);
  });
});

describe.each(scenarios.map(({ file, scenario }) => [file, scenario] as const))(
  "%s",
  (_file, scenario) => {
    it("yields the labelled decision", () => {
      const decision = evaluate(
        policyFor(scenario.policy),
        scenario.order,
        scenario.expected.extraction,
      );
      expect({
        recommendedAction: decision.recommendedAction,
        complianceStatus: decision.complianceStatus,
        breachedRules: decision.matchedRules.map((rule) => rule.ruleId),
      }).toEqual(scenario.expected.decision);
      expect(decision.counterOffer !== undefined).toBe(
        decision.recommendedAction === "counter_offer",
      );
    });

    it("has a label the SupplierResponse and order schemas accept", () => {
      expect(
        SupplierResponseSchema.safeParse(scenario.expected.extraction).error?.issues,
      ).toBeUndefined();
      expect(PurchaseOrderSchema.safeParse(scenario.order).error?.issues).toBeUndefined();
    });

    it("explains every breached rule", () => {
      const decision = evaluate(
        policyFor(scenario.policy),
        scenario.order,
        scenario.expected.extraction,
      );
      const lines = explain(decision, scenario.order);
      expect(lines[0]).toMatch(/^Decision: /);
      expect(lines.length).toBeGreaterThanOrEqual(1 + decision.matchedRules.length);
      for (const line of lines) expect(line).not.toMatch(/undefined|NaN|\[object/);
    });
  },
);
