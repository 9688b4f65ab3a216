/**
 * approval-reminders (hourly): the merchant is reminded of an approval pending longer than
 * `reminderAfterMs`, at most once per `reminderIntervalMs` and `maxReminders` times in all.
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
import { approvalReminderEmail } from "../../templates/emails.js";
import { queueEmail } from "../outbox/queue-email.js";

export async function approvalReminders(ctx: WorkerContext): Promise<{ reminded: number }> {
  const now = ctx.clock();
  const due = await scans.pendingApprovalsOlderThan(
    ctx.db,
    new Date(now.getTime() - ctx.settings.reminderAfterMs),
    500,
  );
  let reminded = 0;
  for (const { merchantId, id } of due) {
    const sent = await ctx.db.transaction(async (tx) => {
      const approval = await getApproval(tx, merchantId, id);
      if (approval === undefined || approval.status !== "pending") return false;
      if (approval.reminderCount >= ctx.settings.maxReminders) return false;
      const last = approval.lastRemindedAt?.getTime();
      if (last !== undefined && now.getTime() - last < ctx.settings.reminderIntervalMs)
        return false;
      const [merchant, order] = [
        await getMerchant(tx, merchantId),
        await getOrder(tx, merchantId, approval.orderId),
      ];
      if (merchant === undefined || order === undefined) return false;
      const count = approval.reminderCount + 1;
      await queueEmail(ctx, tx, merchantId, {
        kind: "approval_reminder",
        orderId: order.id,
        to: [merchant.email],
        idempotencyKey: `approval-reminder:${approval.id}:${count}`,
        ...approvalReminderEmail(
          order,
          approval.reason,
          (now.getTime() - approval.createdAt.getTime()) / 3_600_000,
        ),
      });
      await noteApprovalFollowUp(tx, merchantId, approval.id, "reminder", now);
      await appendAudit(tx, merchantId, {
        orderId: order.id,
        actor: "agent",
        event: "approval_reminder_queued",
        details: { approvalId: approval.id, reminder: count },
      });
      return true;
    });
    if (sent) reminded++;
  }
  return { reminded };
}
