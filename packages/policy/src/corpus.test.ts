/**
 * The repository's labelled corpus (`test/corpus/`, written for this package from DESIGN.md's
 * rule table and combining order): every scenario gets exactly its labelled decision, and the
 * corpus itself is checked to reach every rule kind and every combining step, so it cannot
 * quietly shrink to the easy cases. `pnpm test:conformance` also runs these labels through the
 * reference evaluator.
 */
import { describe, expect, it } from "vitest";
import { inRepoCorpus, type Scenario } from "../test/corpus.js";
import { describeCorpus } from "../test/corpus-suite.js";
import { parsePolicyOrThrow } from "./parse.js";
import { RISK_RULE_ID, RULE_KINDS, type RuleKind } from "./policy.js";

const corpus = inRepoCorpus();

describeCorpus(corpus);

/** Rule id → kind in the scenario's policy (the built-in risk rule has no kind). */
function kindOf(scenario: Scenario, ruleId: string): RuleKind | typeof RISK_RULE_ID {
  if (ruleId === RISK_RULE_ID) return RISK_RULE_ID;
  const policy = parsePolicyOrThrow(corpus.policies.get(scenario.policy));
  const rule = policy.rules.find((r) => r.id === ruleId);
  if (rule === undefined) throw new Error(`${scenario.id}: no rule ${ruleId}`);
  return rule.kind;
}

/** Which combining step of DESIGN.md decides, read from the labels alone. */
function step(s: Scenario): string {
  const kinds = s.expected.breachedRules.map((id) => kindOf(s, id));
  const { recommendedAction: action, complianceStatus: status } = s.expected;
  if ((s.response.riskSignals ?? []).length > 0) return "1 risk";
  if (kinds.includes("extraction_confidence") && status === "needs_review") return "2 confidence";
  if (s.response.kind === "unrelated") return "3 unrelated";
  if (s.response.kind === "question") return "4 question";
  if (s.response.kind === "rejection") return "4 rejection";
  if (action === "escalate" && kinds.includes("negotiation_rounds")) return "6 rounds exhausted";
  if (action === "escalate") return "5 escalate";
  if (action === "counter_offer") return "6 counter";
  return "7 accept";
}

describe("the repository's corpus covers the policy semantics", () => {
  it("reaches every combining step", () => {
    expect(new Set(corpus.scenarios.map(step))).toEqual(
      new Set([
        "1 risk",
        "2 confidence",
        "3 unrelated",
        "4 question",
        "4 rejection",
        "5 escalate",
        "6 counter",
        "6 rounds exhausted",
        "7 accept",
      ]),
    );
  });

  it("breaches every rule kind, and the built-in risk rule", () => {
    const breached = new Set(
      corpus.scenarios.flatMap((s) => s.expected.breachedRules.map((id) => kindOf(s, id))),
    );
    expect([...breached].sort()).toEqual([...RULE_KINDS, RISK_RULE_ID].sort());
  });

  it("uses every policy, in more than one currency", () => {
    expect(new Set(corpus.scenarios.map((s) => s.policy))).toEqual(new Set(corpus.policies.keys()));
    expect(new Set(corpus.scenarios.map((s) => s.order.currency)).size).toBeGreaterThan(2);
  });

  it("labels every action and status", () => {
    const pairs = new Set(
      corpus.scenarios.map((s) => `${s.expected.recommendedAction}/${s.expected.complianceStatus}`),
    );
    expect([...pairs].sort()).toEqual([
      "accept/compliant",
      "counter_offer/negotiable",
      "escalate/needs_review",
      "escalate/non_compliant",
      "none/not_applicable",
    ]);
  });
});
