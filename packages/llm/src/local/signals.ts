/**
 * Risk phrases the extractor itself reports (DESIGN.md, "Risk signals"): a change of bank
 * details or payee, a request to reply to an address outside the supplier's domain, and
 * text addressed to an automated assistant. The envelope's signals (sender_mismatch, a
 * Reply-To elsewhere, auth_failed) come from @po-pro/mail, which owns addresses and senders;
 * `domainOf` here only reads domains written in the text.
 */
import type { RiskSignal } from "@po-pro/policy";

const BANK_CHANGE = [
  /\b(?:new|updated?|changed?|different)\s+(?:bank(?:ing)?|remittance|payment|account)\s+(?:details|information|info|account|instructions)\b/i,
  /\b(?:update|change)\s+(?:our|the|your records of our)\s+(?:bank(?:ing)?|remittance|payment|account)\s+(?:details|information|info)/i,
  /\b(?:bank(?:ing)?|business)\s+account\s+(?:has\s+)?(?:moved|changed)/i,
  /\bchange\s+of\s+banks?\b/i,
  /\b(?:bank(?:ing)?|remittance|payment)\s+(?:details|information|info|account)\s+(?:have\s+|has\s+)?(?:changed|been\s+updated|updated|moved)\b/i,
  /\bpay(?:ment)?s?\s+(?:for\s+this\s+order\s+and\s+all\s+future\s+invoices\s+)?(?:should|must|will|is to)\s+(?:now\s+)?(?:go|be\s+(?:made|sent|paid|remitted))\s+to\s+(?:them|the\s+new|our\s+new|a\s+new|our\s+(?:partner|factor))/i,
  /\bpayment\s+goes\s+to\s+them\b/i,
  /\brather\s+than\s+to\s+us\b/i,
  /\b(?:factoring|trade[- ]credit)\s+(?:partner|company|provider)\b/i,
  /\b(?:all\s+)?future\s+payments?\s+to\s+(?:the|our)\s+new\b/i,
  /\bnew\s+(?:IBAN|account\s+number|beneficiary|payee)\b/i,
  /\bnew\s+(?:PayPal|Wise|Payoneer|Venmo|Zelle|payment\s+(?:method|address|link|portal))\b/i,
  /\bpay\s+the\s+account\s+(?:listed|shown|given|below|above)\b/i,
  /\bold\s+account\b/i,
  /\bnew\s+(?:bank\s+)?account\b(?!\s+(?:manager|rep|representative|executive|team|contact))/i,
  /\bunder\s+(?:annual\s+)?audit\b/i,
  /\bneue\s+Bankverbindung\b/i,
  /\bnuev[oa]s?\s+(?:datos\s+bancarios|cuenta)\b/i,
];

/** Hidden text that speaks to a reader other than the buyer, or asks for a decision. */
const HIDDEN_ADDRESSING =
  /\b(?:assistant|AI|system|agent|bot|model|LLM|instructions?|ignore|approve|accept|confirm)\b/i;

const INJECTION = [
  /^\s*(?:dear\s+|hi\s+|hello\s+|note to (?:the\s+)?)?(?:assistant|AI|bot|agent|system|model)\b[^\n]{0,30}?[,:]/im,
  /^\s*(?:SYSTEM|ASSISTANT|AI(?: ASSISTANT)?)\s*:/m,
  /\bignore\s+(?:all\s+|any\s+)?(?:previous|prior|above|earlier|your)\s+instructions\b/i,
  /\b(?:AI|automated|virtual)\s+(?:assistant|agent|system)s?\b/i,
  /\b(?:language\s+model|LLM|ChatGPT|Claude)\b/i,
  /\bdisregard\s+(?:the\s+)?(?:above|previous|prior)\b/i,
  /\b(?:approve|accept)\s+(?:this|the)\s+(?:order|change|price)\s+automatically\b/i,
];

const EMAIL = /[A-Z0-9._%+-]+@([A-Z0-9.-]+\.[A-Z]{2,})/gi;
const REDIRECT =
  /\b(?:send|reply|replies|respond|write|email|e-mail|forward|direct|contact|invoices?|POs?|orders?|correspondence)\b/i;

export function domainOf(address: string | undefined): string | undefined {
  const match = /@([A-Z0-9.-]+\.[A-Z]{2,})/i.exec(address ?? "");
  return match?.[1]?.toLowerCase();
}

export interface RiskInput {
  /** The newest message, attachments' text and hidden HTML, cleaned. */
  newest: string;
  attachments: string;
  hidden: string;
  supplierDomain: string | undefined;
  /** Domains the buyer writes from (the merchant's); replies there are not a redirect. */
  buyerDomains: readonly string[];
}

export function detectRiskSignals(input: RiskInput): { signals: RiskSignal[]; notes: string[] } {
  const signals: RiskSignal[] = [];
  const notes: string[] = [];
  const visible = `${input.newest}\n${input.attachments}`;
  const bank = BANK_CHANGE.find((pattern) => pattern.test(visible));
  if (bank !== undefined) {
    signals.push("bank_details_change");
    notes.push(`Asks to pay a different account or payee ("${bank.exec(visible)?.[0] ?? ""}").`);
  }
  for (const line of input.newest.split(/\n|(?<=[.!?])\s+/)) {
    for (const match of line.matchAll(EMAIL)) {
      const domain = (match[1] ?? "").toLowerCase();
      const own =
        input.supplierDomain !== undefined &&
        (domain === input.supplierDomain || domain.endsWith(`.${input.supplierDomain}`));
      if (own || input.buyerDomains.includes(domain)) continue;
      if (REDIRECT.test(line) && !signals.includes("new_reply_address")) {
        signals.push("new_reply_address");
        notes.push(`Asks that mail go to ${match[0]}, outside the supplier's domain.`);
      }
    }
  }
  const injected =
    INJECTION.find((pattern) => pattern.test(visible) || pattern.test(input.hidden)) ??
    (HIDDEN_ADDRESSING.test(input.hidden) ? HIDDEN_ADDRESSING : undefined);
  if (injected !== undefined) {
    signals.push("injected_instructions");
    notes.push(
      "Contains text addressed to an automated assistant; it is not a supply term and was not followed.",
    );
  }
  return { signals, notes };
}
