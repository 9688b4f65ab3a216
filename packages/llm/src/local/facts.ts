/**
 * What the field readers found, sentence by sentence. The sentence classifier uses the facts
 * to decide whether every sentence is accounted for: a hazard word is explained only by a
 * fact of its kind in the same sentence, and every number must sit inside some fact's span.
 */
import type { ExtractionOrder } from "../types.js";
import type { DateContext } from "./dates.js";
import type { LineMention } from "./lines.js";

export type FactKind =
  /** A line's price, restated at the ordered value. */
  | "price"
  /** A line's new price, or a percentage applied to lines. */
  | "price_change"
  /** A line's quantity at the ordered value, or an order total. */
  | "quantity"
  | "quantity_change"
  | "backorder"
  | "line_rejection"
  /** A delivery date equal to the requested one, or a date before it (production, pick-up). */
  | "date"
  /** A delivery date after or before the requested one, read as the new delivery date. */
  | "date_change"
  | "terms"
  | "terms_change"
  | "currency"
  /** A code, reference number, phone number, time or measure that carries no term. */
  | "reference";

export interface Fact {
  /** Index into the segments. */
  segment: number;
  kind: FactKind;
  start: number;
  end: number;
}

export interface Segment {
  text: string;
  /** From an attachment rather than the body. */
  attachment: boolean;
  /** Where the order's lines are named in it. */
  mentions: LineMention[];
}

/** Everything a reader needs: the order, the segments, and how to read dates. */
export interface ReadContext {
  order: ExtractionOrder;
  segments: readonly Segment[];
  dates: DateContext;
}

/** What a reader returns besides its value: its facts and what it could not account for. */
export interface Reading {
  facts: Fact[];
  uncertain: string[];
}

export function fact(segment: number, kind: FactKind, start: number, length: number): Fact {
  return { segment, kind, start, end: start + length };
}
