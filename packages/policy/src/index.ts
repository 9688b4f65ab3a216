/**
 * @po-pro/policy — the merchant's policy: schema, validation, compiled evaluation,
 * explanations and previews. Pure: no I/O, no runtime dependency but zod.
 */

export { type CompiledPolicy, compilePolicy } from "./compile.js";
export { unmatchedResponseLines } from "./context.js";
export {
  COMPLIANCE_STATUSES,
  type ComplianceStatus,
  type CounterOffer,
  type CounterOfferLine,
  type LineFinding,
  type MatchedRule,
  type PolicyDecision,
  RECOMMENDED_ACTIONS,
  type RecommendedAction,
  type RuleOutcome,
  type RuleValue,
} from "./decision.js";
export { evaluate } from "./evaluate.js";
export { type ExplainOptions, explain } from "./explain.js";
export { currencyExponent, formatMoney, minorToDecimalString } from "./money.js";
export {
  type ParsePolicyResult,
  type PolicyProblem,
  PolicyValidationError,
  parsePolicy,
  parsePolicyOrThrow,
} from "./parse.js";
export {
  type ApprovalThresholdRule,
  ApprovalThresholdRuleSchema,
  type CurrencyRule,
  CurrencyRuleSchema,
  type DeliveryDelayRule,
  DeliveryDelayRuleSchema,
  type ExtractionConfidenceRule,
  ExtractionConfidenceRuleSchema,
  type FillRateRule,
  FillRateRuleSchema,
  type NegotiationRoundsRule,
  NegotiationRoundsRuleSchema,
  PARAMETER_CONSTRAINTS,
  type PaymentTermsRule,
  PaymentTermsRuleSchema,
  POLICY_VERSION,
  type Policy,
  type PolicyRule,
  PolicyRuleSchema,
  PolicySchema,
  type PriceToleranceRule,
  PriceToleranceRuleSchema,
  RISK_RULE_ID,
  RULE_KINDS,
  RULE_SCHEMAS,
  type RuleKind,
  type RuleOfKind,
  type SubstitutionRule,
  SubstitutionRuleSchema,
} from "./policy.js";
export {
  type DecisionOutline,
  type PastEvaluation,
  type PolicyPreview,
  type PreviewChange,
  type PreviewDirection,
  previewPolicy,
} from "./preview.js";
export { describeRiskSignal } from "./rules/risk.js";
export {
  LINE_STATUSES,
  type LineStatus,
  type PurchaseOrder,
  type PurchaseOrderLine,
  PurchaseOrderLineSchema,
  PurchaseOrderSchema,
  RESPONSE_KINDS,
  type ResponseKind,
  RISK_SIGNALS,
  type RiskSignal,
  type SupplierResponse,
  type SupplierResponseLine,
  SupplierResponseLineSchema,
  SupplierResponseSchema,
} from "./schema.js";
export {
  isPaymentTerms,
  normalizePaymentTerms,
  PAYMENT_TERMS_PATTERN,
  type PaymentTerms,
} from "./terms.js";
