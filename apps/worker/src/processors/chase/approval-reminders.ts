/**
 * approval-reminders (hourly): the merchant is reminded of an approval pending longer than
 * `reminderAfterMs`, at most once per `reminderIntervalMs` and `maxReminders` times in all.
 */
import { appendAudit, noteApprovalFollowUp } from "@po-pro/db";
import type { WorkerContext } from "../../context.js";
import { approvalReminderEmail } from "../../templates/emails.js";
import { queueEmail } from "../outbox/queue-email.js";
import { forEachPendingApproval } from "./pending-approvals.js";

export async function approvalReminders(ctx: WorkerContext): Promise<{ reminded: number }> {
  const now = ctx.clock();
  const reminded = await forEachPendingApproval(
    ctx,
    ctx.settings.reminderAfterMs,
    async (tx, { approval, merchant, order }) => {
      if (approval.reminderCount >= ctx.settings.maxReminders) return false;
      const last = approval.lastRemindedAt?.getTime();
      if (last !== undefined && now.getTime() - last < ctx.settings.reminderIntervalMs) {
        return false;
      }
      const count = approval.reminderCount + 1;
      await queueEmail(ctx, tx, merchant.id, {
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
      await noteApprovalFollowUp(tx, merchant.id, approval.id, "reminder", now);
      await appendAudit(tx, merchant.id, {
        orderId: order.id,
        actor: "agent",
        event: "approval_reminder_queued",
        details: { approvalId: approval.id, reminder: count },
      });
      return true;
    },
  );
  return { reminded };
}
