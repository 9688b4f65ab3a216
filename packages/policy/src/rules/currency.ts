/**
 * currency: the supplier may not quote in another currency than the order's. Prices and
 * totals in another currency cannot be compared without an exchange rate, so
 * price_tolerance and approval_threshold skip and this rule escalates.
 */
import type { CurrencyRule } from "../policy.js";
import { breach, type CompiledRule, ESCALATE, PASS } from "./rule.js";

export function compileCurrency(rule: CurrencyRule): CompiledRule {
  return {
    id: rule.id,
    kind: rule.kind,
    check(ctx) {
      return ctx.sameCurrency ? PASS : ESCALATE;
    },
    describe(ctx, outcome) {
      const proposed = ctx.response.currency ?? ctx.order.currency;
      const own = ctx.order.currency;
      return breach(
        rule.id,
        rule.kind,
        outcome,
        proposed,
        own,
        `The supplier quotes in ${proposed}, not the order's ${own}; its prices cannot be checked without an exchange rate.`,
      );
    },
  };
}
