/**
 * The facts every rule reads, computed once per evaluation: which response line answers
 * which order line, and each order line's effective status, quantity and price. They live
 * in typed arrays that are reused from one evaluation to the next, so the hot path
 * allocates nothing for them; `evaluate` is synchronous and calls no user code, so no two
 * evaluations can interleave on the same arrays.
 */
import type { PurchaseOrder, SupplierResponse, SupplierResponseLine } from "./schema.js";

export const ACCEPTED = 0;
export const PRICE_CHANGED = 1;
export const QUANTITY_CHANGED = 2;
export const BACKORDERED = 3;
export const SUBSTITUTED = 4;
export const REJECTED = 5;

function statusCode(status: SupplierResponseLine["status"]): number {
  switch (status) {
    case "accepted":
      return ACCEPTED;
    case "price_changed":
      return PRICE_CHANGED;
    case "quantity_changed":
      return QUANTITY_CHANGED;
    case "backordered":
      return BACKORDERED;
    case "substituted":
      return SUBSTITUTED;
    case "rejected":
      return REJECTED;
    default:
      // Unreachable: SupplierResponseSchema admits only the statuses above.
      return ACCEPTED;
  }
}

type OrderLine = PurchaseOrder["lines"][number];

/**
 * Index of the single order line a response line refers to, or -1: by SKU when exactly one
 * order line has it, else by description (trimmed, case-insensitive) when exactly one
 * matches — the reference evaluator's reading.
 */
export function matchOrderLine(lines: readonly OrderLine[], line: SupplierResponseLine): number {
  const sku = line.sku;
  if (sku != null) {
    let hit = -1;
    let hits = 0;
    for (let i = 0; i < lines.length; i++) {
      if (lines[i]?.sku === sku) {
        hit = i;
        hits++;
      }
    }
    if (hits === 1) return hit;
  }
  const description = line.description;
  if (description) {
    const wanted = description.trim().toLowerCase();
    let hit = -1;
    let hits = 0;
    for (let i = 0; i < lines.length; i++) {
      if (lines[i]?.description?.trim().toLowerCase() === wanted) {
        hit = i;
        hits++;
      }
    }
    if (hits === 1) return hit;
  }
  return -1;
}

/**
 * Response lines that match no order line (or repeat one already answered). The policy
 * ignores them, as the design reads "lines the supplier mentions"; the extraction step
 * should treat a non-empty result as a sign that it misread the email.
 */
export function unmatchedResponseLines(order: PurchaseOrder, response: SupplierResponse): number[] {
  const taken = new Set<number>();
  const unmatched: number[] = [];
  response.lines.forEach((line, j) => {
    const i = matchOrderLine(order.lines, line);
    if (i < 0 || taken.has(i)) unmatched.push(j);
    else taken.add(i);
  });
  return unmatched;
}

export class EvaluationContext {
  order!: PurchaseOrder;
  response!: SupplierResponse;
  /** The response quotes no other currency than the order's. */
  sameCurrency = true;
  lowConfidence = false;
  lineCount = 0;
  /** Per order line: index of the response line answering it, or -1. */
  match = new Int32Array(8);
  status = new Uint8Array(8);
  /** Per order line: what the supplier will supply (proposed, else ordered). */
  quantity = new Float64Array(8);
  /** Per order line: the proposed unit price, else the ordered one. */
  price = new Float64Array(8);
  /** Per order line: 1 when the supplier stated a unit price. */
  hasPrice = new Uint8Array(8);
  orderedQuantity = new Float64Array(8);
  orderedPrice = new Float64Array(8);
  /** Per order line, filled when a counter-offer is drafted: COUNTER_PRICE | COUNTER_ORIGINAL. */
  counter = new Uint8Array(8);

  begin(order: PurchaseOrder, response: SupplierResponse, lowConfidence: boolean): void {
    this.order = order;
    this.response = response;
    this.lowConfidence = lowConfidence;
    const currency = response.currency;
    this.sameCurrency = currency == null || currency === order.currency;
  }

  /** Joins the response's lines onto the order's and derives each line's effective values. */
  loadLines(): void {
    const orderLines = this.order.lines;
    const n = orderLines.length;
    if (n > this.match.length) this.grow(n);
    this.lineCount = n;
    const match = this.match;
    for (let i = 0; i < n; i++) match[i] = -1;
    const responseLines = this.response.lines;
    for (let j = 0; j < responseLines.length; j++) {
      const line = responseLines[j];
      if (line === undefined) continue;
      const i = matchOrderLine(orderLines, line);
      // A second mention of the same order line is ignored: the first one answers it.
      if (i >= 0 && match[i] === -1) match[i] = j;
    }
    for (let i = 0; i < n; i++) {
      const ordered = orderLines[i] as OrderLine;
      this.orderedQuantity[i] = ordered.quantity;
      this.orderedPrice[i] = ordered.unitPrice;
      const j = match[i] as number;
      const line = j >= 0 ? responseLines[j] : undefined;
      if (line === undefined) {
        this.status[i] = ACCEPTED;
        this.quantity[i] = ordered.quantity;
        this.price[i] = ordered.unitPrice;
        this.hasPrice[i] = 0;
        continue;
      }
      this.status[i] = statusCode(line.status);
      this.quantity[i] = line.quantity ?? ordered.quantity;
      const unitPrice = line.unitPrice;
      this.price[i] = unitPrice ?? ordered.unitPrice;
      this.hasPrice[i] = unitPrice == null ? 0 : 1;
    }
  }

  /** The response line answering order line `i`, if any. */
  responseLine(i: number): SupplierResponseLine | undefined {
    const j = this.match[i] ?? -1;
    return j >= 0 ? this.response.lines[j] : undefined;
  }

  orderLine(i: number): OrderLine {
    return this.order.lines[i] as OrderLine;
  }

  private grow(n: number): void {
    const size = Math.max(n, this.match.length * 2);
    this.match = new Int32Array(size);
    this.status = new Uint8Array(size);
    this.quantity = new Float64Array(size);
    this.price = new Float64Array(size);
    this.hasPrice = new Uint8Array(size);
    this.orderedQuantity = new Float64Array(size);
    this.orderedPrice = new Float64Array(size);
    this.counter = new Uint8Array(size);
  }
}
