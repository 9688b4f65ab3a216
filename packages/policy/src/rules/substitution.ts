/**
 * substitution: no line may be substituted. mode "never" counters asking for the original
 * item; mode "escalate" hands the substitute to the merchant.
 */
import { type EvaluationContext, SUBSTITUTED } from "../context.js";
import type { LineFinding } from "../decision.js";
import type { SubstitutionRule } from "../policy.js";
import { listed } from "../wording.js";
import { breach, COUNTER, COUNTER_ORIGINAL, type CompiledRule, ESCALATE, PASS } from "./rule.js";

function anySubstituted(ctx: EvaluationContext): boolean {
  for (let i = 0; i < ctx.lineCount; i++) if (ctx.status[i] === SUBSTITUTED) return true;
  return false;
}

export function compileSubstitution(rule: SubstitutionRule): CompiledRule {
  const onBreach = rule.mode === "never" ? COUNTER : ESCALATE;
  return {
    id: rule.id,
    kind: rule.kind,
    check(ctx) {
      return anySubstituted(ctx) ? onBreach : PASS;
    },
    describe(ctx, outcome) {
      const lines: LineFinding[] = [];
      const substitutes: string[] = [];
      const pairs: string[] = [];
      for (let i = 0; i < ctx.lineCount; i++) {
        if (ctx.status[i] !== SUBSTITUTED) continue;
        const sku = ctx.orderLine(i).sku;
        const offered = ctx.responseLine(i);
        const substituteSku = offered?.substituteSku;
        lines.push({
          sku,
          orderedUnitPrice: ctx.orderedPrice[i] as number,
          proposedUnitPrice: ctx.hasPrice[i] === 1 ? (ctx.price[i] as number) : undefined,
          increasePct: undefined,
          substituteSku,
        });
        substitutes.push(substituteSku ?? "another item");
        pairs.push(`${sku} → ${substituteSku ?? "another item"}`);
      }
      const subject =
        lines.length === 1
          ? `The supplier offers ${substitutes[0]} instead of ${lines[0]?.sku}`
          : `The supplier offers substitutes on ${lines.length} lines (${listed(pairs)})`;
      const reason =
        outcome === "counter"
          ? `${subject}; the policy accepts no substitutes and counters asking for the original item.`
          : `${subject}; the policy asks you to approve substitutes.`;
      return breach(rule.id, rule.kind, outcome, substitutes, rule.mode, reason, undefined, lines);
    },
    draftCounter(ctx) {
      for (let i = 0; i < ctx.lineCount; i++) {
        if (ctx.status[i] === SUBSTITUTED)
          ctx.counter[i] = (ctx.counter[i] ?? 0) | COUNTER_ORIGINAL;
      }
    },
  };
}
