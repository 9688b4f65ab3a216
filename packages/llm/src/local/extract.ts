/**
 * The keyless extractor: a deterministic reading of common supplier replies, the last link
 * of the chain and the only one without an API key. It states a value only when the text
 * pins it down; anything it cannot account for (an amount it cannot tie to a line, a delay
 * without a date, a hedge, a substitution) drops the confidence below every policy's
 * minimum, so a person reads the email rather than the agent guessing an accept.
 */
import {
  normalizePaymentTerms,
  type RiskSignal,
  type SupplierResponse,
  type SupplierResponseLine,
} from "@po-pro/policy";
import type { ExtractionOrder, SupplierEmail } from "../types.js";
import { detectDayFirst, findDates } from "./dates.js";
import { findMoney, findPercents, type MoneyMention } from "./money.js";
import { detectRiskSignals, domainOf } from "./signals.js";
import { cleanText, newestMessage, sentences, words } from "./text.js";

/** Confidence for an email the extractor could not fully account for: below every minimum. */
export const UNSURE_CONFIDENCE = 0.3;

const OUT_OF_OFFICE =
  /\b(?:out of (?:the )?office|auto(?:matic)?[- ]?reply|on (?:annual )?leave|away from (?:the|my) (?:office|desk)|abwesend|fuera de la oficina)\b/i;
const NEWSLETTER =
  /\bunsubscribe\b|view (?:this|it) (?:email )?in (?:your|a) browser|update (?:your )?preferences/i;
