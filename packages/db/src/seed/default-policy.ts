import type { PolicyDocument } from "../schema/index.js";

/**
 * The policy a new merchant starts with (the labelled corpus's `policies/default.json`, which the
 * conformance run checks): price +5 % accepted, up to +15 % countered; 7 days' delay; 90 % fill rate;
 * approval above 15,000.00; NET30/NET45; no substitutions; 2 counter rounds; no currency change;
 * extraction confidence at least 0.6.
 */
export const defaultPolicy: PolicyDocument = {
  version: 1,
  rules: [
    { id: "price", kind: "price_tolerance", maxIncreasePct: 5, counterUpToPct: 15 },
    { id: "delivery", kind: "delivery_delay", maxDelayDays: 7 },
    { id: "fill_rate", kind: "fill_rate", minPercent: 90 },
    { id: "approval", kind: "approval_threshold", maxTotalMinor: 1500000 },
    { id: "payment_terms", kind: "payment_terms", allowed: ["NET30", "NET45"] },
    { id: "substitution", kind: "substitution", mode: "never" },
    { id: "rounds", kind: "negotiation_rounds", max: 2 },
    { id: "currency", kind: "currency" },
    { id: "confidence", kind: "extraction_confidence", min: 0.6 },
  ],
};
