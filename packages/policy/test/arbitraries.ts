/**
 * fast-check generators for orders, responses and policies. Prices cluster around the
 * percentage boundaries (exact multiples and one minor unit either side), dates around the
 * delay limits, so the properties and the reference comparison exercise the edges.
 */
import fc from "fast-check";
import type { Policy, PolicyRule } from "../src/policy.js";
import {
  LINE_STATUSES,
  type PurchaseOrder,
  RISK_SIGNALS,
  type SupplierResponse,
  type SupplierResponseLine,
} from "../src/schema.js";

const SKUS = ["A", "B", "C", "D", "E"] as const;
const TERMS = ["NET15", "NET30", "NET45", "NET60", "PREPAID", "COD", "DUE_ON_RECEIPT"] as const;
const BASE_DAY = Date.UTC(2026, 0, 1);

export function isoDate(dayOffset: number): string {
  return new Date(BASE_DAY + dayOffset * 86_400_000).toISOString().slice(0, 10);
}

function shiftDate(iso: string, days: number): string {
  return new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

export const orderArb: fc.Arbitrary<PurchaseOrder> = fc.record({
  currency: fc.constantFrom("USD", "EUR", "JPY"),
  requestedDeliveryDate: fc.integer({ min: 0, max: 900 }).map(isoDate),
  paymentTerms: fc.constantFrom("NET30", "NET45", "NET60", "PREPAID"),
  negotiationRound: fc.integer({ min: 0, max: 4 }),
  lines: fc
    .uniqueArray(
      fc.record({
        sku: fc.constantFrom(...SKUS),
        quantity: fc.integer({ min: 1, max: 2000 }),
        unitPrice: fc.oneof(
          fc.integer({ min: 1, max: 100_000 }),
          fc.constantFrom(100, 1000, 10_000),
        ),
      }),
      { minLength: 1, maxLength: 5, selector: (l) => l.sku },
    )
    .map((lines) => lines.map((l) => ({ ...l, description: `Item ${l.sku}` }))),
});

/** A proposed price near `ordered`: at whole-percent steps, or one minor unit either side. */
function priceNear(ordered: number): fc.Arbitrary<number> {
  return fc
    .tuple(
      fc.integer({ min: -30, max: 40 }),
      fc.constantFrom(-1, 0, 0, 1),
      fc.constantFrom(1, 2, 4),
    )
    .map(([pct, nudge, quarter]) =>
      Math.max(1, Math.round((ordered * (100 * quarter + pct)) / (100 * quarter)) + nudge),
    );
}

/** `arb` one time in `1 + absentWeight`, else `undefined`. */
function sometimes<T>(arb: fc.Arbitrary<T>, absentWeight: number): fc.Arbitrary<T | undefined> {
  return fc.oneof(
    { arbitrary: fc.constant(undefined), weight: absentWeight },
    { arbitrary: arb, weight: 1 },
  );
}

const statusArb = fc.oneof(
  { arbitrary: fc.constant("accepted" as const), weight: 3 },
  { arbitrary: fc.constant("price_changed" as const), weight: 5 },
  { arbitrary: fc.constant("quantity_changed" as const), weight: 2 },
  { arbitrary: fc.constantFrom(...LINE_STATUSES), weight: 2 },
);

function lineArb(ordered: PurchaseOrder["lines"][number]): fc.Arbitrary<SupplierResponseLine> {
  return fc
    .record({
      status: statusArb,
      quantity: fc.option(fc.integer({ min: 0, max: ordered.quantity * 2 }), { nil: undefined }),
      unitPrice: fc.option(priceNear(ordered.unitPrice), { nil: undefined }),
      byDescription: fc.boolean(),
      availableDate: fc.option(fc.integer({ min: 0, max: 900 }).map(isoDate), { nil: undefined }),
    })
    .map(({ status, quantity, unitPrice, byDescription, availableDate }) => {
      const line: SupplierResponseLine = byDescription
        ? { description: ordered.description?.toUpperCase(), status }
        : { sku: ordered.sku, status };
      if (quantity !== undefined) line.quantity = quantity;
      if (unitPrice !== undefined) line.unitPrice = unitPrice;
      if (status === "substituted") line.substituteSku = `${ordered.sku}-ALT`;
      if (status === "backordered" && availableDate !== undefined)
        line.availableDate = availableDate;
      return line;
    });
}

export interface ResponseOptions {
  /** Generate risk signals (default true). */
  readonly risk?: boolean;
}

export function responseArb(
  order: PurchaseOrder,
  options: ResponseOptions = {},
): fc.Arbitrary<SupplierResponse> {
  const lines = fc
    .tuple(...order.lines.map((l) => fc.option(lineArb(l), { nil: undefined, freq: 2 })))
    .map((ls) => ls.filter((l): l is SupplierResponseLine => l !== undefined));
  return fc
    .record({
      kind: fc.oneof(
        { arbitrary: fc.constant("change_proposal" as const), weight: 12 },
        { arbitrary: fc.constant("confirmation" as const), weight: 2 },
        {
          arbitrary: fc.constantFrom(
            "question" as const,
            "rejection" as const,
            "unrelated" as const,
          ),
          weight: 2,
        },
      ),
      lines,
      extra: sometimes(fc.constantFrom("ZZZ", order.lines[0]?.sku ?? "A"), 6),
      delay: sometimes(fc.integer({ min: -10, max: 30 }), 1),
      paymentTerms: sometimes(fc.constantFrom(...TERMS), 1),
      currency: sometimes(fc.constantFrom("USD", "EUR", "GBP"), 9),
      riskSignals:
        options.risk === false
          ? fc.constant(undefined)
          : sometimes(fc.subarray([...RISK_SIGNALS], { minLength: 1 }), 9),
      confidence: fc.oneof(
        { arbitrary: fc.constantFrom(0.8, 0.9, 0.95, 1), weight: 6 },
        { arbitrary: fc.constantFrom(0, 0.3, 0.5, 0.59, 0.6, 0.61, 0.7), weight: 2 },
        { arbitrary: fc.double({ min: 0, max: 1, noNaN: true }), weight: 1 },
      ),
    })
    .map(({ kind, lines: ls, extra, delay, paymentTerms, currency, riskSignals, confidence }) => {
      const r: SupplierResponse = { kind, lines: [...ls], confidence };
      // A line for a SKU not on the order, or a second mention of one: ignored by the policy.
      if (extra !== undefined) r.lines.push({ sku: extra, status: "price_changed", unitPrice: 1 });
      if (delay !== undefined) r.deliveryDate = shiftDate(order.requestedDeliveryDate, delay);
      if (paymentTerms !== undefined) r.paymentTerms = paymentTerms;
      if (currency !== undefined) r.currency = currency;
      if (riskSignals !== undefined) r.riskSignals = riskSignals;
      if (kind === "question") r.question = "Which address?";
      return r;
    });
}

export const caseArb = orderArb.chain((order) =>
  responseArb(order).map((response) => ({ order, response })),
);

const percentArb = fc.oneof(
  fc.integer({ min: 0, max: 30 }),
  fc.constantFrom(0.5, 2.5, 7.25, 12.125),
);

export const policyArb: fc.Arbitrary<Policy> = fc
  .record({
    price: fc.option(
      fc.tuple(percentArb, fc.option(fc.integer({ min: 0, max: 30 }), { nil: undefined })),
      { nil: undefined },
    ),
    delivery: fc.option(fc.integer({ min: 0, max: 20 }), { nil: undefined }),
    fill: fc.option(fc.oneof(fc.integer({ min: 0, max: 100 }), fc.constantFrom(33.3333, 90.5)), {
      nil: undefined,
    }),
    approval: fc.option(fc.integer({ min: 0, max: 400_000_000 }), { nil: undefined }),
    terms: fc.option(fc.subarray([...TERMS], { minLength: 1 }), { nil: undefined }),
    substitution: fc.option(
      fc.constantFrom("never", "escalate") as fc.Arbitrary<"never" | "escalate">,
      { nil: undefined },
    ),
    rounds: fc.option(fc.integer({ min: 0, max: 4 }), { nil: undefined }),
    currency: fc.boolean(),
    confidence: fc.option(fc.constantFrom(0, 0.5, 0.6, 0.61, 0.8, 1), { nil: undefined }),
  })
  .chain((p) => {
    const rules: PolicyRule[] = [];
    if (p.price !== undefined) {
      const [max, extra] = p.price;
      rules.push(
        extra === undefined
          ? { id: "price", kind: "price_tolerance", maxIncreasePct: max }
          : {
              id: "price",
              kind: "price_tolerance",
              maxIncreasePct: max,
              counterUpToPct: Math.min(100, max + extra),
            },
      );
    }
    if (p.delivery !== undefined)
      rules.push({ id: "delivery", kind: "delivery_delay", maxDelayDays: p.delivery });
    if (p.fill !== undefined) rules.push({ id: "fill", kind: "fill_rate", minPercent: p.fill });
    if (p.approval !== undefined)
      rules.push({ id: "approval", kind: "approval_threshold", maxTotalMinor: p.approval });
    if (p.terms !== undefined) rules.push({ id: "terms", kind: "payment_terms", allowed: p.terms });
    if (p.substitution !== undefined)
      rules.push({ id: "substitution", kind: "substitution", mode: p.substitution });
    if (p.rounds !== undefined)
      rules.push({ id: "rounds", kind: "negotiation_rounds", max: p.rounds });
    if (p.currency || rules.length === 0) rules.push({ id: "currency", kind: "currency" });
    if (p.confidence !== undefined)
      rules.push({ id: "confidence", kind: "extraction_confidence", min: p.confidence });
    return fc
      .shuffledSubarray(rules, { minLength: rules.length, maxLength: rules.length })
      .map((shuffled): Policy => ({ version: 1, rules: shuffled }));
  });

/**
 * A policy at least as strict as `policy`, parameter by parameter: lower maxIncreasePct and
 * counterUpToPct (or no counter at all), fewer delay days, a higher fill minimum, a lower
 * approval threshold, a subset of the allowed terms, substitution never → escalate, fewer
 * negotiation rounds, a higher confidence minimum.
 */
export function stricterArb(policy: Policy): fc.Arbitrary<Policy> {
  return fc.tuple(...policy.rules.map(tightened)).map((rules) => ({ version: 1, rules }));
}

function tightened(rule: PolicyRule): fc.Arbitrary<PolicyRule> {
  switch (rule.kind) {
    case "price_tolerance":
      return fc
        .tuple(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 10 }), fc.boolean())
        .map(([down, capDown, dropCap]) => {
          const max = Math.max(0, rule.maxIncreasePct - down);
          if (rule.counterUpToPct === undefined || dropCap)
            return { id: rule.id, kind: rule.kind, maxIncreasePct: max };
          return {
            id: rule.id,
            kind: rule.kind,
            maxIncreasePct: max,
            counterUpToPct: Math.max(max, rule.counterUpToPct - capDown),
          };
        });
    case "delivery_delay":
      return fc
        .integer({ min: 0, max: 5 })
        .map((d) => ({ ...rule, maxDelayDays: Math.max(0, rule.maxDelayDays - d) }));
    case "fill_rate":
      return fc
        .integer({ min: 0, max: 20 })
        .map((d) => ({ ...rule, minPercent: Math.min(100, rule.minPercent + d) }));
    case "approval_threshold":
      return fc
        .integer({ min: 0, max: 100_000 })
        .map((d) => ({ ...rule, maxTotalMinor: Math.max(0, rule.maxTotalMinor - d) }));
    case "payment_terms":
      return fc.subarray(rule.allowed, { minLength: 1 }).map((allowed) => ({ ...rule, allowed }));
    case "substitution":
      return fc.boolean().map((harden) => ({ ...rule, mode: harden ? "escalate" : rule.mode }));
    case "negotiation_rounds":
      return fc
        .integer({ min: 0, max: 2 })
        .map((d) => ({ ...rule, max: Math.max(0, rule.max - d) }));
    case "currency":
      return fc.constant(rule);
    case "extraction_confidence":
      return fc
        .constantFrom(0, 0.05, 0.2)
        .map((d) => ({ ...rule, min: Math.min(1, Math.round((rule.min + d) * 100) / 100) }));
  }
}
