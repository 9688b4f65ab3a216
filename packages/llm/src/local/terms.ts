/**
 * The payment-terms reader: "Net 30", "30 days terms", "30 Tage netto", "Vorkasse", "due on
 * receipt", "COD", normalised as the policy compares them. Terms the supplier refuses, or
 * offers only for a later order, are not this order's; two different terms are a doubt.
 */
import { normalizePaymentTerms } from "@po-pro/policy";
import { clauseAt, FUTURE_ONLY } from "./delivery.js";
import { type Fact, fact, type ReadContext, type Reading } from "./facts.js";

export interface TermsReading extends Reading {
  paymentTerms: string | undefined;
}

const TERM_PATTERNS: [RegExp, (m: RegExpExecArray) => string][] = [
  [/\b(?:net|nett|netto|neto)\s*-?\s*(\d{1,3})(?:\s*days?)?\b/gi, (m) => `NET${Number(m[1])}`],
  [
    /\b(\d{1,3})[- ]days?(?: payment)?(?: terms)?\b(?=[^.]*\b(?:terms|payment|invoice)\b)|\b(\d{1,3})[- ]days? (?:payment )?terms\b/gi,
    (m) => `NET${Number(m[1] ?? m[2])}`,
  ],
  [/\b(\d{1,3})\s*(?:Tage|días|dias|jours)\s*(?:netto|neto|net)\b/gi, (m) => `NET${Number(m[1])}`],
  [
    /\b(?:Vorkasse|prepayment|pre-payment|prepaid|payment in advance|advance payment|cash in advance|pago anticipado|pago por adelantado)\b/gi,
    () => "PREPAID",
  ],
  [/\bdue (?:up)?on receipt\b/gi, () => "DUE_ON_RECEIPT"],
  [
    /\bcash on delivery\b|\bC\.O\.D\.?(?!\w)|\bCOD\b|\bcontra reembolso\b|\bNachnahme\b/g,
    () => "COD",
  ],
];

const NEGATED = /\bcan(?:'|’|no)?t\b|\bcannot\b|\bisn(?:'|’)?t\b|\bnot\b|\bno podemos\b|\bnicht\b/i;

/** Every payment term written in a text, with its position. */
export function findTerms(text: string): { value: string; index: number; length: number }[] {
  // "Freight terms: prepaid" is about freight, not payment.
  const cleaned = text.replace(/freight terms?:?\s*prepaid(?:\s*&\s*add)?/gi, (m) =>
    " ".repeat(m.length),
  );
  const found: { value: string; index: number; length: number }[] = [];
  for (const [pattern, make] of TERM_PATTERNS) {
    for (const m of cleaned.matchAll(pattern)) {
      const value = normalizePaymentTerms(make(m));
      if (value !== undefined) found.push({ value, index: m.index, length: m[0].length });
    }
  }
  return found;
}

export function readPaymentTerms(ctx: ReadContext): TermsReading {
  const facts: Fact[] = [];
  const uncertain: string[] = [];
  const order = ctx.order;
  const orderTerms = normalizePaymentTerms(order.paymentTerms) ?? order.paymentTerms;
  const terms = new Set<string>();
  ctx.segments.forEach((segment, s) => {
    const text = segment.text;
    for (const found of findTerms(text)) {
      const clause = clauseAt(text, found.index);
      if (NEGATED.test(clause) || FUTURE_ONLY.test(text)) {
        // Terms the supplier refuses or offers for a later order: restated, not proposed.
        facts.push(fact(s, "terms", found.index, found.length));
        continue;
      }
      terms.add(found.value);
      facts.push(
        fact(s, found.value === orderTerms ? "terms" : "terms_change", found.index, found.length),
      );
    }
  });
  if (terms.size > 1) terms.delete(orderTerms);
  let paymentTerms: string | undefined;
  if (terms.size === 1) paymentTerms = [...terms][0];
  else if (terms.size > 1) uncertain.push(`several payment terms (${[...terms].join(", ")})`);
  return { paymentTerms, facts, uncertain };
}
