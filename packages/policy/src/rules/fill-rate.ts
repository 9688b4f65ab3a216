/**
 * fill_rate: over the whole order, the units shipped now (every line but backordered and
 * rejected ones, at the supplier's quantity) must be at least minPercent of the units ordered.
 */
import { BACKORDERED, type EvaluationContext, REJECTED } from "../context.js";
import { compareProducts, PERCENT_SCALE } from "../exact.js";
import type { FillRateRule } from "../policy.js";
import { formatPercent } from "../wording.js";
import { breach, type CompiledRule, ESCALATE, PASS, scaledPercent } from "./rule.js";

// shipped / ordered · 100 < limit ⇔ shipped · 100 · PERCENT_SCALE < scaledLimit · ordered
const FILL_SCALE = 100 * PERCENT_SCALE;

function shippedNow(ctx: EvaluationContext): number {
  let shipped = 0;
  for (let i = 0; i < ctx.lineCount; i++) {
    const status = ctx.status[i];
    if (status !== BACKORDERED && status !== REJECTED) shipped += ctx.quantity[i] as number;
  }
  return shipped;
}

function ordered(ctx: EvaluationContext): number {
  let total = 0;
  for (let i = 0; i < ctx.lineCount; i++) total += ctx.orderedQuantity[i] as number;
  return total;
}

export function compileFillRate(rule: FillRateRule): CompiledRule {
  const min = scaledPercent(rule.minPercent, "minPercent");
  return {
    id: rule.id,
    kind: rule.kind,
    check(ctx) {
      const total = ordered(ctx);
      if (total <= 0) return PASS;
      return compareProducts(shippedNow(ctx), FILL_SCALE, min, total) < 0 ? ESCALATE : PASS;
    },
    describe(ctx, outcome) {
      const shipped = shippedNow(ctx);
      const total = ordered(ctx);
      const percent = (shipped * 100) / total;
      return breach(
        rule.id,
        rule.kind,
        outcome,
        percent,
        rule.minPercent,
        `The supplier will ship ${formatPercent(percent, rule.minPercent)} % of the ordered units now (${shipped} of ${total}); the policy needs at least ${rule.minPercent} %.`,
      );
    },
  };
}
