import {
  type Approval,
  type Database,
  getApproval,
  getMerchant,
  getOrder,
  lockOrder,
  type Merchant,
  type OrderDetail,
  scans,
} from "@po-pro/db";
import type { WorkerContext } from "../../context.js";

export interface PendingApproval {
  readonly approval: Approval;
  readonly merchant: Merchant;
  readonly order: OrderDetail;
}

/**
 * Runs `act` for each approval still pending after `olderThanMs`, each in its own transaction
 * with the order locked (the merchant may be answering it right now); `act` returns whether it
 * did something. Returns how many it acted on.
 */
export async function forEachPendingApproval(
  ctx: WorkerContext,
  olderThanMs: number,
  act: (tx: Database, pending: PendingApproval) => Promise<boolean>,
): Promise<number> {
  const due = await scans.pendingApprovalsOlderThan(
    ctx.db,
    new Date(ctx.clock().getTime() - olderThanMs),
    500,
  );
  let acted = 0;
  for (const { merchantId, id } of due) {
    const done = await ctx.db.transaction(async (tx) => {
      const found = await getApproval(tx, merchantId, id);
      if (found === undefined || (await lockOrder(tx, merchantId, found.orderId)) === undefined) {
        return false;
      }
      // Read again under the order's lock: answered since the scan means nothing to do.
      const approval = await getApproval(tx, merchantId, id);
      if (approval === undefined || approval.status !== "pending") return false;
      const merchant = await getMerchant(tx, merchantId);
      const order = await getOrder(tx, merchantId, approval.orderId);
      if (merchant === undefined || order === undefined) return false;
      return act(tx, { approval, merchant, order });
    });
    if (done) acted++;
  }
  return acted;
}
