/**
 * Policies for the in-repo corpus, written for it (not copies of the shared fixtures): four
 * merchants with different appetites, in the policy JSON format of DESIGN.md.
 */
import { type CompiledPolicy, compilePolicy, parsePolicyOrThrow } from "@po-pro/policy";

export const POLICY_DOCUMENTS = {
  /** A typical shop: small rises pass, larger ones are countered, a week's slip is fine. */
  standard: {
    version: 1,
    rules: [
      { id: "price", kind: "price_tolerance", maxIncreasePct: 4, counterUpToPct: 12 },
      { id: "delivery", kind: "delivery_delay", maxDelayDays: 7 },
      { id: "fill", kind: "fill_rate", minPercent: 90 },
      { id: "approval", kind: "approval_threshold", maxTotalMinor: 2_000_000 },
      { id: "terms", kind: "payment_terms", allowed: ["NET30", "NET45"] },
      { id: "substitution", kind: "substitution", mode: "never" },
      { id: "rounds", kind: "negotiation_rounds", max: 2 },
      { id: "currency", kind: "currency" },
      { id: "confidence", kind: "extraction_confidence", min: 0.6 },
    ],
  },
  /** Zero tolerance: any change at all needs the merchant (used by the mutation property). */
  tight: {
    version: 1,
    rules: [
      { id: "confidence", kind: "extraction_confidence", min: 0.8 },
      { id: "price", kind: "price_tolerance", maxIncreasePct: 0, counterUpToPct: 10 },
      { id: "delivery", kind: "delivery_delay", maxDelayDays: 0 },
      { id: "fill", kind: "fill_rate", minPercent: 100 },
      { id: "approval", kind: "approval_threshold", maxTotalMinor: 5_000_000 },
      { id: "terms", kind: "payment_terms", allowed: ["NET30"] },
      { id: "substitution", kind: "substitution", mode: "escalate" },
      { id: "rounds", kind: "negotiation_rounds", max: 1 },
      { id: "currency", kind: "currency" },
    ],
  },
  /** A relaxed buyer with long lead times. */
  relaxed: {
    version: 1,
    rules: [
      { id: "price", kind: "price_tolerance", maxIncreasePct: 10, counterUpToPct: 25 },
      { id: "delivery", kind: "delivery_delay", maxDelayDays: 14 },
      { id: "fill", kind: "fill_rate", minPercent: 75 },
      { id: "approval", kind: "approval_threshold", maxTotalMinor: 8_000_000 },
      { id: "terms", kind: "payment_terms", allowed: ["NET30", "NET45", "NET60"] },
      { id: "substitution", kind: "substitution", mode: "never" },
      { id: "rounds", kind: "negotiation_rounds", max: 3 },
      { id: "currency", kind: "currency" },
      { id: "confidence", kind: "extraction_confidence", min: 0.5 },
    ],
  },
} as const;

export type PolicyName = keyof typeof POLICY_DOCUMENTS;

const compiled = new Map<PolicyName, CompiledPolicy>();

export function corpusPolicy(name: PolicyName): CompiledPolicy {
  let policy = compiled.get(name);
  if (policy === undefined) {
    policy = compilePolicy(parsePolicyOrThrow(POLICY_DOCUMENTS[name]));
    compiled.set(name, policy);
  }
  return policy;
}
