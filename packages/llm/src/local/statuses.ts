/**
 * The line-status reader: a line the supplier backorders (with the date it becomes available)
 * or refuses, named by SKU or description. A backorder or refusal that cannot be tied to
 * exactly one line is a doubt, not a guess.
 */
import type { SupplierResponseLine } from "@po-pro/policy";
import { findDates } from "./dates.js";
import { type Fact, fact, type ReadContext, type Reading } from "./facts.js";
import { uniqueLines } from "./lines.js";

export interface LineStatus {
  status: Extract<SupplierResponseLine["status"], "backordered" | "rejected"> | undefined;
  availableDate: string | undefined;
}

export interface StatusReading extends Reading {
  lines: LineStatus[];
}

export const BACKORDER =
  /\bback[- ]?order(?:ed)?\b|\bout of stock\b|\bsold out\b|\b(?:will|to) follow (?:later|separately|in|on|by|next)\b|\bpartial shipment\b|\bsecond shipment\b|\bnot (?:have|be able to ship) (?:them|these|those|it) until\b|\bwill not have (?:them|these|those|it) until\b|\bagotad[oa]s?\b|\bnicht (?:vorrätig|lieferbar)\b/i;
export const LINE_REJECTION =
  /\bremove\b|\bcan(?:'|’|no)?t (?:run|supply|make|produce|offer|provide)\b|\bcannot (?:run|supply|make|produce|offer|provide)\b|\bdiscontinued\b|\bno longer (?:make|offer|available|produce|carry|stock)\b|\bdescatalogad[oa]\b|\bno (?:fabricamos|podemos (?:suministrar|fabricar))\b|\bnicht mehr (?:lieferbar|verfügbar|im Sortiment)\b/i;

export function readLineStatuses(ctx: ReadContext): StatusReading {
  const lines: LineStatus[] = ctx.order.lines.map(() => ({
    status: undefined,
    availableDate: undefined,
  }));
  const facts: Fact[] = [];
  const uncertain: string[] = [];
  ctx.segments.forEach((segment, s) => {
    const text = segment.text;
    let named = uniqueLines(segment.mentions);
    if (named.length === 0) {
      // "those 30 pieces": a count that is exactly one line's ordered quantity names it.
      const counts = [...text.matchAll(/(?<![\d.,])\d+(?![\d.,]\d)/g)].map((m) => Number(m[0]));
      const lines = ctx.order.lines
        .map((line, i) => (counts.includes(line.quantity) ? i : -1))
        .filter((i) => i >= 0);
      if (lines.length === 1) named = lines;
    }
    const backorder = BACKORDER.exec(text);
    if (backorder !== null) {
      const dates = findDates(text, ctx.dates);
      if (named.length === 1 && dates.length <= 1) {
        const state = lines[named[0] as number] as LineStatus;
        state.status = "backordered";
        state.availableDate = dates[0]?.iso;
        facts.push(fact(s, "backorder", backorder.index, backorder[0].length));
        const quantity = ctx.order.lines[named[0] as number]?.quantity;
        for (const m of text.matchAll(new RegExp(`(?<![\\d.,])${quantity}(?![\\d.,]\\d)`, "g")))
          facts.push(fact(s, "backorder", m.index, m[0].length));
        for (const d of dates) facts.push(fact(s, "backorder", d.index, d.length));
      } else uncertain.push("a backorder that could not be tied to one line");
      return;
    }
    const refusal = LINE_REJECTION.exec(text);
    if (refusal !== null) {
      if (named.length === 1) {
        (lines[named[0] as number] as LineStatus).status = "rejected";
        facts.push(fact(s, "line_rejection", refusal.index, refusal[0].length));
      } else uncertain.push("a refused line that could not be tied to one line");
    }
  });
  return { lines, facts, uncertain };
}
