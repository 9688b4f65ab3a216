/**
 * approval_threshold: the order total after the supplier's changes (proposed quantity ×
 * price on every line but rejected ones; backordered lines stay in) must be at most
 * maxTotalMinor, in minor units of the order currency. Skipped for another currency.
 */
import { type EvaluationContext, REJECTED } from "../context.js";
import { formatMoney } from "../money.js";
import type { ApprovalThresholdRule } from "../policy.js";
import { breach, type CompiledRule, ESCALATE, PASS } from "./rule.js";

/** The total, exact: a number while it is safe, a bigint beyond 2^53. */
export function totalAfterChanges(ctx: EvaluationContext): number | bigint {
  let total = 0;
  for (let i = 0; i < ctx.lineCount; i++) {
    if (ctx.status[i] === REJECTED) continue;
    total += (ctx.quantity[i] as number) * (ctx.price[i] as number);
  }
  if (total <= Number.MAX_SAFE_INTEGER) return total;
  let big = 0n;
  for (let i = 0; i < ctx.lineCount; i++) {
    if (ctx.status[i] === REJECTED) continue;
    big += BigInt(ctx.quantity[i] as number) * BigInt(ctx.price[i] as number);
  }
  return big;
}

export function compileApprovalThreshold(rule: ApprovalThresholdRule): CompiledRule {
  const max = rule.maxTotalMinor;
  // The limit reads the same for every order in a currency: format it once per currency.
  const limitText = new Map<string, string>();
  const formattedLimit = (currency: string) => {
    let text = limitText.get(currency);
    if (text === undefined) {
      text = formatMoney(max, currency);
      limitText.set(currency, text);
    }
    return text;
  };
  return {
    id: rule.id,
    kind: rule.kind,
    check(ctx) {
      if (!ctx.sameCurrency) return PASS;
      return totalAfterChanges(ctx) > max ? ESCALATE : PASS;
    },
    describe(ctx, outcome) {
      const total = totalAfterChanges(ctx);
      const currency = ctx.order.currency;
      return breach(
        rule.id,
        rule.kind,
        outcome,
        Number(total),
        max,
        `The order total after the supplier's changes is ${formatMoney(total, currency)}, above the ${formattedLimit(currency)} that needs your approval.`,
      );
    },
  };
}
