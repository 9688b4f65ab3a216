/**
 * negotiation_rounds: never breaches on its own. When the decision would be a counter-offer
 * and the order has already had `max` counter-offers, `evaluate` escalates instead and lists
 * this rule; `exhausted` is that test.
 */
import type { EvaluationContext } from "../context.js";
import type { NegotiationRoundsRule } from "../policy.js";
import { plural } from "../wording.js";
import { breach, type CompiledRule, PASS } from "./rule.js";

export interface CompiledRoundsRule extends CompiledRule {
  exhausted(ctx: EvaluationContext): boolean;
}

export function compileNegotiationRounds(rule: NegotiationRoundsRule): CompiledRoundsRule {
  const max = rule.max;
  return {
    id: rule.id,
    kind: rule.kind,
    check() {
      return PASS;
    },
    exhausted(ctx) {
      return ctx.order.negotiationRound >= max;
    },
    describe(ctx, outcome) {
      const sent = ctx.order.negotiationRound;
      return breach(
        rule.id,
        rule.kind,
        outcome,
        sent,
        max,
        `This order has already had ${plural(sent, "counter-offer")} and the policy allows ${max}, so it comes to you instead of another counter-offer.`,
      );
    },
  };
}
