/**
 * What `evaluate` returns (DESIGN.md, "Policy"): JSON-serialisable, so the worker stores it
 * in `decisions` as is and `explain` can render it again later from the stored row.
 */
import type { RuleKind } from "./policy.js";

export const COMPLIANCE_STATUSES = [
  "compliant",
  "negotiable",
  "non_compliant",
  "needs_review",
  "not_applicable",
] as const;
export type ComplianceStatus = (typeof COMPLIANCE_STATUSES)[number];

export const RECOMMENDED_ACTIONS = ["accept", "counter_offer", "escalate", "none"] as const;
export type RecommendedAction = (typeof RECOMMENDED_ACTIONS)[number];

/** What a breached rule asks for: a counter-offer within policy, or the merchant. */
export type RuleOutcome = "counter" | "escalate";

/** An observed value or a limit: a number (%, days, minor units), a code, or a list of codes. */
export type RuleValue = number | string | readonly string[] | null;

/** One order line behind a price or substitution breach. */
export interface LineFinding {
  readonly sku: string;
  /** Ordered unit price, minor units. */
  readonly orderedUnitPrice: number;
  /** Unit price the supplier proposed (minor units), when it stated one. */
  readonly proposedUnitPrice?: number;
  /** Increase over the ordered price in percent (display precision; decisions are exact). */
  readonly increasePct?: number;
  /** The substitute offered, for a substitution breach. */
  readonly substituteSku?: string;
}

export interface MatchedRule {
  readonly ruleId: string;
  readonly kind: RuleKind | "risk";
  readonly outcome: RuleOutcome;
  /** price_tolerance: worst increase %; delivery_delay: days late; fill_rate: % shipped now;
   * approval_threshold: total (minor units); payment_terms: proposed terms; substitution:
   * substitute SKUs; negotiation_rounds: counter-offers sent; currency: proposed code;
   * extraction_confidence: confidence; risk: the signals. */
  readonly observed: RuleValue;
  /** The rule's parameter the observation broke (null for risk, which allows none). */
  readonly limit: RuleValue;
  /** One sentence a merchant understands. */
  readonly reason: string;
  /** price_tolerance only: the counter limit, when the policy sets one. */
  readonly counterLimit?: number;
  /** price_tolerance and substitution: the lines concerned, in order-line order. */
  readonly lines?: readonly LineFinding[];
}

export interface CounterOfferLine {
  /** The order's SKU: for a substitution, the original item we ask for. */
  readonly sku: string;
  readonly description?: string;
  readonly quantity: number;
  /** The unit price we ask for: the ordered price (minor units of the order currency). */
  readonly unitPrice: number;
  /** What the supplier proposed instead, when it stated a price. */
  readonly proposedUnitPrice?: number;
  /** The substitute we decline, when the line was substituted. */
  readonly substituteSku?: string;
}

export interface CounterOffer {
  /** Lines we ask to change, in order-line order; lines not listed stand as the supplier proposed. */
  readonly lines: readonly CounterOfferLine[];
  /** Reserved by the design's shape: no current rule counters on delivery (a delay escalates). */
  readonly deliveryDate?: string;
  /** The order's own terms, when the proposed terms broke payment_terms. */
  readonly paymentTerms?: string;
}

export interface PolicyDecision {
  readonly complianceStatus: ComplianceStatus;
  readonly recommendedAction: RecommendedAction;
  /** Every rule that breached: the built-in risk rule first, then policy order. */
  readonly matchedRules: readonly MatchedRule[];
  /** Present exactly when recommendedAction is counter_offer. */
  readonly counterOffer?: CounterOffer;
  /** Which step of the combining order decided, in one sentence. */
  readonly summary: string;
}
