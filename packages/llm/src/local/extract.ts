/**
 * The keyless extractor: a deterministic reading of supplier replies, the last link of the
 * chain and the only one without an API key. Each field has its own reader (kind.ts,
 * prices.ts, statuses.ts, delivery.ts, terms.ts, currency.ts, signals.ts); classify.ts then
 * holds the reply to closed-world acceptance: unless every sentence is accounted for, the
 * confidence drops below every policy's minimum and a person reads the email.
 */
import {
  normalizePaymentTerms,
  type RiskSignal,
  type SupplierResponse,
  type SupplierResponseLine,
} from "@po-pro/policy";
import type { ExtractionOrder, SupplierEmail } from "../types.js";
import { type SentenceVerdict, unaccounted } from "./classify.js";
import { readCurrency } from "./currency.js";
import { detectDayFirst } from "./dates.js";
import { readDeliveryDate } from "./delivery.js";
import type { ReadContext, Segment } from "./facts.js";
import { readQuestion, readUnrelated, readWholeRejection } from "./kind.js";
import { messageLayout } from "./layout.js";
import { distinctiveWords, lineMentions } from "./lines.js";
import { type LinePrice, readPrices } from "./prices.js";
import { detectRiskSignals, domainOf } from "./signals.js";
import { type LineStatus, readLineStatuses } from "./statuses.js";
import { readPaymentTerms } from "./terms.js";
import { cleanText, newestMessage, quotedHistory, sentences } from "./text.js";

/** Confidence for an email the extractor could not fully account for: below every minimum. */
export const UNSURE_CONFIDENCE = 0.3;
/** Confidence for an email whose every sentence it accounted for. */
export const SURE_CONFIDENCE = 0.9;

export interface LocalExtractionInput {
  order: ExtractionOrder;
  email: SupplierEmail;
}

/** The extraction with the reasons behind its confidence, for tests and the eval. */
export interface LocalExtraction {
  response: SupplierResponse;
  /** Why the extractor is unsure; empty when it accounted for everything. */
  unsure: string[];
  verdicts: SentenceVerdict[];
}

export function extractLocally(input: LocalExtractionInput): SupplierResponse {
  return explainLocally(input).response;
}

