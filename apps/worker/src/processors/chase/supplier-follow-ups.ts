/**
 * supplier-follow-ups (hourly): an order still awaiting the supplier at its follow-up time gets a
 * follow-up in the PO's thread, up to `maxFollowUps`; after that it goes to the merchant.
 */
import { appendAudit, getMerchant, getOrder, lockOrder, scans, updateOrder } from "@po-pro/db";
import type { WorkerContext } from "../../context.js";
import { followUpEmail } from "../../templates/emails.js";
import { escalateForReason } from "../agent/escalate.js";
import { orderThread } from "../agent/thread.js";
import { queueEmail } from "../outbox/queue-email.js";

const CHASING = new Set(["awaiting_supplier", "negotiating"]);

export async function supplierFollowUps(
  ctx: WorkerContext,
): Promise<{ followedUp: number; escalated: number }> {
  const now = ctx.clock();
  const due = await scans.ordersDueForFollowUp(ctx.db, now, 500);
  let followedUp = 0;
  let escalated = 0;
  for (const { merchantId, id } of due) {
    const outcome = await ctx.db.transaction(async (tx) => {
      if ((await lockOrder(tx, merchantId, id)) === undefined) return "skip";
      const [merchant, order] = [
        await getMerchant(tx, merchantId),
        await getOrder(tx, merchantId, id),
      ];
      if (merchant === undefined || order === undefined) return "skip";
      if (
        !CHASING.has(order.status) ||
        order.nextFollowUpAt === null ||
        order.nextFollowUpAt > now
      ) {
        return "skip"; // answered, or chased by another run, since the scan
      }
      if (order.followUpCount >= ctx.settings.maxFollowUps) {
        const active = await ctx.policies.active(tx, merchantId);
        if (active === undefined) return "skip";
        const reason = `${order.supplierName} has not answered after ${order.followUpCount} follow-ups`;
        await escalateForReason(ctx, tx, {
          merchant,
          order,
          policy: active,
          reason,
          explanation: [`The purchase order went out; ${reason}.`],
          cause: `no-answer:${order.id}:${order.followUpCount}`,
        });
        return "escalated";
      }
      const count = order.followUpCount + 1;
      await queueEmail(ctx, tx, merchantId, {
        kind: "supplier_follow_up",
        orderId: order.id,
        to: [order.supplierEmail],
        idempotencyKey: `follow-up:${order.id}:${count}`,
        thread: await orderThread(tx, merchantId, order),
        ...followUpEmail(order, count, merchant),
      });
      await updateOrder(tx, merchantId, order.id, {
        followUpCount: count,
        nextFollowUpAt: new Date(now.getTime() + ctx.settings.followUpAfterMs),
      });
      await appendAudit(tx, merchantId, {
        orderId: order.id,
        actor: "agent",
        event: "supplier_follow_up_queued",
        details: { followUp: count },
      });
      return "followed_up";
    });
    if (outcome === "followed_up") followedUp++;
    if (outcome === "escalated") escalated++;
  }
  return { followedUp, escalated };
}
