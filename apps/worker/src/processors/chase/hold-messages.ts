/**
 * hold-messages (hourly): when an approval has waited `holdAfterMs` (48 h), the supplier gets one
 * polite message in the PO's thread saying the order is with the merchant.
 */
import {
  appendAudit,
  getApproval,
  getMerchant,
  getOrder,
  noteApprovalFollowUp,
  scans,
} from "@po-pro/db";
import type { WorkerContext } from "../../context.js";
import { holdMessageEmail } from "../../templates/emails.js";
import { orderThread } from "../agent/thread.js";
import { queueEmail } from "../outbox/queue-email.js";

export async function holdMessages(ctx: WorkerContext): Promise<{ held: number }> {
  const now = ctx.clock();
  const due = await scans.pendingApprovalsOlderThan(
    ctx.db,
    new Date(now.getTime() - ctx.settings.holdAfterMs),
    500,
  );
  let held = 0;
  for (const { merchantId, id } of due) {
    const sent = await ctx.db.transaction(async (tx) => {
      const approval = await getApproval(tx, merchantId, id);
      if (approval === undefined || approval.status !== "pending") return false;
      if (approval.holdMessageSentAt !== null) return false;
      const [merchant, order] = [
        await getMerchant(tx, merchantId),
        await getOrder(tx, merchantId, approval.orderId),
      ];
      if (merchant === undefined || order === undefined) return false;
      await queueEmail(ctx, tx, merchantId, {
        kind: "hold_message",
        orderId: order.id,
        to: [order.supplierEmail],
        idempotencyKey: `hold-message:${approval.id}`,
        thread: await orderThread(tx, merchantId, order),
        ...holdMessageEmail(order, merchant),
      });
      await noteApprovalFollowUp(tx, merchantId, approval.id, "hold_message", now);
      await appendAudit(tx, merchantId, {
        orderId: order.id,
        actor: "agent",
        event: "hold_message_queued",
        details: { approvalId: approval.id },
      });
      return true;
    });
    if (sent) held++;
  }
  return { held };
}