/** Words the order and the people on it bring: they are not unknown vocabulary. */
function knownWords(
  order: ExtractionOrder,
  email: SupplierEmail,
  signature: string,
  history: string,
): Set<string> {
  const sources = [
    ...order.lines.map((l) => `${l.sku} ${l.description ?? ""}`),
    order.supplier?.name ?? "",
    email.from,
    email.to ?? "",
    email.subject ?? "",
    signature,
    // The buyer's own words, quoted back (the PO's ship-to, product names): hazards in them
    // are still hazards when the supplier repeats them.
    history,
  ];
  const known = new Set<string>();
  for (const text of sources)
    for (const m of text.matchAll(/\p{L}[\p{L}'’]*/gu)) known.add(m[0].toLowerCase());
  return known;
}

export function explainLocally({ order, email }: LocalExtractionInput): LocalExtraction {
  const body = cleanText(email.text);
  const newest = newestMessage(body.text);
  const attachments = (email.attachments ?? []).map((a) => cleanText(a.text));
  const attachmentText = attachments.map((a) => a.text).join("\n");
  const risk = detectRiskSignals({
    newest,
    attachments: attachmentText,
    hidden: [body.hidden, ...attachments.map((a) => a.hidden)].join("\n"),
    supplierDomain: domainOf(order.supplier?.email) ?? domainOf(email.from),
    buyerDomains: [domainOf(email.to)].filter((d): d is string => d !== undefined),
  });
  const riskSignals: RiskSignal[] = risk.signals;
  const notes: string[] = [...risk.notes];
  const unsure: string[] = [];
  let verdicts: SentenceVerdict[] = [];

  const finish = (response: Omit<SupplierResponse, "riskSignals" | "notes">): LocalExtraction => {
    const confidence = unsure.length > 0 ? UNSURE_CONFIDENCE : response.confidence;
    const allNotes = [...notes, ...unsure.map((u) => `Unsure: ${u}.`)];
    return {
      response: {
        ...response,
        confidence,
        ...(allNotes.length > 0 ? { notes: allNotes.join(" ") } : {}),
        ...(riskSignals.length > 0 ? { riskSignals } : {}),
      },
      unsure,
      verdicts,
    };
  };

  const unrelated = readUnrelated(newest, order);
  if (unrelated !== undefined) {
    notes.push(unrelated);
    return finish({ kind: "unrelated", lines: [], confidence: 0.85 });
  }

  const layout = messageLayout(newest);
  const distinctive = distinctiveWords(order);
  const segment = (text: string, attachment: boolean): Segment => ({
    text,
    attachment,
    mentions: lineMentions(text, order, distinctive),
  });
  const segments: Segment[] = [
    ...layout.body.map((text) => segment(text, false)),
    ...sentences(attachmentText).map((text) => segment(text, true)),
  ];
  const ctx: ReadContext = {
    order,
    segments,
    dates: {
      received: new Date(email.receivedAt),
      requested: new Date(`${order.requestedDeliveryDate}T00:00:00Z`),
      dayFirst: detectDayFirst(`${newest}\n${attachmentText}`, domainOf(email.from) ?? ""),
    },
  };

  if (readWholeRejection(layout.body)) {
    unsure.push("the supplier refuses the order");
    return finish({
      kind: "rejection",
      lines: order.lines.map((line) => ({ sku: line.sku, status: "rejected" as const })),
      confidence: 0.85,
    });
  }

  const prices = readPrices(ctx);
  const statuses = readLineStatuses(ctx);
  const delivery = readDeliveryDate(ctx);
  const terms = readPaymentTerms(ctx);
  const currency = readCurrency(prices.money, order);
  unsure.push(
    ...prices.uncertain,
    ...statuses.uncertain,
    ...delivery.uncertain,
    ...terms.uncertain,
  );
  unsure.push(...currency.uncertain);
  const lines = responseLines(order, prices.lines, statuses.lines, unsure);

  const classified = unaccounted({
    order,
    segments,
    facts: [...prices.facts, ...statuses.facts, ...delivery.facts, ...terms.facts],
    known: knownWords(order, email, layout.signature, quotedHistory(body.text)),
    signature: layout.signature,
    forwarded: layout.forwarded,
  });
  verdicts = classified.verdicts;
  unsure.push(...classified.reasons);

  const orderTerms = normalizePaymentTerms(order.paymentTerms) ?? order.paymentTerms;
  const changed =
    lines.some(
      (l) =>
        l.status !== "accepted" ||
        (l.unitPrice !== undefined &&
          l.unitPrice !== order.lines.find((o) => o.sku === l.sku)?.unitPrice),
    ) ||
    (delivery.deliveryDate !== undefined &&
      delivery.deliveryDate !== order.requestedDeliveryDate) ||
    (terms.paymentTerms !== undefined && terms.paymentTerms !== orderTerms) ||
    currency.currency !== undefined;
  const question = readQuestion(layout.body);
  const kind: SupplierResponse["kind"] = changed
    ? "change_proposal"
    : question !== undefined
      ? "question"
      : "confirmation";
  return finish({
    kind,
    lines,
    ...(delivery.deliveryDate !== undefined ? { deliveryDate: delivery.deliveryDate } : {}),
    ...(terms.paymentTerms !== undefined ? { paymentTerms: terms.paymentTerms } : {}),
    ...(currency.currency !== undefined ? { currency: currency.currency } : {}),
    ...(kind === "question" && question !== undefined ? { question } : {}),
    confidence: SURE_CONFIDENCE,
  });
}

/** One response line per order line the supplier spoke of, from the price and status readers. */
function responseLines(
  order: ExtractionOrder,
  prices: readonly LinePrice[],
  statuses: readonly LineStatus[],
  unsure: string[],
): SupplierResponseLine[] {
  const lines: SupplierResponseLine[] = [];
  order.lines.forEach((line, i) => {
    const price = prices[i] as LinePrice;
    const status = statuses[i] as LineStatus;
    const proposed = [...new Set(price.proposed)];
    if (proposed.length > 1) unsure.push(`two prices for ${line.sku}`);
    if (status.status !== undefined) {
      lines.push({
        sku: line.sku,
        status: status.status,
        ...(status.availableDate !== undefined ? { availableDate: status.availableDate } : {}),
      });
      return;
    }
    const newPrice = proposed[0];
    const quantity = price.quantity;
    const quantityChanged = quantity !== undefined && quantity !== line.quantity;
    const priceChanged = newPrice !== undefined && newPrice !== line.unitPrice;
    if (!quantityChanged && !priceChanged && quantity === undefined && price.stated === undefined)
      return;
    const unitPrice = newPrice ?? price.stated;
    lines.push({
      sku: line.sku,
      status: quantityChanged ? "quantity_changed" : priceChanged ? "price_changed" : "accepted",
      ...(quantity !== undefined ? { quantity } : {}),
      ...(unitPrice !== undefined ? { unitPrice } : {}),
    });
  });
  return lines;
}
