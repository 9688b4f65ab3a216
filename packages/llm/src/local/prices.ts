/**
 * The price reader: a line's unit price as the supplier states it — restated at the ordered
 * value, a new price tied to the line by SKU or description (or to every line: "both",
 * "all"), a percentage on the lines, or a table row whose quantity × price = amount. An
 * amount written as a difference ("an extra $2", "$0.12 more", "a $150 freight charge") is
 * never taken for a price: the extractor cannot apply it safely, so it says it is unsure.
 */
import { type Fact, fact, type ReadContext, type Reading } from "./facts.js";
import { uniqueLines } from "./lines.js";
import { findMoney, findPercents, type MoneyMention } from "./money.js";

export interface LinePrice {
  /** The ordered price, restated. */
  stated: number | undefined;
  /** New prices read for the line (more than one distinct is a doubt). */
  proposed: number[];
  /** A quantity read from a table row. */
  quantity: number | undefined;
}

export interface PriceReading extends Reading {
  lines: LinePrice[];
  /** Every amount in the segments, for the currency reader. */
  money: MoneyMention[];
}

const OLD_PRICE_BEFORE =
  /(?:\bwas|\bfrom|\bbefore|\binstead of|\bvs\.?|\bpreviously|\bstatt|\ben lugar de|\ben vez de|\bantes|\bbisher)\s*$/i;
const ALL_LINES =
  /\b(?:both|all|each|every|across the board|beide[n]?|alle[n]?|todos|todas|ambos)\b/i;
/** Words just before an amount that make it a difference or an extra charge, not a price. */
const DELTA_BEFORE =
  /(?:\bmore|\bextra|\badditional|\bplus|\badd(?:s|ed|ing)?|\bsurcharge|\bpremium|\bfees?|\bcharges?|\bon top|\bby|\bincrease|\brise|\braise|\bhike|\bup|\bfreight|\bshipping|\bhandling|\bsetup|\bset-up|\btooling|\bdeposit|\bmehr|\bzusätzlich\w*|\bAufschlag|\bmás|\badicional\w*|\brecargo|\baumento|\+)\s*(?:of\s+|de\s+|von\s+|um\s+)?(?:just\s+|only\s+|about\s+|approx\.?\s+|an?\s+)?$/i;
const DELTA_AFTER =
  /^\s*(?:more|extra|additional|higher|on top|surcharge|premium|fee|charge|increase|difference|freight|shipping|handling|setup|tooling|deposit|(?:per|a|each)\s+\w+\s+more|mehr|zusätzlich|Aufschlag|más|adicional|de más|recargo)\b/i;
/** Words that make a percentage a change of price. */
const PERCENT_PRICE =
  /\bpric|\bcost|\bappl|\bup\b|\bincrease|\brise|\brose|\braise|\bpass(?:ing)? (?:on|along)|\bsurcharge|\bPreis|\berhöh|\bprecio|\baument|\bsubida/i;

