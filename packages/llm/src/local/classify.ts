/**
 * Closed-world acceptance: every sentence of the body must be accounted for, or the extractor
 * is unsure and the policy escalates. A sentence is accounted for when
 *
 * - every number in it lies inside a fact a reader found (a price tied to a line, a date, a
 *   term, a quantity the order explains, a code or reference), and
 * - every hazard word in it (lexicon.ts) is explained by a fact of its kind in that sentence
 *   (a price word by a price, a delay by a date, a refusal by a refused line, …), and
 * - when the sentence states no change, every word in it is neutral vocabulary or belongs to
 *   the order, the people on it or the supplier's signature.
 *
 * Anything else — a sentence in a language it does not read, an idiom it has never seen, an
 * amount it cannot tie to a line — is a reason to be unsure. Accuracy gives way to safety.
 */
import type { ExtractionOrder } from "../types.js";
import { FUTURE_ONLY } from "./delivery.js";
import type { Fact, FactKind, Segment } from "./facts.js";
import { AS_ORDERED, HAZARDS, type HazardKind, IDIOMS, NEUTRAL } from "./lexicon.js";
import { escapeRegExp } from "./lines.js";
import { findMoney, findPercents } from "./money.js";

export interface ClassifyInput {
  order: ExtractionOrder;
  segments: readonly Segment[];
  facts: readonly Fact[];
  /** Words of the order, the people on the email and the supplier's signature. */
  known: ReadonlySet<string>;
  signature: string;
  forwarded: boolean;
}

export type SentenceClass = "plain" | "change" | "unaccounted";

export interface SentenceVerdict {
  sentence: string;
  verdict: SentenceClass;
  reasons: string[];
}

const CHANGE_FACTS: readonly FactKind[] = [
  "price_change",
  "quantity_change",
  "backorder",
  "line_rejection",
  "date_change",
  "terms_change",
  "currency",
];

