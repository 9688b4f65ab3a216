/**
 * hold-messages (hourly): when an approval has waited `holdAfterMs` (48 h), the supplier gets one
 * polite message in the PO's thread saying the order is with the merchant.
 */
import { appendAudit, noteApprovalFollowUp } from "@po-pro/db";
import type { WorkerContext } from "../../context.js";
import { holdMessageEmail } from "../../templates/emails.js";
import { orderThread } from "../agent/thread.js";
import { queueEmail } from "../outbox/queue-email.js";
import { forEachPendingApproval } from "./pending-approvals.js";

export async function holdMessages(ctx: WorkerContext): Promise<{ held: number }> {
  const now = ctx.clock();
  const held = await forEachPendingApproval(
    ctx,
    ctx.settings.holdAfterMs,
    async (tx, { approval, merchant, order }) => {
      if (approval.holdMessageSentAt !== null) return false;
      await queueEmail(ctx, tx, merchant.id, {
        kind: "hold_message",
        orderId: order.id,
        to: [order.supplierEmail],
        idempotencyKey: `hold-message:${approval.id}`,
        thread: await orderThread(tx, merchant.id, order),
        ...holdMessageEmail(order, merchant),
      });
      await noteApprovalFollowUp(tx, merchant.id, approval.id, "hold_message", now);
      await appendAudit(tx, merchant.id, {
        orderId: order.id,
        actor: "agent",
        event: "hold_message_queued",
        details: { approvalId: approval.id },
      });
      return true;
    },
  );
  return { held };
}