/** Standalone integers of a row with their positions: not part of a word, a decimal or a measure. */
export function rowIntegers(text: string): { value: number; index: number; length: number }[] {
  return [
    ...text.matchAll(
      /(?<![\w.,$€£-])(\d{1,3}(?:,\d{3})+|\d+)(?![\w.,]*\d)(?!\s*(?:%|W\b|m\b|mm\b|ml\b|oz\b|lb\b|g\b|kg\b|cm\b|in\b|"))/g,
    ),
  ]
    .map((m) => ({
      value: Number((m[1] ?? "").replace(/,/g, "")),
      index: m.index,
      length: m[0].length,
    }))
    .filter((n) => n.value > 0);
}

export interface Row {
  quantity: { value: number; index: number; length: number };
  price: MoneyMention;
  used: MoneyMention[];
}

/** A table row: quantity × unit price = amount, or "400 Stk. à 3,90 €" with the ordered quantity. */
export function readRow(
  text: string,
  orderedQuantity: number,
  money: MoneyMention[],
): Row | undefined {
  const integers = rowIntegers(text);
  for (const price of money) {
    for (const amount of money) {
      if (amount === price || amount.minor <= price.minor) continue;
      for (const quantity of integers) {
        if (Math.abs(quantity.value * price.minor - amount.minor) <= 1) {
          return { quantity, price, used: [price, amount] };
        }
      }
    }
  }
  const ordered = integers.find((n) => n.value === orderedQuantity);
  if (money.length === 1 && ordered !== undefined && /@|\bà\b|\bat\b|\bx\b|\ba\b/.test(text)) {
    const price = money[0] as MoneyMention;
    return { quantity: ordered, price, used: [price] };
  }
  return undefined;
}

export function readPrices(ctx: ReadContext): PriceReading {
  const { order } = ctx;
  const lines: LinePrice[] = order.lines.map(() => ({
    stated: undefined,
    proposed: [],
    quantity: undefined,
  }));
  const facts: Fact[] = [];
  const uncertain: string[] = [];
  const money: MoneyMention[] = [];
  /** Amounts already read, as `segment:index`. */
  const tied = new Set<string>();

  ctx.segments.forEach((segment, s) => {
    const text = segment.text;
    const found = findMoney(text, order.currency);
    money.push(...found);
    const mentions = segment.mentions;

    const skuLines = uniqueLines(mentions.filter((m) => m.bySku));
    if (skuLines.length === 1 && found.length >= 1) {
      const i = skuLines[0] as number;
      const line = order.lines[i];
      const row = line !== undefined ? readRow(text, line.quantity, found) : undefined;
      if (line !== undefined && row !== undefined) {
        const state = lines[i] as LinePrice;
        state.quantity = row.quantity.value;
        const same = row.price.minor === line.unitPrice && row.price.currency === order.currency;
        if (same || (row.price.bare && row.price.minor === line.unitPrice))
          state.stated = line.unitPrice;
        else state.proposed.push(row.price.minor);
        for (const m of row.used) {
          tied.add(`${s}:${m.index}`);
          facts.push(fact(s, same ? "price" : "price_change", m.index, m.length));
        }
        facts.push(
          fact(
            s,
            row.quantity.value === line.quantity ? "quantity" : "quantity_change",
            row.quantity.index,
            row.quantity.length,
          ),
        );
        return;
      }
    }

    for (const m of found) {
      const before = text.slice(Math.max(0, m.index - 30), m.index);
      const after = text.slice(m.index + m.length, m.index + m.length + 30);
      if (DELTA_BEFORE.test(before) || DELTA_AFTER.test(after)) {
        uncertain.push(
          `an amount (${text.slice(m.index, m.index + m.length)}) given as a difference or an extra charge`,
        );
        continue;
      }
      const preceding = mentions.filter((x) => x.index < m.index);
      const nearest = preceding[preceding.length - 1];
      let targets: number[] = [];
      if (nearest !== undefined) targets = [nearest.line];
      else if (order.lines.length === 1) targets = [0];
      else if (mentions.length > 0)
        targets = uniqueLines(mentions).length === 1 ? [mentions[0]?.line as number] : [];
      else if (ALL_LINES.test(text)) targets = order.lines.map((_, i) => i);
      const foreign = !m.bare && m.currency !== order.currency;
      if (targets.length === 0) {
        if (!foreign && order.lines.some((line) => line.unitPrice === m.minor)) {
          tied.add(`${s}:${m.index}`);
          facts.push(fact(s, "price", m.index, m.length));
        }
        continue;
      }
      const oldPrice = OLD_PRICE_BEFORE.exec(text.slice(0, m.index));
      for (const i of targets) {
        const ordered = order.lines[i]?.unitPrice ?? 0;
        const state = lines[i] as LinePrice;
        if (oldPrice !== null && !/\bat\s*$/i.test(before)) {
          // "(was £6.40)", "instead of 3.10": the old price, restated.
          if (m.minor === ordered && !foreign) state.stated ??= m.minor;
          facts.push(fact(s, "price", oldPrice.index, m.index + m.length - oldPrice.index));
        } else if (m.minor === ordered && !foreign) {
          state.stated = m.minor;
          facts.push(fact(s, "price", m.index, m.length));
        } else if (m.minor >= ordered * 0.4 && m.minor <= ordered * 2.5) {
          state.proposed.push(m.minor);
          facts.push(fact(s, "price_change", m.index, m.length));
          if (foreign) facts.push(fact(s, "currency", m.index, m.length));
        } else continue;
        tied.add(`${s}:${m.index}`);
      }
    }

    // "+6% on both SKUs": a percentage applied to every line, or to the one named.
    for (const p of findPercents(text)) {
      if (!PERCENT_PRICE.test(text)) continue;
      const named = uniqueLines(mentions);
      const targets =
        ALL_LINES.test(text) || order.lines.length === 1
          ? order.lines.map((_, i) => i)
          : named.length === 1
            ? named
            : [];
      if (targets.length === 0) continue;
      for (const i of targets) {
        const state = lines[i] as LinePrice;
        const ordered = order.lines[i]?.unitPrice ?? 0;
        if (state.proposed.length === 0 && state.stated === undefined) {
          state.proposed.push(Math.round(ordered * (1 + p.percent / 100)));
        }
      }
      facts.push(fact(s, "price_change", p.index, p.length));
    }
  });

  // Totals: a line or order total, at the ordered or the proposed values.
  const ordered = new Set<number>();
  const proposed = new Set<number>();
  let orderedTotal = 0;
  let proposedTotal = 0;
  order.lines.forEach((line, i) => {
    const state = lines[i] as LinePrice;
    const price = state.proposed[0] ?? line.unitPrice;
    const quantity = state.quantity ?? line.quantity;
    ordered.add(line.unitPrice * line.quantity);
    proposed.add(price * quantity);
    proposed.add(price);
    orderedTotal += line.unitPrice * line.quantity;
    proposedTotal += price * quantity;
  });
  ordered.add(orderedTotal);
  proposed.add(proposedTotal);
  ctx.segments.forEach((segment, s) => {
    for (const m of findMoney(segment.text, order.currency)) {
      if (tied.has(`${s}:${m.index}`)) continue;
      const sameCurrency = m.bare || m.currency === order.currency;
      if (sameCurrency && ordered.has(m.minor)) facts.push(fact(s, "price", m.index, m.length));
      else if (proposed.has(m.minor)) facts.push(fact(s, "price_change", m.index, m.length));
      else if (segment.attachment)
        uncertain.push(`an amount (${m.minor} minor units) that matches no line`);
    }
  });
  return { lines, money, facts, uncertain };
}