/** Spans that carry no term: codes, references, contact details, times. */
const INERT = [
  /[A-Z0-9]+(?:[-/][A-Z0-9]+)+/g,
  /\b[A-Z]{1,4}\d{1,4}\b/g,
  // A window to answer in ("within 2 business days"): a delivery given so is flagged by the
  // delivery reader, which sees every sentence about delivery.
  /\b\d+\s?(?:business |working )?(?:days?|hours?)\b/g,
  // Sizes and weights: not a term of the order, which counts pieces.
  /\b\d+(?:[.,]\d+)?\s?(?:g|gsm|kg|oz|lbs?|ml|l|cl|cm|mm|m|in|inch(?:es)?|W|V|mAh)\b|\b\d+(?:[.,]\d+)?\s?["”]/g,
  /\b(?:order|orders|no\.|number|nr\.?|#|ref\.?|reference|tracking|invoice|confirmation|SO|PO|Auftrag|Bestellnummer|pedido)\s*[:#]?\s*#?\s*\d[\d-]*/gi,
  /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g,
  /\b(?:https?:\/\/|www\.)\S+/gi,
  /\+?\d[\d ().-]{7,}\d/g,
  /\b\d{1,2}(?::\d{2})\s*(?:[ap]\.?m\.?)?|\b\d{1,2}\s*[ap]\.?m\.?\b/gi,
];

const WORD = /\p{L}[\p{L}'’]*/gu;

/** Hazards of these kinds are explained by a fact of one of the listed kinds in the sentence. */
const EXPLAINED_BY: Partial<Record<HazardKind, readonly FactKind[]>> = {
  price: ["price", "price_change"],
  delta: ["price_change", "quantity_change", "date_change", "terms_change"],
  quantity: ["quantity_change", "backorder", "line_rejection", "price_change"],
  delay: ["date", "date_change", "backorder"],
  backorder: ["backorder"],
  // A month or season in a sentence that changes a price or terms says when the change applies.
  date_word: ["date", "date_change", "backorder", "price_change", "terms_change"],
};

/** Blanks the spans out, keeping every other position where it was. */
function mask(text: string, spans: readonly [number, number][]): string {
  let out = text;
  for (const [start, end] of spans) {
    out = out.slice(0, start) + " ".repeat(Math.max(0, end - start)) + out.slice(end);
  }
  return out;
}

function spansOf(text: string, pattern: RegExp): [number, number][] {
  return [...text.matchAll(pattern)].map((m) => [m.index, m.index + m[0].length]);
}

/** A word as the vocabulary holds it: lowercase, no possessive, singular when that is known. */
function knownWord(word: string, known: ReadonlySet<string>): boolean {
  // Single letters (sizes, "w/") and acronyms (COA, PI, DAP): the hazards above already
  // caught the acronyms that carry a term (USD, TBD, MOQ, OOS).
  if (word.length === 1 || /^\p{Lu}{2,5}s?$/u.test(word)) return true;
  const lower = word
    .toLowerCase()
    .replace(/[’']s$/, "")
    .replace(/’/g, "'");
  const candidates = [lower, lower.replace(/(?:es|s)$/, ""), lower.replace(/s$/, "")];
  return candidates.some((c) => NEUTRAL.has(c) || known.has(c));
}

export function classifySentence(
  index: number,
  input: ClassifyInput,
  emailFacts: ReadonlySet<FactKind>,
): SentenceVerdict {
  const segment = input.segments[index] as Segment;
  const text = segment.text;
  const { order } = input;
  const facts = input.facts.filter((f) => f.segment === index);
  const kinds = new Set(facts.map((f) => f.kind));
  const reasons: string[] = [];
  const spans: [number, number][] = facts.map((f) => [f.start, f.end]);
  for (const m of segment.mentions) spans.push([m.index, m.index + m.length]);
  if (order.poNumber !== undefined)
    spans.push(...spansOf(text, new RegExp(escapeRegExp(order.poNumber), "gi")));
  for (const pattern of INERT) spans.push(...spansOf(text, pattern));
  // Sizes and pack counts the order's descriptions carry: "3-pack", "300g", "12 oz".
  for (const line of order.lines) {
    for (const m of (line.description ?? "").matchAll(/\p{L}+(?:-\p{L}+)+/gu))
      spans.push(...spansOf(text, new RegExp(escapeRegExp(m[0]), "giu")));
    for (const m of (line.description ?? "").matchAll(
      /\d+(?:[.,]\d+)?(?:\s?-?\s?\p{L}+|\s?["”])/gu,
    )) {
      spans.push(
        ...spansOf(text, new RegExp(escapeRegExp(m[0]).replace(/\s+|-/g, "\\s?-?\\s?"), "giu")),
      );
    }
  }
  let masked = mask(text, spans);
  const asOrdered = AS_ORDERED.test(masked);
  AS_ORDERED.lastIndex = 0;
  masked = masked
    .replace(AS_ORDERED, (m) => " ".repeat(m.length))
    .replace(IDIOMS, (m) => " ".repeat(m.length));

  // Numbers: each must be a quantity the order explains, a year, or a list number.
  const mentioned = new Set(segment.mentions.map((m) => m.line));
  const quantities = order.lines.map((l) => l.quantity);
  const total = quantities.reduce((a, b) => a + b, 0);
  const allListed = quantities.every((q) =>
    new RegExp(`(?<![\\d.,])${q}(?![\\d.,]\\d)`).test(text),
  );
  for (const m of masked.matchAll(/\d+(?:[.,]\d+)*/g)) {
    const raw = m[0];
    const value = Number(raw.replace(/,(?=\d{3}\b)/g, ""));
    const after = masked.slice(m.index + raw.length, m.index + raw.length + 8);
    if (/^\d{4}$/.test(raw) && value >= 2000 && value <= 2100) continue;
    if (
      /^\s*(?:pos\.?\s*)?$/i.test(masked.slice(0, m.index)) &&
      /^[.)]?(?:\s|$)/.test(after) &&
      value <= order.lines.length
    )
      continue;
    const forLine = order.lines.some(
      (line, i) =>
        line.quantity === value &&
        (mentioned.has(i) || allListed || (mentioned.size === 0 && order.lines.length === 1)),
    );
    if (forLine || (value === total && mentioned.size !== 1)) continue;
    reasons.push(`a number (${raw}) it could not account for`);
  }
  if (findPercents(masked).length > 0) reasons.push("a percentage it could not apply");
  if (findMoney(masked, order.currency).some((m) => !m.bare))
    reasons.push("an amount it could not tie to a line");

  // Hazards. Terms for a later order ("the new price list applies from your next order")
  // are not this order's: their price words need no fact, but nothing else is let through.
  const future = FUTURE_ONLY.test(text);
  const change = CHANGE_FACTS.some((k) => kinds.has(k)) || future;
  const anyChange = CHANGE_FACTS.some((k) => emailFacts.has(k));
  for (const kind of Object.keys(HAZARDS) as HazardKind[]) {
    const pattern = HAZARDS[kind];
    pattern.lastIndex = 0;
    const hit = pattern.exec(masked);
    pattern.lastIndex = 0;
    if (hit === null) continue;
    if (
      (future && (kind === "price" || kind === "delta")) ||
      explained(kind, hit, masked, kinds, emailFacts, asOrdered, anyChange)
    ) {
      // An explained hazard is accounted for: the vocabulary check below does not see it.
      masked = masked.replace(pattern, (m) => " ".repeat(m.length));
      pattern.lastIndex = 0;
      continue;
    }
    reasons.push(`"${hit[0]}" (${kind.replace("_", " ")}) that it could not account for`);
  }

  // A sentence that states no change must be plain confirmation language throughout.
  if (!change) {
    const unknown = [...masked.matchAll(WORD)]
      .map((m) => m[0])
      .filter((word) => !knownWord(word, input.known));
    if (unknown.length > 0)
      reasons.push(`words it does not read as confirmation (${unknown.slice(0, 4).join(", ")})`);
  }
  return {
    sentence: text,
    verdict: reasons.length > 0 ? "unaccounted" : change ? "change" : "plain",
    reasons,
  };
}

function explained(
  kind: HazardKind,
  hit: RegExpExecArray,
  masked: string,
  kinds: ReadonlySet<FactKind>,
  emailFacts: ReadonlySet<FactKind>,
  asOrdered: boolean,
  anyChange: boolean,
): boolean {
  const by = EXPLAINED_BY[kind];
  if (by?.some((k) => kinds.has(k))) return true;
  if (kind === "price" && asOrdered) return true;
  // "If you're OK with the new price, reply": the price the email states elsewhere.
  if (kind === "price" && emailFacts.has("price_change") && !/\d/.test(masked)) return true;
  if (kind === "regret") return anyChange;
  if (kind === "negation") {
    if (kinds.has("line_rejection") || kinds.has("backorder")) return true;
    // "Can't do the 11th": a refused date, when the email gives another one.
    if (kinds.has("date") && emailFacts.has("date_change")) return true;
    // "We can't make your date" is explained by the later date the email gives, as long as
    // the clause refuses a date and not the goods.
    const clause = masked.slice(Math.max(0, hit.index - 60), hit.index + 60);
    if (
      emailFacts.has("date_change") &&
      /\b(?:date|deliver\w*|arriv\w*|make it|in time|on time|entrega|Liefer\w*)\b/i.test(clause) &&
      !/\b(?:supply|ship|send|produce|fill|run|make)\s+(?:the|any|all|these|those|them|it)\b/i.test(
        clause,
      )
    )
      return true;
    if (emailFacts.has("terms_change") && (kinds.has("terms") || kinds.has("terms_change")))
      return true;
  }
  return false;
}

/** Anything in the signature that could be a term: money, a percentage, a line, a hazard. */
const SIGNATURE_HAZARD =
  /\bpric|\bcost|\bsurcharge|\bincrease|\bdelay|\blate\b|\bcan(?:'|’|no)?t\b|\bcannot\b|\bunable\b|\bwon(?:'|’)?t\b|\bout of stock|\bback[- ]?order|\bdiscontinu|\bsubstitut|\bcancel|\bshort\b|\bpreis|\bprecio|\bleider\b|\bretras|\bverzög/;

export function classifySignature(input: ClassifyInput): string[] {
  const text = input.signature;
  if (text.length === 0) return [];
  const reasons: string[] = [];
  if (findMoney(text, input.order.currency).some((m) => !m.bare) || findPercents(text).length > 0)
    reasons.push("an amount after the sign-off");
  if (input.order.lines.some((line) => text.toLowerCase().includes(line.sku.toLowerCase())))
    reasons.push("an order line named after the sign-off");
  const hazard = SIGNATURE_HAZARD.exec(text);
  if (hazard !== null) reasons.push(`"${hazard[0]}" after the sign-off`);
  return reasons;
}

/** Every reason the body, the signature or the message's form leaves the extractor unsure. */
export function unaccounted(input: ClassifyInput): {
  verdicts: SentenceVerdict[];
  reasons: string[];
} {
  const emailFacts = new Set(input.facts.map((f) => f.kind));
  const verdicts: SentenceVerdict[] = [];
  input.segments.forEach((segment, i) => {
    if (!segment.attachment) verdicts.push(classifySentence(i, input, emailFacts));
  });
  const reasons = [
    ...verdicts.flatMap((v) => v.reasons.map((r) => `${r} in "${v.sentence.slice(0, 60)}"`)),
    ...classifySignature(input),
    ...(input.forwarded ? ["a forwarded message (someone else's words)"] : []),
  ];
  return { verdicts, reasons };
}
