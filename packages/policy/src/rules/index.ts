import type { PolicyRule } from "../policy.js";
import { compileApprovalThreshold } from "./approval-threshold.js";
import { compileCurrency } from "./currency.js";
import { compileDeliveryDelay } from "./delivery-delay.js";
import { compileExtractionConfidence } from "./extraction-confidence.js";
import { compileFillRate } from "./fill-rate.js";
import { compileNegotiationRounds } from "./negotiation-rounds.js";
import { compilePaymentTerms } from "./payment-terms.js";
import { compilePriceTolerance } from "./price-tolerance.js";
import type { CompiledRule } from "./rule.js";
import { compileSubstitution } from "./substitution.js";

export function compileRule(rule: PolicyRule): CompiledRule {
  switch (rule.kind) {
    case "price_tolerance":
      return compilePriceTolerance(rule);
    case "delivery_delay":
      return compileDeliveryDelay(rule);
    case "fill_rate":
      return compileFillRate(rule);
    case "approval_threshold":
      return compileApprovalThreshold(rule);
    case "payment_terms":
      return compilePaymentTerms(rule);
    case "substitution":
      return compileSubstitution(rule);
    case "negotiation_rounds":
      return compileNegotiationRounds(rule);
    case "currency":
      return compileCurrency(rule);
    case "extraction_confidence":
      return compileExtractionConfidence(rule);
  }
}
