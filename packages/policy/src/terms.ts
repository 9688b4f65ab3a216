/**
 * Payment terms in the one spelling the policy compares: `NET<days>`, `PREPAID`,
 * `DUE_ON_RECEIPT` or `COD`. Suppliers write "Net 30", "30 days net", "pro forma" or
 * "Vorkasse"; the extractor and the policy editor both normalise through here so that
 * restating the order's own terms is recognised as such.
 */

export type PaymentTerms = `NET${number}` | "PREPAID" | "DUE_ON_RECEIPT" | "COD";

/** Canonical form only (no leading zeros): what a stored policy or response may hold. */
export const PAYMENT_TERMS_PATTERN = /^(?:NET(?:0|[1-9][0-9]{0,2})|PREPAID|DUE_ON_RECEIPT|COD)$/;

export function isPaymentTerms(value: unknown): value is PaymentTerms {
  return typeof value === "string" && PAYMENT_TERMS_PATTERN.test(value);
}

const NET_FIRST = /^(?:NET|NETT|N)\s*[-/]?\s*(\d{1,3})(?:\s*(?:DAYS?|D|TAGE|DÍAS|DIAS|JOURS))?$/;
const DAYS_FIRST = /^(\d{1,3})\s*(?:DAYS?|D|TAGE|DÍAS|DIAS|JOURS)(?:\s*(?:NET|NETT|NETTO|NETO))?$/;
const NETTO_DAYS = /^(?:ZAHLBAR\s+)?(?:INNERHALB\s+)?(\d{1,3})\s*TAGE\s*NETTO$/;

// Phrases compared after upper-casing and collapsing punctuation and spaces to one space.
const PHRASES: ReadonlyMap<string, PaymentTerms> = new Map<string, PaymentTerms>([
  ["PREPAID", "PREPAID"],
  ["PREPAY", "PREPAID"],
  ["PREPAYMENT", "PREPAID"],
  ["PRE PAYMENT", "PREPAID"],
  ["PRE PAID", "PREPAID"],
  ["PAYMENT IN ADVANCE", "PREPAID"],
  ["ADVANCE PAYMENT", "PREPAID"],
  ["CASH IN ADVANCE", "PREPAID"],
  ["CIA", "PREPAID"],
  ["PRO FORMA", "PREPAID"],
  ["PROFORMA", "PREPAID"],
  ["PROFORMA INVOICE", "PREPAID"],
  ["PRO FORMA INVOICE", "PREPAID"],
  ["VORKASSE", "PREPAID"],
  ["PAGO ANTICIPADO", "PREPAID"],
  ["DUE ON RECEIPT", "DUE_ON_RECEIPT"],
  ["DUE UPON RECEIPT", "DUE_ON_RECEIPT"],
  ["PAYABLE ON RECEIPT", "DUE_ON_RECEIPT"],
  ["UPON RECEIPT", "DUE_ON_RECEIPT"],
  ["ON RECEIPT", "DUE_ON_RECEIPT"],
  ["COD", "COD"],
  ["C O D", "COD"],
  ["CASH ON DELIVERY", "COD"],
  ["COLLECT ON DELIVERY", "COD"],
]);

/**
 * Normalises a payment-terms phrase ("Net 30", "30 days net", "pro forma", "C.O.D.") to
 * its canonical form, or returns `undefined` when the phrase is not one we recognise
 * (the caller decides: the extractor should then leave the field out or ask a person).
 */
export function normalizePaymentTerms(input: string): PaymentTerms | undefined {
  if (PAYMENT_TERMS_PATTERN.test(input)) return input as PaymentTerms;
  const upper = input.trim().toUpperCase();
  const compact = upper.replace(/[\s_]+/g, " ");
  const net = NET_FIRST.exec(compact) ?? DAYS_FIRST.exec(compact) ?? NETTO_DAYS.exec(compact);
  if (net?.[1] !== undefined) return `NET${Number.parseInt(net[1], 10)}`;
  const words = upper
    .replace(/[^A-ZÀ-Ý0-9]+/g, " ")
    .trim()
    .replace(/ +/g, " ");
  return PHRASES.get(words);
}
