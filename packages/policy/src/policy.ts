/**
 * A policy is data: `{ version: 1, rules: [...] }`, parameters flat on each rule
 * (DESIGN.md, "Policy"). Each kind's schema is declared once below; the TypeScript types are
 * inferred from it, and `PARAMETER_CONSTRAINTS` holds the plain-English rule a merchant reads
 * when a value is wrong, checked by the compiler to cover every parameter.
 */
import { z } from "zod";
import { PERCENT_DECIMALS, toScaledInteger } from "./exact.js";
import { PAYMENT_TERMS_PATTERN } from "./terms.js";

export const POLICY_VERSION = 1;

/** Id of the built-in rule: listed first when it fires, and no policy rule may take it. */
export const RISK_RULE_ID = "risk";

export const RULE_ID_MAX_LENGTH = 64;

const ruleId = z
  .string()
  .min(1)
  .max(RULE_ID_MAX_LENGTH)
  .refine((id) => id.trim() === id && id.toLowerCase() !== RISK_RULE_ID);

const percent = z
  .number()
  .min(0)
  .max(100)
  .refine((v) => toScaledInteger(v, PERCENT_DECIMALS) !== undefined);

export const PriceToleranceRuleSchema = z.strictObject({
  id: ruleId,
  kind: z.literal("price_tolerance"),
  /** Largest unit-price increase that passes, in percent (inclusive). */
  maxIncreasePct: percent,
  /** Largest increase still countered at the ordered price; absent: any breach escalates. */
  counterUpToPct: percent.optional(),
});

export const DeliveryDelayRuleSchema = z.strictObject({
  id: ruleId,
  kind: z.literal("delivery_delay"),
  /** Days after the requested date that still pass (inclusive). */
  maxDelayDays: z.number().int().min(0).max(3650),
});

export const FillRateRuleSchema = z.strictObject({
  id: ruleId,
  kind: z.literal("fill_rate"),
  /** Smallest share of the ordered units shipped now that passes, in percent (inclusive). */
  minPercent: percent,
});

export const ApprovalThresholdRuleSchema = z.strictObject({
  id: ruleId,
  kind: z.literal("approval_threshold"),
  /** Largest order total after changes, in minor units of the order currency (inclusive). */
  maxTotalMinor: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
});

export const PaymentTermsRuleSchema = z.strictObject({
  id: ruleId,
  kind: z.literal("payment_terms"),
  /** Terms accepted besides the order's own, normalised (NET30, PREPAID, ...). */
  allowed: z.array(z.string().regex(PAYMENT_TERMS_PATTERN)).min(1),
});

export const SubstitutionRuleSchema = z.strictObject({
  id: ruleId,
  kind: z.literal("substitution"),
  /** never: counter asking for the original item; escalate: ask the merchant. */
  mode: z.enum(["never", "escalate"]),
});

export const NegotiationRoundsRuleSchema = z.strictObject({
  id: ruleId,
  kind: z.literal("negotiation_rounds"),
  /** Counter-offers an order may receive; once used up, a counter becomes an escalation. */
  max: z.number().int().min(0).max(100),
});

export const CurrencyRuleSchema = z.strictObject({
  id: ruleId,
  kind: z.literal("currency"),
});

export const ExtractionConfidenceRuleSchema = z.strictObject({
  id: ruleId,
  kind: z.literal("extraction_confidence"),
  /** Lowest extraction confidence acted on automatically (inclusive), 0..1. */
  min: z.number().min(0).max(1),
});

/** The schema of each rule kind, in the order the design's table lists them. */
export const RULE_SCHEMAS = {
  price_tolerance: PriceToleranceRuleSchema,
  delivery_delay: DeliveryDelayRuleSchema,
  fill_rate: FillRateRuleSchema,
  approval_threshold: ApprovalThresholdRuleSchema,
  payment_terms: PaymentTermsRuleSchema,
  substitution: SubstitutionRuleSchema,
  negotiation_rounds: NegotiationRoundsRuleSchema,
  currency: CurrencyRuleSchema,
  extraction_confidence: ExtractionConfidenceRuleSchema,
} as const;

export type RuleKind = keyof typeof RULE_SCHEMAS;
export const RULE_KINDS = Object.keys(RULE_SCHEMAS) as RuleKind[];

export const PolicyRuleSchema = z.discriminatedUnion("kind", [
  PriceToleranceRuleSchema,
  DeliveryDelayRuleSchema,
  FillRateRuleSchema,
  ApprovalThresholdRuleSchema,
  PaymentTermsRuleSchema,
  SubstitutionRuleSchema,
  NegotiationRoundsRuleSchema,
  CurrencyRuleSchema,
  ExtractionConfidenceRuleSchema,
]);
export type PolicyRule = z.infer<typeof PolicyRuleSchema>;
export type RuleOfKind<K extends RuleKind> = Extract<PolicyRule, { kind: K }>;
export type PriceToleranceRule = RuleOfKind<"price_tolerance">;
export type DeliveryDelayRule = RuleOfKind<"delivery_delay">;
export type FillRateRule = RuleOfKind<"fill_rate">;
export type ApprovalThresholdRule = RuleOfKind<"approval_threshold">;
export type PaymentTermsRule = RuleOfKind<"payment_terms">;
export type SubstitutionRule = RuleOfKind<"substitution">;
export type NegotiationRoundsRule = RuleOfKind<"negotiation_rounds">;
export type CurrencyRule = RuleOfKind<"currency">;
export type ExtractionConfidenceRule = RuleOfKind<"extraction_confidence">;

/**
 * Structural schema of a policy document (for forms, storage checks or a JSON schema). It
 * checks each rule on its own; `parsePolicy` adds the cross-rule checks (duplicate ids and
 * kinds, counterUpToPct below maxIncreasePct) and the merchant-readable messages.
 */
export const PolicySchema = z.strictObject({
  version: z.literal(POLICY_VERSION),
  rules: z.array(PolicyRuleSchema).min(1),
});
export type Policy = z.infer<typeof PolicySchema>;

type ParameterName<K extends RuleKind> = Exclude<keyof RuleOfKind<K>, "id" | "kind">;

const percentConstraint = `must be a number between 0 and 100 with at most ${PERCENT_DECIMALS} decimal places`;

/**
 * What each parameter must be, completing "rules[2].maxIncreasePct …". Typed so that adding
 * a parameter to a schema without a sentence here does not compile.
 */
export const PARAMETER_CONSTRAINTS: {
  readonly [K in RuleKind]: { readonly [P in ParameterName<K>]-?: string };
} = {
  price_tolerance: { maxIncreasePct: percentConstraint, counterUpToPct: percentConstraint },
  delivery_delay: { maxDelayDays: "must be a whole number of days between 0 and 3650" },
  fill_rate: { minPercent: percentConstraint },
  approval_threshold: {
    maxTotalMinor:
      "must be a whole, non-negative amount in minor units of the order currency (1500000 for 15,000.00)",
  },
  payment_terms: {
    allowed:
      "must be a non-empty list of payment terms such as NET30, PREPAID, DUE_ON_RECEIPT or COD",
  },
  substitution: { mode: 'must be "never" (counter asking for the original item) or "escalate"' },
  negotiation_rounds: { max: "must be a whole number of counter-offers between 0 and 100" },
  currency: {},
  extraction_confidence: { min: "must be a number between 0 and 1, such as 0.6" },
};
