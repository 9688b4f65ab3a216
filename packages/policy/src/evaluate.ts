/**
 * The hot path: one supplier response against one order under a compiled policy. Pure and
 * synchronous; reasons are built only for rules that breached, and a clean accept allocates
 * just the decision itself.
 */
import type { CompiledPolicy } from "./compile.js";
import { EvaluationContext } from "./context.js";
import type {
  ComplianceStatus,
  CounterOffer,
  CounterOfferLine,
  MatchedRule,
  PolicyDecision,
  RecommendedAction,
} from "./decision.js";
import { describeRisk } from "./rules/risk.js";
import {
  COUNTER,
  COUNTER_ORIGINAL,
  type CompiledRule,
  type CounterDraft,
  ESCALATE,
  PASS,
} from "./rules/rule.js";
import type { PurchaseOrder, SupplierResponse } from "./schema.js";

const SUMMARY = {
  risk: "A risk signal on this email needs your review, whatever the policy says.",
  confidence: "The extraction is not sure enough of what the email says to act on it.",
  unrelated: "The email is not about this order, so nothing changes.",
  question: "The supplier asked a question that needs your answer.",
  rejection: "The supplier declined the order.",
  escalate:
    "A term is outside what the policy lets us accept or counter, so it needs your approval.",
  rounds: "A counter-offer is due, but the policy's counter-offers for this order are used up.",
  counter: "Every term outside the policy can be countered, so we send a counter-offer.",
  accept: "Every term is within the policy, so we accept.",
} as const;

const ctx = new EvaluationContext();

function decision(
  complianceStatus: ComplianceStatus,
  recommendedAction: RecommendedAction,
  matchedRules: readonly MatchedRule[],
  counterOffer: CounterOffer | undefined,
  summary: string,
): PolicyDecision {
  // One literal shape for every decision keeps the objects monomorphic for V8.
  return { complianceStatus, recommendedAction, matchedRules, counterOffer, summary };
}

function draftCounterOffer(compiled: CompiledPolicy): CounterOffer {
  const n = ctx.lineCount;
  const flags = ctx.counter;
  for (let i = 0; i < n; i++) flags[i] = 0;
  const draft: CounterDraft = { paymentTerms: undefined };
  const verdicts = compiled.verdicts;
  const rules = compiled.rules;
  for (let k = 0; k < rules.length; k++) {
    if (verdicts[k] === COUNTER) (rules[k] as CompiledRule).draftCounter?.(ctx, draft);
  }
  const lines: CounterOfferLine[] = [];
  for (let i = 0; i < n; i++) {
    const flag = flags[i] ?? 0;
    if (flag === 0) continue;
    const ordered = ctx.orderLine(i);
    const original = (flag & COUNTER_ORIGINAL) !== 0;
    const substituteSku = original ? ctx.responseLine(i)?.substituteSku : undefined;
    lines.push({
      sku: ordered.sku,
      description: ordered.description,
      // The original item is asked for as ordered; a price counter keeps the supplier's quantity.
      quantity: original ? ordered.quantity : (ctx.quantity[i] as number),
      unitPrice: ordered.unitPrice,
      proposedUnitPrice: ctx.hasPrice[i] === 1 ? (ctx.price[i] as number) : undefined,
      substituteSku,
    });
  }
  return { lines, deliveryDate: undefined, paymentTerms: draft.paymentTerms };
}

/**
 * Evaluates a supplier's response to an order under a compiled policy (DESIGN.md, "Policy":
 * rule table and combining order). The response should have been validated with
 * `SupplierResponseSchema`; the order's money is integer minor units of `order.currency`.
 */
export function evaluate(
  compiled: CompiledPolicy,
  order: PurchaseOrder,
  response: SupplierResponse,
): PolicyDecision {
  const signals = response.riskSignals;
  const risk = signals !== undefined && signals.length > 0;
  const min = compiled.confidenceMin;
  // Written as "not at least" so that a NaN confidence counts as low.
  const lowConfidence = min !== undefined && !(response.confidence >= min);
  ctx.begin(order, response, lowConfidence);
  const rules = compiled.rules;

  if (response.kind === "unrelated") {
    // Nothing on the order changes: only the risk and confidence rules can fire.
    if (!risk && !lowConfidence) {
      return decision("not_applicable", "none", [], undefined, SUMMARY.unrelated);
    }
    const matched: MatchedRule[] = [];
    if (risk) matched.push(describeRisk(signals));
    if (lowConfidence) {
      for (const rule of rules)
        if (rule.kind === "extraction_confidence") matched.push(rule.describe(ctx, "escalate"));
    }
    return decision(
      "needs_review",
      "escalate",
      matched,
      undefined,
      risk ? SUMMARY.risk : SUMMARY.confidence,
    );
  }

  ctx.loadLines();
  const verdicts = compiled.verdicts;
  let escalated = false;
  let countered = false;
  const count = rules.length;
  for (let k = 0; k < count; k++) {
    const verdict = (rules[k] as CompiledRule).check(ctx);
    verdicts[k] = verdict;
    if (verdict === ESCALATE) escalated = true;
    else if (verdict === COUNTER) countered = true;
  }

  // Combining, first match wins (DESIGN.md).
  let status: ComplianceStatus;
  let action: RecommendedAction;
  let summary: string;
  if (risk) {
    status = "needs_review";
    action = "escalate";
    summary = SUMMARY.risk;
  } else if (lowConfidence) {
    status = "needs_review";
    action = "escalate";
    summary = SUMMARY.confidence;
  } else if (response.kind === "question" || response.kind === "rejection") {
    status = "needs_review";
    action = "escalate";
    summary = response.kind === "question" ? SUMMARY.question : SUMMARY.rejection;
  } else if (escalated) {
    status = "non_compliant";
    action = "escalate";
    summary = SUMMARY.escalate;
  } else if (countered) {
    const rounds = compiled.rounds;
    if (rounds?.rule.exhausted(ctx)) {
      verdicts[rounds.index] = ESCALATE;
      escalated = true;
      status = "non_compliant";
      action = "escalate";
      summary = SUMMARY.rounds;
    } else {
      status = "negotiable";
      action = "counter_offer";
      summary = SUMMARY.counter;
    }
  } else {
    return decision("compliant", "accept", [], undefined, SUMMARY.accept);
  }

  const matched: MatchedRule[] = [];
  if (risk) matched.push(describeRisk(signals));
  if (escalated || countered) {
    for (let k = 0; k < count; k++) {
      const verdict = verdicts[k];
      if (verdict === PASS) continue;
      matched.push(
        (rules[k] as CompiledRule).describe(ctx, verdict === COUNTER ? "counter" : "escalate"),
      );
    }
  }
  const counterOffer = action === "counter_offer" ? draftCounterOffer(compiled) : undefined;
  return decision(status, action, matched, counterOffer, summary);
}
