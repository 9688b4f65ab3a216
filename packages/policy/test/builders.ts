/** Small, explicit inputs for unit tests: one order, responses built from it, one-rule policies. */
import { type CompiledPolicy, compilePolicy } from "../src/compile.js";
import type { PolicyDecision } from "../src/decision.js";
import type { Policy, PolicyRule } from "../src/policy.js";
import type { PurchaseOrder, SupplierResponse, SupplierResponseLine } from "../src/schema.js";

/** Two lines, 100 × 10.00 and 10 × 10.00 USD: 1,100 units, total 1,100.00. */
export const ORDER: PurchaseOrder = {
  currency: "USD",
  requestedDeliveryDate: "2026-12-10",
  paymentTerms: "NET30",
  negotiationRound: 0,
  lines: [
    { sku: "A", description: "Item A", quantity: 100, unitPrice: 1000 },
    { sku: "B", description: "Item B", quantity: 10, unitPrice: 1000 },
  ],
};

export function order(overrides: Partial<PurchaseOrder> = {}): PurchaseOrder {
  return { ...ORDER, ...overrides };
}

export function response(overrides: Partial<SupplierResponse> = {}): SupplierResponse {
  return { kind: "change_proposal", lines: [], confidence: 0.9, ...overrides };
}

export function line(
  sku: string,
  status: SupplierResponseLine["status"],
  extra: Partial<SupplierResponseLine> = {},
): SupplierResponseLine {
  return { sku, status, ...extra };
}

/** A response changing one line's price. */
export function priced(sku: string, unitPrice: number): SupplierResponse {
  return response({ lines: [line(sku, "price_changed", { unitPrice })] });
}

export function policyOf(...rules: PolicyRule[]): Policy {
  return { version: 1, rules };
}

export function compiled(...rules: PolicyRule[]): CompiledPolicy {
  return compilePolicy(policyOf(...rules));
}

/** The parts of a decision the labels pin: action, status, breached rule ids in order. */
export function outline(decision: PolicyDecision): [string, string, string[]] {
  return [
    decision.recommendedAction,
    decision.complianceStatus,
    decision.matchedRules.map((r) => r.ruleId),
  ];
}

/** The fixture corpus's default policy, restated for unit tests that need every kind at once. */
export const DEFAULT_RULES: PolicyRule[] = [
  { id: "price", kind: "price_tolerance", maxIncreasePct: 5, counterUpToPct: 15 },
  { id: "delivery", kind: "delivery_delay", maxDelayDays: 7 },
  { id: "fill_rate", kind: "fill_rate", minPercent: 90 },
  { id: "approval", kind: "approval_threshold", maxTotalMinor: 1_500_000 },
  { id: "payment_terms", kind: "payment_terms", allowed: ["NET30", "NET45"] },
  { id: "substitution", kind: "substitution", mode: "never" },
  { id: "rounds", kind: "negotiation_rounds", max: 2 },
  { id: "currency", kind: "currency" },
  { id: "confidence", kind: "extraction_confidence", min: 0.6 },
];

export function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}
