/**
 * payment_terms: proposed terms pass when absent, in `allowed`, or the order's own terms
 * (restating them is no change). Otherwise we counter with the order's own terms. Terms are
 * compared normalised, so "NET 30" restating an order's "NET30" passes.
 */
import type { PaymentTermsRule } from "../policy.js";
import { normalizePaymentTerms } from "../terms.js";
import { listed } from "../wording.js";
import { breach, COUNTER, type CompiledRule, PASS } from "./rule.js";

function normalized(terms: string): string {
  return normalizePaymentTerms(terms) ?? terms.trim().toUpperCase();
}

export function compilePaymentTerms(rule: PaymentTermsRule): CompiledRule {
  const allowed = new Set<string>(rule.allowed);
  const allowedList: readonly string[] = Object.freeze([...rule.allowed]);
  const allowedText = listed(allowedList);
  return {
    id: rule.id,
    kind: rule.kind,
    check(ctx) {
      const proposed = ctx.response.paymentTerms;
      if (proposed == null) return PASS;
      const own = ctx.order.paymentTerms;
      // Fast path: both sides already normalised, as validated inputs are.
      if (proposed === own || allowed.has(proposed)) return PASS;
      const normal = normalized(proposed);
      return normal === normalized(own) || allowed.has(normal) ? PASS : COUNTER;
    },
    describe(ctx, outcome) {
      const proposed = ctx.response.paymentTerms ?? "";
      const own = ctx.order.paymentTerms;
      return breach(
        rule.id,
        rule.kind,
        outcome,
        proposed,
        allowedList,
        `The supplier asks for ${proposed}, which is neither the order's ${own} nor allowed by the policy (${allowedText}); the policy counters with the order's own terms.`,
      );
    },
    draftCounter(ctx, draft) {
      draft.paymentTerms = ctx.order.paymentTerms;
    },
  };
}
