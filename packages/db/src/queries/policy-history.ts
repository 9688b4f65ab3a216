import {
  type PastEvaluation,
  type PurchaseOrder,
  PurchaseOrderSchema,
  type SupplierResponse,
  SupplierResponseSchema,
} from "@po-pro/policy";
import { and, desc, eq, inArray, sql } from "drizzle-orm";
import type { Database } from "../client.js";
import type { DecisionId, MerchantId, OrderId } from "../ids.js";
import {
  decisions,
  extractions,
  merchantSuppliers,
  orderLines,
  orders,
  outbox,
} from "../schema/index.js";
import { supplierOfOrder } from "./joins.js";

/** A decision on a supplier's reply, with what the policy read to make it: a preview's input. */
export interface PastDecision extends PastEvaluation {
  readonly id: DecisionId;
  readonly orderId: OrderId;
  readonly poNumber: string;
  readonly supplierName: string;
  readonly policyVersion: number;
  readonly decidedAt: Date;
  readonly order: PurchaseOrder;
  readonly response: SupplierResponse;
}

/**
 * The merchant's most recent decisions on replies (newest first, at most `limit`), each as the
 * order and the extracted response the policy evaluated, in two statements. Decisions without an
 * extraction (the reply could not be read) are left out: no policy decided them. The order is
 * rebuilt as the worker built it: the requested date or, without one, the day it was sent, and
 * the counter-offers already sent to the supplier when the reply was decided.
 */
export async function listPastDecisions(
  db: Database,
  merchantId: MerchantId,
  options: { limit?: number } = {},
): Promise<PastDecision[]> {
  const limit = Math.min(Math.max(options.limit ?? 200, 1), 1000);
  const rows = await db
    .select({
      id: decisions.id,
      orderId: decisions.orderId,
      policyVersion: decisions.policyVersion,
      decidedAt: decisions.createdAt,
      recommendedAction: decisions.recommendedAction,
      complianceStatus: decisions.complianceStatus,
      matchedRules: decisions.matchedRules,
      response: extractions.response,
      poNumber: orders.poNumber,
      supplierName: merchantSuppliers.displayName,
      currency: orders.currency,
      requestedDeliveryDate: orders.requestedDeliveryDate,
      sentAt: orders.sentAt,
      createdAt: orders.createdAt,
      paymentTerms: orders.paymentTerms,
      countersBefore: sql<number>`(
        select count(*)::int from ${outbox}
        where ${outbox.merchantId} = ${decisions.merchantId}
          and ${outbox.orderId} = ${decisions.orderId}
          and ${outbox.kind} = 'counter_offer'
          and ${outbox.createdAt} < ${decisions.createdAt}
      )`,
    })
    .from(decisions)
    .innerJoin(
      extractions,
      and(
        eq(extractions.merchantId, decisions.merchantId),
        eq(extractions.id, decisions.extractionId),
      ),
    )
    .innerJoin(
      orders,
      and(eq(orders.merchantId, decisions.merchantId), eq(orders.id, decisions.orderId)),
    )
    .innerJoin(merchantSuppliers, supplierOfOrder)
    .where(eq(decisions.merchantId, merchantId))
    .orderBy(desc(decisions.createdAt), desc(decisions.id))
    .limit(limit);
  if (rows.length === 0) return [];

  const orderIds = [...new Set(rows.map((row) => row.orderId))];
  const lines = await db
    .select({
      orderId: orderLines.orderId,
      sku: orderLines.sku,
      description: orderLines.description,
      quantity: orderLines.quantity,
      unitPrice: orderLines.unitPriceMinor,
    })
    .from(orderLines)
    .where(and(eq(orderLines.merchantId, merchantId), inArray(orderLines.orderId, orderIds)))
    .orderBy(orderLines.orderId, orderLines.lineNo);
  const linesOf = new Map<string, PurchaseOrder["lines"][number][]>();
  for (const { orderId, ...line } of lines) {
    const list = linesOf.get(orderId) ?? [];
    list.push(line);
    linesOf.set(orderId, list);
  }

  const past: PastDecision[] = [];
  for (const row of rows) {
    const order = PurchaseOrderSchema.safeParse({
      currency: row.currency,
      requestedDeliveryDate:
        row.requestedDeliveryDate ?? (row.sentAt ?? row.createdAt).toISOString().slice(0, 10),
      paymentTerms: row.paymentTerms,
      negotiationRound: row.countersBefore,
      lines: linesOf.get(row.orderId) ?? [],
    });
    const response = SupplierResponseSchema.safeParse(row.response);
    // A row the policy could not read today (a response stored by an older extractor) is skipped.
    if (!order.success || !response.success) continue;
    past.push({
      id: row.id,
      orderId: row.orderId,
      poNumber: row.poNumber,
      supplierName: row.supplierName,
      policyVersion: row.policyVersion,
      decidedAt: row.decidedAt,
      order: order.data,
      response: response.data,
      decision: {
        recommendedAction: row.recommendedAction,
        complianceStatus: row.complianceStatus,
        matchedRules: row.matchedRules,
      },
    });
  }
  return past;
}
