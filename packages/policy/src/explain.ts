/**
 * The decision trail a merchant reads on the dashboard and in the audit log, rendered from a
 * stored decision. It needs only the order's currency (amounts are minor units of it) and,
 * optionally, a locale for formatting money.
 */
import type {
  ComplianceStatus,
  MatchedRule,
  PolicyDecision,
  RecommendedAction,
} from "./decision.js";
import { compareProducts, PERCENT_DECIMALS, PERCENT_SCALE, toScaledInteger } from "./exact.js";
import { formatMoney } from "./money.js";
import { formatPercent, listed } from "./wording.js";

export interface ExplainOptions {
  /** ISO 4217 code of the order (an order row satisfies this). */
  readonly currency: string;
  /** BCP 47 locale for money, default "en-US" ("$4.50"). */
  readonly locale?: string;
}

const ACTION_WORDS: Readonly<Record<RecommendedAction, string>> = {
  accept: "accept",
  counter_offer: "counter-offer",
  escalate: "escalate to you",
  none: "no action",
};

const STATUS_WORDS: Readonly<Record<ComplianceStatus, string>> = {
  compliant: "compliant",
  negotiable: "negotiable",
  non_compliant: "non-compliant",
  needs_review: "needs review",
  not_applicable: "not applicable",
};

/** Exactly whether `proposed` is more than `limitPct` % above `ordered` (display must not round across a limit). */
function above(ordered: number, proposed: number, limitPct: number): boolean {
  const limit = toScaledInteger(limitPct, PERCENT_DECIMALS);
  if (limit === undefined) return ((proposed - ordered) * 100) / ordered > limitPct;
  return compareProducts(proposed - ordered, 100 * PERCENT_SCALE, limit, ordered) > 0;
}

function priceLines(
  rule: MatchedRule,
  decision: PolicyDecision,
  money: (minor: number) => string,
): string[] {
  const limit = typeof rule.limit === "number" ? rule.limit : undefined;
  return (rule.lines ?? []).map((line) => {
    const pct = line.increasePct ?? 0;
    let text = `Line ${line.sku}: price up ${formatPercent(pct, limit)} %`;
    if (limit !== undefined) text += ` (limit ${limit} %)`;
    const countered = decision.counterOffer?.lines.find((c) => c.sku === line.sku);
    const cap = rule.counterLimit;
    const proposed = line.proposedUnitPrice ?? line.orderedUnitPrice;
    if (countered !== undefined) text += `; countering at ${money(countered.unitPrice)}`;
    else if (cap === undefined) text += "; the policy counters no increase";
    else if (above(line.orderedUnitPrice, proposed, cap))
      text += `; over the ${cap} % counter limit`;
    else text += `; within the ${cap} % counter limit`;
    return text;
  });
}

function substitutionLines(
  rule: MatchedRule,
  decision: PolicyDecision,
  money: (minor: number) => string,
): string[] {
  return (rule.lines ?? []).map((line) => {
    let text = `Line ${line.sku}: substitute ${line.substituteSku ?? "item"} offered`;
    const countered = decision.counterOffer?.lines.find((c) => c.sku === line.sku);
    if (countered !== undefined)
      text += `; asking for the original item at ${money(countered.unitPrice)}`;
    else if (rule.outcome === "counter") text += "; the policy accepts no substitutes";
    else text += "; substitutes need your approval";
    return text;
  });
}

/**
 * Renders a decision as lines of text: the decision first, then one line per breached rule
 * (its reason), or one per order line for price and substitution breaches, e.g.
 * "Line TEE-BLK-M: price up 8.2 % (limit 5 %); countering at $4.50".
 */
export function explain(decision: PolicyDecision, options: ExplainOptions): string[] {
  const money = (minor: number) => formatMoney(minor, options.currency, options.locale);
  const out = [
    `Decision: ${ACTION_WORDS[decision.recommendedAction]} (${STATUS_WORDS[decision.complianceStatus]}). ${decision.summary}`,
  ];
  for (const rule of decision.matchedRules) {
    if (rule.kind === "price_tolerance" && rule.lines !== undefined && rule.lines.length > 0) {
      out.push(...priceLines(rule, decision, money));
    } else if (rule.kind === "substitution" && rule.lines !== undefined && rule.lines.length > 0) {
      out.push(...substitutionLines(rule, decision, money));
    } else if (rule.kind === "payment_terms" && decision.counterOffer?.paymentTerms !== undefined) {
      const allowed = Array.isArray(rule.limit) ? ` (allowed: ${listed(rule.limit)})` : "";
      out.push(
        `Payment terms: ${String(rule.observed)} proposed${allowed}; countering with ${decision.counterOffer.paymentTerms}`,
      );
    } else {
      // The other reasons are whole sentences that name what they are about.
      out.push(rule.reason);
    }
  }
  return out;
}
