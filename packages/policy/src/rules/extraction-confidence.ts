/**
 * extraction_confidence: below `min` the extraction is not trusted to act on, and the
 * decision is needs_review whatever else the rules say. `evaluate` computes the comparison
 * once (it also decides step 2 of the combining order) and leaves it on the context.
 */
import type { ExtractionConfidenceRule } from "../policy.js";
import { formatPercent } from "../wording.js";
import { breach, type CompiledRule, ESCALATE, PASS } from "./rule.js";

export function compileExtractionConfidence(rule: ExtractionConfidenceRule): CompiledRule {
  return {
    id: rule.id,
    kind: rule.kind,
    check(ctx) {
      return ctx.lowConfidence ? ESCALATE : PASS;
    },
    describe(ctx, outcome) {
      const confidence = ctx.response.confidence;
      return breach(
        rule.id,
        rule.kind,
        outcome,
        confidence,
        rule.min,
        `The extraction is only ${formatPercent(confidence * 100, rule.min * 100)} % sure of what the email says, below the policy's ${formatPercent(rule.min * 100)} %, so a person should read it.`,
      );
    },
  };
}
