/**
 * merchant-decision: the merchant answered an approval in the dashboard. Approve confirms the
 * supplier's proposal; reject cancels the order with the supplier; counter sends the merchant's
 * edited terms. All of it in one transaction, and only while the approval is still pending, so a
 * retried or doubled job acts once.
 */
import {
  type ApprovalId,
  ApprovalNotPendingError,
  appendAudit,
  decideApproval,
  getApproval,
  getMerchant,
  getOrder,
  lockOrder,
  type MerchantId,
  type UserId,
  updateOrder,
} from "@po-pro/db";
import type { JobPayload } from "@po-pro/jobs";
import { setMerchant, tagOrder, tagSupplier } from "@po-pro/observability";
import type { WorkerContext } from "../../context.js";
import { cancellationEmail, confirmationEmail, counterOfferEmail } from "../../templates/emails.js";
import { orderThread } from "../agent/thread.js";
import { queueEmail } from "../outbox/queue-email.js";

export async function merchantDecision(
  ctx: WorkerContext,
  payload: JobPayload<"merchant-decision">,
): Promise<"done" | "not_pending" | "not_found"> {
  const merchantId = payload.merchantId as MerchantId;
  const approvalId = payload.approvalId as ApprovalId;
  setMerchant(merchantId);
  return ctx.db.transaction(async (tx) => {
    const approval = await getApproval(tx, merchantId, approvalId);
    const merchant = await getMerchant(tx, merchantId);
    if (approval === undefined || merchant === undefined) return "not_found";
    // The order before its approval, in the same order as process-email takes them.
    if ((await lockOrder(tx, merchantId, approval.orderId)) === undefined) return "not_found";
    const order = await getOrder(tx, merchantId, approval.orderId);
    if (order === undefined) return "not_found";
    tagOrder({ id: order.id, status: order.status });
    tagSupplier(order.supplierId);
    try {
      await decideApproval(tx, merchantId, approvalId, {
        status: payload.action === "reject" ? "rejected" : "approved",
        decidedBy: payload.userId as UserId,
        ...(payload.action === "reject" && payload.note !== undefined
          ? { note: payload.note }
          : {}),
      });
    } catch (error) {
      if (error instanceof ApprovalNotPendingError) return "not_pending";
      throw error;
    }
    const thread = await orderThread(tx, merchantId, order);
    const base = { orderId: order.id, to: [order.supplierEmail], thread };
    switch (payload.action) {
      case "approve":
        await updateOrder(tx, merchantId, order.id, { status: "confirmed", nextFollowUpAt: null });
        await queueEmail(ctx, tx, merchantId, {
          ...base,
          kind: "confirmation",
          idempotencyKey: `merchant-approve:${approvalId}`,
          ...confirmationEmail(order, merchant),
        });
        break;
      case "reject":
        await updateOrder(tx, merchantId, order.id, { status: "cancelled", nextFollowUpAt: null });
        await queueEmail(ctx, tx, merchantId, {
          ...base,
          kind: "order_cancellation",
          idempotencyKey: `merchant-reject:${approvalId}`,
          ...cancellationEmail(order, merchant),
        });
        break;
      case "counter":
        await updateOrder(tx, merchantId, order.id, {
          status: "negotiating",
          negotiationRound: order.negotiationRound + 1,
          nextFollowUpAt: new Date(ctx.clock().getTime() + ctx.settings.followUpAfterMs),
          followUpCount: 0,
        });
        await queueEmail(ctx, tx, merchantId, {
          ...base,
          kind: "counter_offer",
          idempotencyKey: `merchant-counter:${approvalId}`,
          ...counterOfferEmail(order, payload.terms, merchant),
        });
        break;
    }
    await appendAudit(tx, merchantId, {
      orderId: order.id,
      actor: "merchant",
      actorUserId: payload.userId as UserId,
      event: `merchant_${payload.action}`,
      details: { approvalId, ...(payload.action === "counter" ? { terms: payload.terms } : {}) },
    });
    ctx.log.info(
      { event: "merchant_decision", po: order.poNumber, action: payload.action },
      `${order.poNumber} · ${order.supplierName} · merchant chose ${payload.action}`,
    );
    return "done";
  });
}
