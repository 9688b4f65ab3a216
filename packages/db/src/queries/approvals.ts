import { and, asc, eq, sql } from "drizzle-orm";
import type { Database } from "../client.js";
import type { ApprovalId, DecisionId, MerchantId, OrderId, UserId } from "../ids.js";
import { approvals, orders } from "../schema/index.js";
import { found } from "./not-found.js";

export type Approval = typeof approvals.$inferSelect;
export type ApprovalStatus = Approval["status"];

export interface ApprovalListItem extends Approval {
  poNumber: string;
}

/** A decided or expired approval cannot be decided again. */
export class ApprovalNotPendingError extends Error {
  override readonly name = "ApprovalNotPendingError";
  constructor(
    readonly approvalId: ApprovalId,
    readonly status: ApprovalStatus,
  ) {
    super(`approval ${approvalId} is ${status}, not pending`);
  }
}

export async function createApproval(
  db: Database,
  merchantId: MerchantId,
  input: { orderId: OrderId; decisionId: DecisionId; reason: string },
): Promise<Approval> {
  const [row] = await db
    .insert(approvals)
    .values({ ...input, merchantId })
    .returning();
  return found(row, "approval", input.orderId, merchantId);
}

export async function listApprovals(
  db: Database,
  merchantId: MerchantId,
  options: { status?: ApprovalStatus; limit?: number } = {},
): Promise<ApprovalListItem[]> {
  const rows = await db
    .select({ approval: approvals, poNumber: orders.poNumber })
    .from(approvals)
    .innerJoin(
      orders,
      and(eq(orders.merchantId, approvals.merchantId), eq(orders.id, approvals.orderId)),
    )
    .where(
      and(eq(approvals.merchantId, merchantId), eq(approvals.status, options.status ?? "pending")),
    )
    .orderBy(asc(approvals.createdAt))
    .limit(Math.min(options.limit ?? 100, 500));
  return rows.map((row) => ({ ...row.approval, poNumber: row.poNumber }));
}

export async function getApproval(
  db: Database,
  merchantId: MerchantId,
  approvalId: ApprovalId,
): Promise<Approval | undefined> {
  const [row] = await db
    .select()
    .from(approvals)
    .where(and(eq(approvals.merchantId, merchantId), eq(approvals.id, approvalId)));
  return row;
}

/** The order's open approval, if it has one (at most one is pending per order). */
export async function getPendingApproval(
  db: Database,
  merchantId: MerchantId,
  orderId: OrderId,
): Promise<Approval | undefined> {
  const [row] = await db
    .select()
    .from(approvals)
    .where(
      and(
        eq(approvals.merchantId, merchantId),
        eq(approvals.orderId, orderId),
        eq(approvals.status, "pending"),
      ),
    );
  return row;
}

/** Records the merchant's answer; only a pending approval can be decided, and only once. */
export async function decideApproval(
  db: Database,
  merchantId: MerchantId,
  approvalId: ApprovalId,
  input: { status: "approved" | "rejected" | "expired"; decidedBy?: UserId; note?: string },
): Promise<Approval> {
  const [row] = await db
    .update(approvals)
    .set({
      status: input.status,
      decidedBy: input.decidedBy ?? null,
      decisionNote: input.note ?? null,
      decidedAt: new Date(),
    })
    .where(
      and(
        eq(approvals.merchantId, merchantId),
        eq(approvals.id, approvalId),
        eq(approvals.status, "pending"),
      ),
    )
    .returning();
  if (row) return row;
  const current = found(
    await getApproval(db, merchantId, approvalId),
    "approval",
    approvalId,
    merchantId,
  );
  throw new ApprovalNotPendingError(approvalId, current.status);
}

/** Notes that the merchant was reminded (hourly job) or that the supplier got a hold message. */
export async function noteApprovalFollowUp(
  db: Database,
  merchantId: MerchantId,
  approvalId: ApprovalId,
  kind: "reminder" | "hold_message",
  at: Date = new Date(),
): Promise<Approval> {
  const [row] = await db
    .update(approvals)
    .set(
      kind === "reminder"
        ? { reminderCount: sql`${approvals.reminderCount} + 1`, lastRemindedAt: at }
        : { holdMessageSentAt: at },
    )
    .where(and(eq(approvals.merchantId, merchantId), eq(approvals.id, approvalId)))
    .returning();
  return found(row, "approval", approvalId, merchantId);
}
