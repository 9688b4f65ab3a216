/**
 * send-po: a new order's purchase-order email. The dashboard saves the order and enqueues this;
 * the order then awaits the supplier, with its first follow-up scheduled.
 */
import {
  appendAudit,
  getMerchant,
  getOrder,
  type MerchantId,
  type OrderId,
  updateOrder,
} from "@po-pro/db";
import { setMerchant, tagOrder, tagSupplier } from "@po-pro/observability";
import type { WorkerContext } from "../../context.js";
import { purchaseOrderEmail } from "../../templates/emails.js";
import { queueEmail } from "../outbox/queue-email.js";

export async function sendPurchaseOrder(
  ctx: WorkerContext,
  payload: { merchantId: string; orderId: string },
): Promise<"queued" | "not_draft" | "not_found"> {
  const merchantId = payload.merchantId as MerchantId;
  const orderId = payload.orderId as OrderId;
  setMerchant(merchantId);
  return ctx.db.transaction(async (tx) => {
    const [merchant, order] = [
      await getMerchant(tx, merchantId),
      await getOrder(tx, merchantId, orderId),
    ];
    if (merchant === undefined || order === undefined) return "not_found";
    tagOrder({ id: order.id, status: order.status });
    tagSupplier(order.supplierId);
    if (order.status !== "draft") return "not_draft";
    await queueEmail(ctx, tx, merchantId, {
      kind: "purchase_order",
      orderId,
      to: [order.supplierEmail],
      idempotencyKey: `purchase-order:${orderId}`,
      ...purchaseOrderEmail(order, merchant),
    });
    await updateOrder(tx, merchantId, orderId, {
      status: "awaiting_supplier",
      nextFollowUpAt: new Date(ctx.clock().getTime() + ctx.settings.followUpAfterMs),
      followUpCount: 0,
    });
    await appendAudit(tx, merchantId, {
      orderId,
      actor: "agent",
      event: "purchase_order_queued",
      details: { poNumber: order.poNumber },
    });
    ctx.log.info(
      { event: "po_sent", po: order.poNumber, supplier: order.supplierName },
      `${order.poNumber} · ${order.supplierName} · purchase order sent`,
    );
    return "queued";
  });
}
