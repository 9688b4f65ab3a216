/**
 * price_tolerance: every non-rejected line that states a unit price (substitutes included)
 * may rise at most maxIncreasePct over the ordered price; breaches up to counterUpToPct are
 * countered at the ordered price, anything beyond (or any breach without a counter limit)
 * escalates. Skipped when the supplier quotes another currency.
 */
import { type EvaluationContext, REJECTED } from "../context.js";
import type { LineFinding, MatchedRule, RuleOutcome } from "../decision.js";
import { compareProducts, PERCENT_SCALE, percentChange } from "../exact.js";
import type { PriceToleranceRule } from "../policy.js";
import { formatPercent } from "../wording.js";
import {
  breach,
  COUNTER,
  COUNTER_PRICE,
  type CompiledRule,
  ESCALATE,
  PASS,
  scaledPercent,
  type Verdict,
} from "./rule.js";

// increase % > limit ⇔ (proposed − ordered) · 100 · PERCENT_SCALE > scaledLimit · ordered
const INCREASE_SCALE = 100 * PERCENT_SCALE;

export function compilePriceTolerance(rule: PriceToleranceRule): CompiledRule {
  const max = scaledPercent(rule.maxIncreasePct, "maxIncreasePct");
  const cap =
    rule.counterUpToPct === undefined ? -1 : scaledPercent(rule.counterUpToPct, "counterUpToPct");

  function checked(ctx: EvaluationContext, i: number): boolean {
    return ctx.status[i] !== REJECTED && ctx.hasPrice[i] === 1;
  }

  function over(ctx: EvaluationContext, i: number, limit: number): boolean {
    const ordered = ctx.orderedPrice[i] as number;
    const increase = (ctx.price[i] as number) - ordered;
    return compareProducts(increase, INCREASE_SCALE, limit, ordered) > 0;
  }

  return {
    id: rule.id,
    kind: rule.kind,
    check(ctx): Verdict {
      if (!ctx.sameCurrency) return PASS;
      let verdict: Verdict = PASS;
      for (let i = 0; i < ctx.lineCount; i++) {
        if (!checked(ctx, i) || !over(ctx, i, max)) continue;
        if (cap < 0 || over(ctx, i, cap)) return ESCALATE;
        verdict = COUNTER;
      }
      return verdict;
    },
    describe(ctx, outcome: RuleOutcome): MatchedRule {
      const lines: LineFinding[] = [];
      let worst = Number.NEGATIVE_INFINITY;
      let worstSku = "";
      for (let i = 0; i < ctx.lineCount; i++) {
        if (!checked(ctx, i) || !over(ctx, i, max)) continue;
        const orderedUnitPrice = ctx.orderedPrice[i] as number;
        const proposedUnitPrice = ctx.price[i] as number;
        const increasePct = percentChange(orderedUnitPrice, proposedUnitPrice);
        const sku = ctx.orderLine(i).sku;
        lines.push({
          sku,
          orderedUnitPrice,
          proposedUnitPrice,
          increasePct,
          substituteSku: undefined,
        });
        if (increasePct > worst) {
          worst = increasePct;
          worstSku = sku;
        }
      }
      const limit = rule.maxIncreasePct;
      const subject =
        lines.length === 1
          ? `${worstSku} is priced ${formatPercent(worst, limit)} % above the order`
          : `${lines.length} lines are priced above the order, up to ${formatPercent(worst, limit)} % (${worstSku})`;
      const counterLimit = rule.counterUpToPct;
      let reason: string;
      if (outcome === "counter") {
        reason = `${subject}: over the ${limit} % tolerance but within the ${counterLimit} % counter limit, so the policy counters at the ordered price.`;
      } else if (counterLimit === undefined) {
        reason = `${subject}: over the ${limit} % tolerance, and the policy counters no price increase.`;
      } else {
        reason = `${subject}: beyond the ${counterLimit} % counter limit.`;
      }
      return breach(rule.id, rule.kind, outcome, worst, limit, reason, counterLimit, lines);
    },
    draftCounter(ctx) {
      for (let i = 0; i < ctx.lineCount; i++) {
        if (checked(ctx, i) && over(ctx, i, max))
          ctx.counter[i] = (ctx.counter[i] ?? 0) | COUNTER_PRICE;
      }
    },
  };
}