const WHOLE_REJECTION =
  /\bcan(?:'|no)?t fill\b|\bcannot fill\b|\bcancel (?:the|this|your) (?:PO|order)\b|\bunable to (?:fill|supply|accept|fulfil+) (?:the|this|your) (?:PO|order)\b|\bmust decline\b|\bdecline (?:the|this|your) order\b/i;
const DEFERRAL =
  /\b(?:come|get) back to you\b|\bcome back with\b|\brevert (?:to you|with)\b|\bwill confirm (?:the |a )?(?:date|price|delivery|details)|\bto be confirmed\b|\bTBC\b|\bTBD\b|\bnot (?:yet )?(?:fixed|confirmed|scheduled)\b/i;
const HEDGE =
  /\bsubject to (?:change|availability|confirmation)\b|\b(?:may|might|could) change\b|\b(?:should be ok|probably|might|may need|maybe|not sure|depending on|tentative(?:ly)?|I'll know more|will know more|possibly|hopefully|-ish)\b/i;
const PRICE_WORDS =
  /\bprice (?:increase|adjust|change|rise)|\bwent up\b|\bgone up\b|\bgoes? up\b|\braise[ds]?\b|\brose\b|\brepric|\bsurcharge\b|\bpass along\b|\bneed adjust\b|\bhas to go\b|\bhave to be\b|\bhafta be\b|\bgonna\b.*\bbe \d|\bpasa a\b|\bsubida\b|\bPreis(?:erhöhung|anpassung)\b|\bnew price\b|\bfloor\b/i;
const QUANTITY_WORDS =
  /\bshort\b|\bshortage\b|\bonly \d|\d+ only\b|\bcan only\b|\bpartial\b|\bfewer\b|\bless than\b|\breduc|\blost\b|\bnot enough\b|\bmake up the difference\b/i;
const DELAY_WORDS =
  /\bdelay|\blater than (?:planned|expected|scheduled|requested|your date)\b|\brunning late\b|\b(?:a|one|two|three|\d+) (?:days?|weeks?) late\b|\b(?:deliver\w*|ship\w*|arriv\w*|be|is|are)\b[^.\n]{0,30}\blate\b|\bpush(?:ed)? (?:back|out)\b|\bslip|\bbehind\b|\breschedul|\bcan(?:'|no)?t (?:quite )?(?:make|do|hit|meet)\b|\bcannot (?:make|meet|deliver)\b|\b(?:won't|will not) be able\b|\bisn't going to happen\b|\bno llegamos\b|\bearliest\b|\bverschieb|\bretras/i;
const BACKORDER_WORDS =
  /\bback[- ]?order(?:ed)?\b|\bout of stock\b|\b(?:will|to) follow (?:later|separately|in|on|by|next)\b|\bpartial shipment\b|\bnot (?:have|be able to ship) (?:them|these|those|it) until\b|\bwill not have them until\b/i;
const SUBSTITUTION_WORDS =
  /\bsub(?:stitut\w*)?\b(?! total)|\balternative\b|\breplac(?:e|ed|es|ing|ement)\b|\bnew (?:version|model|variant)\b|\bsuccessor\b|\bin place of\b|\bclosest match\b|\binstead(?! of\s*(?:[$€£¥]|USD|EUR|GBP|\d))/i;
const LINE_REJECTION =
  /\bremove\b|\bcan(?:'|no)?t (?:run|supply|make|produce|offer)\b|\bcannot (?:run|supply|make|produce|offer)\b|\bdiscontinued\b|\bno longer (?:make|offer|available|produce)\b/i;
const NEGATION =
  /\bcan(?:'|no)?t\b|\bcannot\b|\bwon't\b|\bwill not\b|\bisn't\b|\bnot (?:able|possible)\b|\bunable\b|\bno llegamos\b|\bno podemos\b|\bnicht\b|\bdon't need to wait\b|\bnot something we can\b/i;
const SAD_WORDS = /\bunfortunately\b|\bafraid\b|\bbad news\b|\bleider\b|\blamentablemente\b/i;
const DELIVERY_CONTEXT =
  /\bdeliver|\bdelivery\b|\bship(?:s|ped|ping|ment)?\b|\barriv|\bready\b|\bcomplet|\bfinish|\bavailable\b|\blead time\b|\bETD\b|\bex[- ]works\b|\bleaves?\b|\bpick[- ]?up\b|\bsend\b|\bdespatch|\bdispatch|\bETA\b|\bwith you\b|\bto you\b|\bmake your date\b|\bhit the\b|\bLiefer|\bentrega\b|\blivraison\b|\bon track\b|\bscheduled\b|\bin (?:Brooklyn|Bristol|your warehouse)\b/i;
const DURATION =
  /\b(?:next|this|the following) (?:week|month)\b|\bend of (?:the )?(?:week|month)\b|\b(?:mid|early|late)[- ](?:[A-Z][a-z]+|next)\b|\b\d+\+?\s*(?:[-–]\s*\d+\s*)?(?:business |working )?(?:days?|weeks?|months?)\b|\b(?:one|two|three|four|five|six|a few|several|a couple of) (?:days|weeks|months)\b/i;
const OLD_PRICE_BEFORE =
  /(?:\bwas|\bfrom|\bbefore|\binstead of|\bvs\.?|\bpreviously|\bstatt|\ben lugar de|\bjump from(?: the)?|\bthe)\s*$/i;
const ALL_LINES = /\b(?:both|all|each|every|across the board|beide|todos|todas)\b/i;
const FUTURE_ONLY =
  /\bnext order\b|\bfuture orders\b|\bAb der zweiten\b|\bfrom (?:the|your) (?:next|second) order\b/i;

interface LineState {
  stated: number | undefined;
  proposed: number[];
  quantity: number | undefined;
  status: SupplierResponseLine["status"] | undefined;
  availableDate: string | undefined;
}

interface Segment {
  text: string;
  /** From an attachment rather than the body. */
  attachment: boolean;
}

function distinctiveWords(order: ExtractionOrder): string[][] {
  const perLine = order.lines.map((line) => new Set(words(line.description ?? "")));
  return perLine.map((set, i) =>
    [...set].filter((word) => perLine.every((other, j) => j === i || !other.has(word))),
  );
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Where each order line is mentioned in a sentence: SKU or a distinctive description word. */
function lineMentions(
  sentence: string,
  order: ExtractionOrder,
  distinctive: string[][],
): { line: number; index: number; bySku: boolean }[] {
  const mentions: { line: number; index: number; bySku: boolean }[] = [];
  const lower = sentence.toLowerCase();
  order.lines.forEach((line, i) => {
    const sku = new RegExp(`(?<![\\w-])${escapeRegExp(line.sku)}(?![\\w-])`, "i").exec(sentence);
    if (sku !== null) mentions.push({ line: i, index: sku.index, bySku: true });
    for (const word of distinctive[i] ?? []) {
      const found = new RegExp(`\\b${escapeRegExp(word)}`, "i").exec(lower);
      if (found !== null) mentions.push({ line: i, index: found.index, bySku: false });
    }
  });
  return mentions;
}

function uniqueLines(mentions: { line: number }[]): number[] {
  return [...new Set(mentions.map((m) => m.line))];
}

export interface LocalExtractionInput {
  order: ExtractionOrder;
  email: SupplierEmail;
}

export function extractLocally({ order, email }: LocalExtractionInput): SupplierResponse {
  const body = cleanText(email.text);
  const newest = newestMessage(body.text);
  const attachments = (email.attachments ?? []).map((a) => cleanText(a.text));
  const attachmentText = attachments.map((a) => a.text).join("\n");
  const hidden = [body.hidden, ...attachments.map((a) => a.hidden)].join("\n");
  const supplierDomain = domainOf(order.supplier?.email) ?? domainOf(email.from);
  const buyerDomains = [domainOf(email.to)].filter((d): d is string => d !== undefined);
  const risk = detectRiskSignals({
    newest,
    attachments: attachmentText,
    hidden,
    supplierDomain,
    buyerDomains,
  });
  const riskSignals: RiskSignal[] = risk.signals;
  const notes: string[] = [...risk.notes];
  const uncertain: string[] = [];

  const finish = (response: Omit<SupplierResponse, "riskSignals" | "notes">): SupplierResponse => {
    const allNotes = [...notes, ...uncertain.map((u) => `Unsure: ${u}.`)];
    return {
      ...response,
      ...(allNotes.length > 0 ? { notes: allNotes.join(" ") } : {}),
      ...(riskSignals.length > 0 ? { riskSignals } : {}),
    };
  };

  // Not about this order: out-of-office, newsletter, another PO.
  const mentionsOrder =
    (order.poNumber !== undefined && newest.includes(order.poNumber)) ||
    order.lines.some((line) => newest.includes(line.sku));
  const quiet =
    findMoney(newest, order.currency).length === 0 &&
    findPercents(newest).length === 0 &&
    !mentionsOrder &&
    !/\bprice|\bpricing|\bdeliver|\bship\b/i.test(newest);
  if (OUT_OF_OFFICE.test(newest) && newest.length < 1_500 && quiet) {
    notes.push("Out-of-office auto-reply.");
    return finish({ kind: "unrelated", lines: [], confidence: 0.9 });
  }
  if (NEWSLETTER.test(newest) && !mentionsOrder) {
    notes.push("Newsletter or marketing email.");
    return finish({ kind: "unrelated", lines: [], confidence: 0.9 });
  }
  const otherPo = otherPurchaseOrder(newest, order);
  const namesOurLines = sentences(newest).some(
    (sentence) => lineMentions(sentence, order, distinctiveWords(order)).length > 0,
  );
  if (otherPo !== undefined && !namesOurLines) {
    notes.push(`Refers to ${otherPo}, not to ${order.poNumber ?? "this order"}.`);
    return finish({ kind: "unrelated", lines: [], confidence: 0.8 });
  }

  if (OUT_OF_OFFICE.test(newest))
    uncertain.push("an out-of-office reply that also speaks of the order");
  const received = new Date(email.receivedAt);
  const requested = new Date(`${order.requestedDeliveryDate}T00:00:00Z`);
  const everything = `${newest}\n${attachmentText}`;
  const dateCtx = {
    received,
    requested,
    dayFirst: detectDayFirst(everything, domainOf(email.from) ?? ""),
  };
  const segments: Segment[] = [
    ...sentences(newest).map((text) => ({ text, attachment: false })),
    ...sentences(attachmentText).map((text) => ({ text, attachment: true })),
  ];
  const distinctive = distinctiveWords(order);
  const states: LineState[] = order.lines.map(() => ({
    stated: undefined,
    proposed: [],
    quantity: undefined,
    status: undefined,
    availableDate: undefined,
  }));
  let currency: string | undefined;
  let percentApplied = false;
  let percentSeen = false;

  // Whole-order refusal.
  if (WHOLE_REJECTION.test(newest)) {
    return finish({
      kind: "rejection",
      lines: order.lines.map((line) => ({ sku: line.sku, status: "rejected" as const })),
      confidence: 0.85,
    });
  }

  const explained = new Set<MoneyMention>();
  const allMoney: MoneyMention[] = [];

  for (const segment of segments) {
    const text = segment.text;
    const money = findMoney(text, order.currency);
    allMoney.push(...money);
    const mentions = lineMentions(text, order, distinctive);

    // Table rows: "SKU … qty … unit price … amount" (acknowledgements, pro formas).
    const skuMentions = mentions.filter((m) => m.bySku);
    if (uniqueLines(skuMentions).length === 1 && money.length >= 1) {
      const i = skuMentions[0]?.line as number;
      const row = readRow(text, order.lines[i]?.quantity ?? 0, money);
      if (row !== undefined) {
        const state = states[i] as LineState;
        state.quantity = row.quantity;
        if (row.price.minor === order.lines[i]?.unitPrice) state.stated = row.price.minor;
        else state.proposed.push(row.price.minor);
        for (const m of row.used) explained.add(m);
        if (row.price.currency !== order.currency && !row.price.bare) currency = row.price.currency;
        continue;
      }
      // A row whose numbers do not add up: any count but the ordered one is unexplained.
      const orderedQuantity = order.lines[i]?.quantity;
      const stray = rowIntegers(text).filter(
        (n) => n !== orderedQuantity && n > order.lines.length && !money.some((m) => m.minor === n),
      );
      if (stray.length > 0)
        uncertain.push(`a row for ${order.lines[i]?.sku} with counts it could not read`);
    }

    // Backordered lines and their dates.
    if (BACKORDER_WORDS.test(text)) {
      const lines = uniqueLines(mentions);
      const dates = findDates(text, dateCtx);
      if (lines.length === 1 && dates.length <= 1) {
        const state = states[lines[0] as number] as LineState;
        state.status = "backordered";
        state.availableDate = dates[0]?.iso;
      } else uncertain.push("a backorder that could not be tied to one line");
    }
    // A refused line.
    if (LINE_REJECTION.test(text) && !BACKORDER_WORDS.test(text)) {
      const lines = uniqueLines(mentions);
      if (lines.length === 1) (states[lines[0] as number] as LineState).status = "rejected";
    }

    // Prices tied to lines by SKU or description, or to every line ("both", "all").
    for (const m of money) {
      if (explained.has(m)) continue;
      const preceding = mentions.filter((x) => x.index < m.index);
      const nearest = preceding.sort((a, b) => b.index - a.index)[0];
      let targets: number[] = [];
      if (nearest !== undefined) targets = [nearest.line];
      else if (order.lines.length === 1) targets = [0];
      else if (mentions.length > 0)
        targets = uniqueLines(mentions).length === 1 ? [mentions[0]?.line as number] : [];
      else if (ALL_LINES.test(text)) targets = order.lines.map((_, i) => i);
      const before = text.slice(Math.max(0, m.index - 24), m.index);
      if (targets.length === 0) {
        // An amount equal to an ordered price or a line total is accounted for.
        const sameCurrency = m.bare || m.currency === order.currency;
        if (sameCurrency && order.lines.some((line) => line.unitPrice === m.minor))
          explained.add(m);
        continue;
      }
      for (const i of targets) {
        const ordered = order.lines[i]?.unitPrice ?? 0;
        const state = states[i] as LineState;
        const foreign = !m.bare && m.currency !== order.currency;
        if (m.minor === ordered && !foreign) {
          state.stated = m.minor;
        } else if (OLD_PRICE_BEFORE.test(before) && !/\bat\s*$/i.test(before)) {
          // "(was £6.40)", "instead of 3.10": the old price, restated.
        } else if (m.minor >= ordered * 0.4 && m.minor <= ordered * 2.5) {
          state.proposed.push(m.minor);
          if (!m.bare && m.currency !== order.currency) currency = m.currency;
        } else continue;
        explained.add(m);
      }
    }

    // "+6% on both SKUs": a percentage applied to every line (or the one named).
    for (const p of findPercents(text)) {
      if (!segment.attachment) percentSeen = true;
      if (
        !PRICE_WORDS.test(text) &&
        !/\bappl|\bup\b|\bincrease|\brose\b|\bpass along\b/i.test(text)
      )
        continue;
      const lines = uniqueLines(mentions);
      const targets = ALL_LINES.test(text)
        ? order.lines.map((_, i) => i)
        : lines.length === 1
          ? lines
          : [];
      for (const i of targets) {
        const state = states[i] as LineState;
        const ordered = order.lines[i]?.unitPrice ?? 0;
        if (state.proposed.length === 0 && state.stated === undefined) {
          state.proposed.push(Math.round(ordered * (1 + p.percent / 100)));
        }
        percentApplied = true;
      }
    }
  }

  // Any amount quoted in another currency is a currency change (the policy escalates it).
  const foreign = [
    ...new Set(
      allMoney.filter((m) => !m.bare && m.currency !== order.currency).map((m) => m.currency),
    ),
  ];
  if (foreign.length === 1) currency = foreign[0];
  else if (foreign.length > 1)
    uncertain.push(`amounts in several currencies (${foreign.join(", ")})`);

  // Every amount must be accounted for: a line price (old or new) or a line or order total.
  const totals = new Set<number>();
  let orderedTotal = 0;
  let proposedTotal = 0;
  order.lines.forEach((line, i) => {
    const state = states[i] as LineState;
    const price = state.proposed[0] ?? line.unitPrice;
    const quantity = state.quantity ?? line.quantity;
    totals.add(line.unitPrice * line.quantity);
    totals.add(price * quantity);
    orderedTotal += line.unitPrice * line.quantity;
    proposedTotal += price * quantity;
  });
  totals.add(orderedTotal);
  totals.add(proposedTotal);
  const proposedPrices = new Set(states.flatMap((s) => s.proposed));
  for (const m of allMoney) {
    if (explained.has(m) || totals.has(m.minor) || proposedPrices.has(m.minor)) continue;
    uncertain.push(`an amount (${m.minor} minor units) that matches no line`);
  }

  const lines: SupplierResponseLine[] = [];
  order.lines.forEach((line, i) => {
    const state = states[i] as LineState;
    const prices = [...new Set(state.proposed)];
    if (prices.length > 1) uncertain.push(`two prices for ${line.sku}`);
    const price = prices[0];
    const quantity = state.quantity;
    if (state.status === "backordered" || state.status === "rejected") {
      lines.push({
        sku: line.sku,
        status: state.status,
        ...(state.availableDate !== undefined ? { availableDate: state.availableDate } : {}),
      });
      return;
    }
    const quantityChanged = quantity !== undefined && quantity !== line.quantity;
    const priceChanged = price !== undefined && price !== line.unitPrice;
    if (!quantityChanged && !priceChanged && quantity === undefined && state.stated === undefined) {
      return;
    }
    lines.push({
      sku: line.sku,
      status: quantityChanged ? "quantity_changed" : priceChanged ? "price_changed" : "accepted",
      ...(quantity !== undefined ? { quantity } : {}),
      ...(price !== undefined
        ? { unitPrice: price }
        : state.stated !== undefined
          ? { unitPrice: state.stated }
          : {}),
    });
  });

  // Delivery date: dates in delivery sentences, less those the supplier says it cannot make
  // and those that belong to a backorder.
  const deliveryDates = new Set<string>();
  for (const segment of segments) {
    const text = segment.text;
    if (!DELIVERY_CONTEXT.test(text) || BACKORDER_WORDS.test(text) || NEGATION.test(text)) continue;
    if (FUTURE_ONLY.test(text)) continue;
    const datesHere = findDates(text, dateCtx);
    if (datesHere.length === 0 && DURATION.test(text))
      uncertain.push("a delivery given as a duration");
    for (const date of datesHere) {
      if (date.ambiguous) uncertain.push("a date that reads two ways");
      deliveryDates.add(date.iso);
    }
  }
  let deliveryDate: string | undefined;
  if (deliveryDates.size === 1) deliveryDate = [...deliveryDates][0];
  else if (deliveryDates.size > 1)
    uncertain.push(`several delivery dates (${[...deliveryDates].join(", ")})`);

  // Payment terms.
  const terms = new Set<string>();
  for (const segment of segments) {
    const text = segment.text;
    if (NEGATION.test(text) || FUTURE_ONLY.test(text)) continue;
    for (const found of findTerms(text)) terms.add(found);
  }
  const orderTerms = normalizePaymentTerms(order.paymentTerms) ?? order.paymentTerms;
  if (terms.size > 1) terms.delete(orderTerms);
  let paymentTerms: string | undefined;
  if (terms.size === 1) paymentTerms = [...terms][0];
  else if (terms.size > 1) uncertain.push(`several payment terms (${[...terms].join(", ")})`);

  // Words of change the reading above did not account for.
  const changedLine = lines.some((l) => l.status !== "accepted");
  const priceChange = lines.some(
    (l) =>
      l.status === "price_changed" ||
      (l.status === "quantity_changed" && l.unitPrice !== undefined),
  );
  const quantityChange = lines.some((l) => l.status !== "accepted" && l.status !== "price_changed");
  const dateChange = deliveryDate !== undefined && deliveryDate !== order.requestedDeliveryDate;
  const termsChange = paymentTerms !== undefined && paymentTerms !== orderTerms;
  const anyChange = changedLine || dateChange || termsChange || currency !== undefined;
  if (PRICE_WORDS.test(newest) && !priceChange && !percentApplied)
    uncertain.push("a price change it could not read");
  if (QUANTITY_WORDS.test(newest) && !quantityChange)
    uncertain.push("a quantity change it could not read");
  if (DELAY_WORDS.test(newest) && !dateChange) uncertain.push("a delay without a date");
  if (BACKORDER_WORDS.test(everything) && !lines.some((l) => l.status === "backordered")) {
    uncertain.push("a backorder it could not read");
  }
  if (SUBSTITUTION_WORDS.test(newest)) uncertain.push("a possible substitution");
  if (SAD_WORDS.test(newest) && !anyChange) uncertain.push("bad news it could not read");
  if (HEDGE.test(newest)) uncertain.push("the supplier hedges");
  if (DEFERRAL.test(newest)) uncertain.push("the supplier will confirm something later");

  if (percentSeen && !percentApplied && !priceChange)
    uncertain.push("a percentage it could not apply");
  checkLooseNumbers(newest, order, dateCtx, deliveryDate, lines, uncertain);

  const question = questionOf(newest);
  const kind: SupplierResponse["kind"] = anyChange
    ? "change_proposal"
    : question !== undefined
      ? "question"
      : "confirmation";
  const relative =
    /\b(?:next|this|coming)\s+(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b|\bweek\s*\d|\bKW\s*\d/i.test(
      newest,
    );
  const confidence =
    uncertain.length > 0 ? UNSURE_CONFIDENCE : kind === "question" ? 0.8 : relative ? 0.8 : 0.85;
  return finish({
    kind,
    lines,
    ...(deliveryDate !== undefined ? { deliveryDate } : {}),
    ...(paymentTerms !== undefined ? { paymentTerms } : {}),
    ...(currency !== undefined ? { currency } : {}),
    ...(kind === "question" && question !== undefined ? { question } : {}),
    confidence,
  });
}

/** A table row: a (quantity, unit price, amount) triple with quantity × price = amount. */
/** Standalone integers of a row: not part of a word, a decimal or a measure ("100 W"). */
function rowIntegers(text: string): number[] {
  return [
    ...text.matchAll(
      /(?<![\w.,$€£-])(\d{1,3}(?:,\d{3})+|\d+)(?![\w.,]*\d)(?!\s*(?:%|W\b|m\b|mm\b|ml\b|oz\b|lb\b|g\b|cm\b|in\b|"))/g,
    ),
  ]
    .map((m) => Number((m[1] ?? "").replace(/,/g, "")))
    .filter((n) => n > 0);
}

function readRow(
  text: string,
  orderedQuantity: number,
  money: MoneyMention[],
): { quantity: number; price: MoneyMention; used: MoneyMention[] } | undefined {
  const integers = rowIntegers(text);
  for (const price of money) {
    for (const amount of money) {
      if (amount === price || amount.minor <= price.minor) continue;
      for (const quantity of integers) {
        if (Math.abs(quantity * price.minor - amount.minor) <= 1) {
          return { quantity, price, used: [price, amount] };
        }
      }
    }
  }
  // "400 Stk. à 3,90 €", "5,000 pcs @ $0.38": quantity next to a unit word and one price.
  if (money.length === 1 && integers.includes(orderedQuantity)) {
    const price = money[0] as MoneyMention;
    if (/@|\bà\b|\bat\b|\bx\b/.test(text))
      return { quantity: orderedQuantity, price, used: [price] };
  }
  return undefined;
}

const TERM_PATTERNS: [RegExp, (m: RegExpExecArray) => string | undefined][] = [
  [/\b(?:net|nett)\s*-?\s*(\d{1,3})(?:\s*days?)?\b/gi, (m) => `NET${Number(m[1])}`],
  [/\b(\d{1,3})[- ]days?(?: payment)? terms\b/gi, (m) => `NET${Number(m[1])}`],
  [/\b(\d{1,3})\s*(?:Tage|días|dias|jours)\s*(?:netto|neto|net)\b/gi, (m) => `NET${Number(m[1])}`],
  [
    /\b(?:Vorkasse|prepayment|pre-payment|prepaid|payment in advance|advance payment|cash in advance|pago anticipado)\b/gi,
    () => "PREPAID",
  ],
  [/\bdue (?:up)?on receipt\b/gi, () => "DUE_ON_RECEIPT"],
  [/\bcash on delivery\b|\bC\.O\.D\.?(?!\w)|\bCOD\b/g, () => "COD"],
];

function findTerms(text: string): string[] {
  if (
    !/\bnet|\bterms?\b|\bpayment|\bZahlung|\bVorkasse|\bprepa|\badvance|\bpago|\breceipt|\bCOD\b|\bC\.O\.D/i.test(
      text,
    )
  ) {
    return [];
  }
  // "Freight Terms: Prepaid & Add" is about freight, not payment.
  const cleaned = text.replace(/freight terms?:?\s*prepaid(?:\s*&\s*add)?/gi, " ");
  const found: string[] = [];
  for (const [pattern, make] of TERM_PATTERNS) {
    for (const m of cleaned.matchAll(pattern)) {
      const value = normalizePaymentTerms(make(m) ?? "");
      if (value !== undefined) found.push(value);
    }
  }
  return found;
}

/** A PO number of the same shape as the order's that is not it, with nothing of this order. */
function otherPurchaseOrder(newest: string, order: ExtractionOrder): string | undefined {
  const po = order.poNumber;
  if (po === undefined || newest.includes(po)) return undefined;
  if (order.lines.some((line) => newest.includes(line.sku))) return undefined;
  const shape = new RegExp(`\\b${escapeRegExp(po).replace(/\d+/g, "\\d+")}\\b`);
  const found = shape.exec(newest);
  return found !== null && found[0] !== po ? found[0] : undefined;
}

function questionOf(newest: string): string | undefined {
  const questions = sentences(newest).filter(
    (s) =>
      s.endsWith("?") &&
      !/^(?:ok|okay|right|alright)\?$/i.test(s) &&
      !/\b(?:let me know|does that work|is that ok|ok with you|works for you|any questions)\b/i.test(
        s,
      ),
  );
  return questions.length > 0 ? questions.join(" ") : undefined;
}

const CURRENCY_WORD =
  /[$€£¥]|\b(?:USD|EUR|GBP|JPY|dollars?|euros?|cents?|bucks|yen|pounds sterling)\b/gi;
const PRICE_SENTENCE =
  /\bpric|\bcosts?\b|\brate\b|\bcharge|\bper (?:unit|piece|pc|each)\b|\beach\b|\bea\b/i;
const QUANTITY_SENTENCE =
  /\bship|\bdeliver|\bsend\b|\bsupply|\bmake\b|\bcut\b|\bproduce|\bhave\b|\bgot\b|\bavailable\b|\bin stock\b|\bcan do\b|\bconfirm|\binvoice for\b/i;
const UNIT_AFTER =
  /^\s*(?:[-–]\s*\d+\s*)?(?:business\s+|working\s+)?(?:days?|weeks?|hours?|months?|years?|am\b|pm\b|cm\b|mm\b|m\b|ml\b|l\b|oz\b|g\b|kg\b|lbs?\b|in\b|"|W\b|V\b|mAh\b|%|x\b|st\b|nd\b|rd\b|th\b)/i;

/**
 * Numbers the reading did not account for: a decimal in a sentence about price (a price in a
 * notation it missed), a date after the requested one that is not the delivery date, or a
 * quantity below an ordered one in a sentence about shipping. Any of them makes it unsure.
 */
function checkLooseNumbers(
  newest: string,
  order: ExtractionOrder,
  dateCtx: Parameters<typeof findDates>[1],
  deliveryDate: string | undefined,
  lines: readonly SupplierResponseLine[],
  uncertain: string[],
): void {
  const available = new Set(lines.map((l) => l.availableDate).filter((d) => d !== undefined));
  const ordered = new Set(order.lines.map((l) => l.quantity));
  const totalQuantity = order.lines.reduce((sum, l) => sum + l.quantity, 0);
  for (const sentence of sentences(newest)) {
    const covered: [number, number][] = [];
    for (const m of findMoney(sentence, order.currency))
      covered.push([m.index, m.index + m.length]);
    for (const d of findDates(sentence, dateCtx)) {
      covered.push([d.index, d.index + d.length]);
      if (
        d.iso > order.requestedDeliveryDate &&
        d.iso !== deliveryDate &&
        !available.has(d.iso) &&
        !NEGATION.test(clauseAt(sentence, d.index))
      ) {
        uncertain.push(`a later date (${d.iso}) it could not place`);
      }
    }
    for (const token of sentence.matchAll(
      /[A-Z0-9]+(?:-[A-Z0-9]+)+|\b(?:net|nett|KW|week|wk)\s*-?\s*\d+/gi,
    )) {
      covered.push([token.index, token.index + token[0].length]);
    }
    const isCovered = (start: number, end: number) =>
      covered.some(([s, e]) => start < e && end > s);
    for (const c of sentence.matchAll(CURRENCY_WORD)) {
      if (!isCovered(c.index, c.index + c[0].length)) {
        uncertain.push(`money (${c[0].trim()}) written in a way it could not read`);
      }
    }
    for (const n of sentence.matchAll(
      /(?<![\w.,])\d{1,3}(?:,\d{3})+(?:\.\d+)?|(?<![\w.,])\d+(?:[.,]\d+)?/g,
    )) {
      const start = n.index;
      const end = start + n[0].length;
      if (isCovered(start, end)) continue;
      const after = sentence.slice(end, end + 16);
      if (/^\s*%/.test(after)) continue;
      if (/[.,]\d{1,2}$/.test(n[0]) && PRICE_SENTENCE.test(sentence)) {
        uncertain.push(`a number (${n[0]}) in a sentence about price`);
        continue;
      }
      if (/[.,]/.test(n[0]) && !/^\d{1,3}(?:,\d{3})+$/.test(n[0])) continue;
      const value = Number(n[0].replace(/,/g, ""));
      if (UNIT_AFTER.test(after)) continue;
      const counted =
        /^\s*(?:pcs|pieces?|units?|ea\b|cases?|cartons?|boxes|sets?|pairs?|dozen|doz\b|stk|st\b)/i;
      if (counted.test(after)) {
        // "1500 pcs price tier" is a price break, not a quantity.
        if (/^\s*\S+\s+(?:price\s+)?(?:tier|break|MOQ|minimum)/i.test(after)) continue;
      } else if (!QUANTITY_SENTENCE.test(sentence)) continue;
      if (value > 0 && value < 1_000_000 && !ordered.has(value) && value !== totalQuantity) {
        uncertain.push(`a quantity (${value}) that matches no ordered quantity`);
      }
    }
  }
}

/** The clause of a sentence around a position: "We can't deliver on Dec 10, but Dec 20 works." */
function clauseAt(sentence: string, index: number): string {
  const bounds = /[;,–—]\s|\s-\s|\bbut\b|\bhowever\b/gi;
  let start = 0;
  let end = sentence.length;
  for (const m of sentence.matchAll(bounds)) {
    if (m.index < index) start = m.index;
    else if (m.index >= index) {
      end = m.index;
      break;
    }
  }
  return sentence.slice(start, end);
}
