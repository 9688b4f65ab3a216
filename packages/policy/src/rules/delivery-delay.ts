/**
 * delivery_delay: the proposed delivery date may be at most maxDelayDays after the requested
 * one; earlier dates and no date pass. A backorder's availableDate is fill_rate's concern.
 */
import { isoDayNumber } from "../dates.js";
import type { DeliveryDelayRule } from "../policy.js";
import { plural } from "../wording.js";
import { breach, type CompiledRule, ESCALATE, PASS } from "./rule.js";

export function compileDeliveryDelay(rule: DeliveryDelayRule): CompiledRule {
  const max = rule.maxDelayDays;
  return {
    id: rule.id,
    kind: rule.kind,
    check(ctx) {
      const proposed = ctx.response.deliveryDate;
      if (proposed == null) return PASS;
      const delay = isoDayNumber(proposed) - isoDayNumber(ctx.order.requestedDeliveryDate);
      return delay > max ? ESCALATE : PASS;
    },
    describe(ctx, outcome) {
      const proposed = ctx.response.deliveryDate ?? "";
      const requested = ctx.order.requestedDeliveryDate;
      const delay = isoDayNumber(proposed) - isoDayNumber(requested);
      return breach(
        rule.id,
        rule.kind,
        outcome,
        delay,
        max,
        `Delivery is proposed for ${proposed}, ${plural(delay, "day")} after the requested ${requested}; the policy allows ${plural(max, "day")}.`,
      );
    },
  };
}
