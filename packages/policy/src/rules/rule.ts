/** The shape every compiled rule shares, and the verdict codes of the hot loop. */
import type { EvaluationContext } from "../context.js";
import type { LineFinding, MatchedRule, RuleOutcome, RuleValue } from "../decision.js";
import { PERCENT_DECIMALS, toScaledInteger } from "../exact.js";
import type { RuleKind } from "../policy.js";

/** A rule's verdict on one evaluation; numeric so the hot loop compares small integers. */
export const PASS = 0;
export const COUNTER = 1;
export const ESCALATE = 2;
export type Verdict = typeof PASS | typeof COUNTER | typeof ESCALATE;

/** Flags on `EvaluationContext.counter`: what a counter-offer asks for on an order line. */
export const COUNTER_PRICE = 1;
export const COUNTER_ORIGINAL = 2;

/** What a counter-offer asks for besides the per-line flags. */
export interface CounterDraft {
  paymentTerms: string | undefined;
}

/** A policy rule with its parameters baked in, ready for the hot path. */
export interface CompiledRule {
  readonly id: string;
  readonly kind: RuleKind;
  /** The verdict on the loaded context. Allocates nothing. */
  check(ctx: EvaluationContext): Verdict;
  /** The decision's entry for a breach; called only for rules that breached. */
  describe(ctx: EvaluationContext, outcome: RuleOutcome): MatchedRule;
  /** Marks what a counter-offer asks for; called for a rule whose verdict was COUNTER. */
  draftCounter?(ctx: EvaluationContext, draft: CounterDraft): void;
}

/**
 * A percent limit as an integer in units of 10^-PERCENT_DECIMALS %. The policy was
 * validated before compiling, so failing here means a caller bypassed validation.
 */
export function scaledPercent(value: number, what: string): number {
  const scaled = toScaledInteger(value, PERCENT_DECIMALS);
  if (scaled === undefined || scaled < 0) {
    throw new RangeError(
      `${what} must be a non-negative number with at most ${PERCENT_DECIMALS} decimal places (got ${value})`,
    );
  }
  return scaled;
}

/**
 * A decision entry. Every entry is built here with the same keys in the same order, so V8
 * sees one object shape; absent optional fields are `undefined` (dropped by JSON).
 */
export function breach(
  ruleId: string,
  kind: MatchedRule["kind"],
  outcome: RuleOutcome,
  observed: RuleValue,
  limit: RuleValue,
  reason: string,
  counterLimit?: number,
  lines?: readonly LineFinding[],
): MatchedRule {
  return { ruleId, kind, outcome, observed, limit, reason, counterLimit, lines };
}
