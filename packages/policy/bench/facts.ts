/**
 * What both peer engines are given: the order and response flattened into plain facts, with
 * the response's lines joined onto the order's by the reference matching (SKU, else
 * description). Neither json-rules-engine's conditions nor ZEN's expressions can join two
 * arrays by key, so this step runs in JavaScript for them — inside the timed loop — while
 * this package's `evaluate` does the same join itself.
 */
import { matchOrderLine } from "../src/context.js";
import type { ComplianceStatus, RecommendedAction } from "../src/decision.js";
import type { PurchaseOrder, SupplierResponse } from "../src/schema.js";

export interface FactLine {
  /** Ordered unit price and quantity. */
  readonly op: number;
  readonly oq: number;
  /** Effective (proposed, else ordered) unit price and quantity. */
  readonly p: number;
  readonly q: number;
  /** The supplier stated a unit price. */
  readonly hp: boolean;
  readonly st: string;
}

export interface Facts {
  readonly kind: SupplierResponse["kind"];
  readonly confidence: number;
  readonly riskCount: number;
  readonly sameCurrency: boolean;
  readonly deliveryDate: string | null;
  readonly requestedDeliveryDate: string;
  readonly proposedTerms: string | null;
  readonly orderTerms: string;
  readonly negotiationRound: number;
  readonly lines: readonly FactLine[];
}

/** The three things a decision is compared on (as the scenario labels state them). */
export interface Outline {
  readonly recommendedAction: RecommendedAction;
  readonly complianceStatus: ComplianceStatus;
  readonly breachedRules: readonly string[];
}

export function toFacts(order: PurchaseOrder, response: SupplierResponse): Facts {
  const answered: (SupplierResponse["lines"][number] | undefined)[] = order.lines.map(
    () => undefined,
  );
  for (const line of response.lines) {
    const i = matchOrderLine(order.lines, line);
    if (i >= 0 && answered[i] === undefined) answered[i] = line;
  }
  return {
    kind: response.kind,
    confidence: response.confidence,
    riskCount: response.riskSignals?.length ?? 0,
    sameCurrency: response.currency == null || response.currency === order.currency,
    deliveryDate: response.deliveryDate ?? null,
    requestedDeliveryDate: order.requestedDeliveryDate,
    proposedTerms: response.paymentTerms ?? null,
    orderTerms: order.paymentTerms,
    negotiationRound: order.negotiationRound,
    lines: order.lines.map((ordered, i) => {
      const line = answered[i];
      return {
        op: ordered.unitPrice,
        oq: ordered.quantity,
        p: line?.unitPrice ?? ordered.unitPrice,
        q: line?.quantity ?? ordered.quantity,
        hp: line?.unitPrice != null,
        st: line?.status ?? "accepted",
      };
    }),
  };
}
