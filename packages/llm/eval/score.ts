/** Scoring for `pnpm eval`, with the fixture label conventions (fixtures/README.md). */
import type { SupplierResponse } from "@po-pro/policy";
import type { ExtractionOrder } from "../src/types.js";

export const FIELDS = [
  "kind",
  "lines",
  "deliveryDate",
  "paymentTerms",
  "currency",
  "riskSignals",
  "confidence",
] as const;
export type Field = (typeof FIELDS)[number];

/** Accept, counter or none where the label escalates, or accept where it counters. */
export function isUnsafe(action: string, expected: string): boolean {
  if (expected === "escalate") return action !== "escalate";
  if (expected === "counter_offer") return action === "accept";
  return false;
}

interface LineView {
  status: string;
  quantity: number | undefined;
  unitPrice: number | undefined;
}

/** Lines by SKU; an `accepted` line with the ordered values equals an absent one. */
function lineViews(order: ExtractionOrder, response: SupplierResponse): Map<string, LineView> {
  const views = new Map<string, LineView>();
  for (const line of order.lines) {
    views.set(line.sku, { status: "accepted", quantity: undefined, unitPrice: undefined });
  }
  for (const line of response.lines) {
    const sku = line.sku ?? order.lines.find((l) => l.description === line.description)?.sku;
    if (sku === undefined) continue;
    const ordered = order.lines.find((l) => l.sku === sku);
    views.set(sku, {
      status: line.status,
      quantity: line.quantity === ordered?.quantity ? undefined : line.quantity,
      unitPrice: line.unitPrice === ordered?.unitPrice ? undefined : line.unitPrice,
    });
  }
  return views;
}

function sameLines(
  order: ExtractionOrder,
  actual: SupplierResponse,
  expected: SupplierResponse,
): boolean {
  const a = lineViews(order, actual);
  const e = lineViews(order, expected);
  for (const [sku, view] of e) {
    const other = a.get(sku);
    if (other === undefined) return false;
    if (other.status !== view.status) return false;
    if (view.quantity !== undefined && other.quantity !== view.quantity) return false;
    if (view.unitPrice !== undefined && other.unitPrice !== view.unitPrice) return false;
  }
  return true;
}

export function compareExtraction(
  order: ExtractionOrder,
  actual: SupplierResponse,
  expected: SupplierResponse,
  minConfidence: number,
): Record<Field, boolean> {
  const signals = (r: SupplierResponse) => [...(r.riskSignals ?? [])].sort().join(",");
  return {
    kind: actual.kind === expected.kind,
    lines: sameLines(order, actual, expected),
    deliveryDate: actual.deliveryDate === expected.deliveryDate,
    paymentTerms: actual.paymentTerms === expected.paymentTerms,
    currency: actual.currency === expected.currency,
    riskSignals: signals(actual) === signals(expected),
    // Same side of the policy's minimum as the label.
    confidence: actual.confidence >= minConfidence === expected.confidence >= minConfidence,
  };
}
