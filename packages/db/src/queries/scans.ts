import { and, asc, eq, inArray, lte } from "drizzle-orm";
import type { Database } from "../client.js";
import type {
  ApprovalId,
  EmailMessageId,
  Id,
  MerchantId,
  OrderId,
  OutboxMessageId,
} from "../ids.js";
import {
  approvals,
  emailMessages,
  gmailConnections,
  imapConnections,
  merchants,
  orders,
  outbox,
} from "../schema/index.js";

/**
 * The worker's scans: the only queries that look across merchants. Each returns just the merchant
 * id and row id of what is due; the job then loads the row through the merchant-scoped functions.
 */
export interface DueRow<RowId extends Id<string>> {
  merchantId: MerchantId;
  id: RowId;
}

/** Orders awaiting the supplier whose next follow-up time has come. */
export function ordersDueForFollowUp(
  db: Database,
  now: Date,
  limit = 100,
): Promise<DueRow<OrderId>[]> {
  return db
    .select({ merchantId: orders.merchantId, id: orders.id })
    .from(orders)
    .where(
      and(
        lte(orders.nextFollowUpAt, now),
        inArray(orders.status, ["awaiting_supplier", "negotiating"]),
      ),
    )
    .orderBy(asc(orders.nextFollowUpAt))
    .limit(limit);
}

/** Pending approvals created before `cutoff`, oldest first (reminders, hold messages). */
export function pendingApprovalsOlderThan(
  db: Database,
  cutoff: Date,
  limit = 100,
): Promise<DueRow<ApprovalId>[]> {
  return db
    .select({ merchantId: approvals.merchantId, id: approvals.id })
    .from(approvals)
    .where(and(eq(approvals.status, "pending"), lte(approvals.createdAt, cutoff)))
    .orderBy(asc(approvals.createdAt))
    .limit(limit);
}

/** Outbox rows to send now. */
export function outboxDue(
  db: Database,
  now: Date,
  limit = 100,
): Promise<DueRow<OutboxMessageId>[]> {
  return db
    .select({ merchantId: outbox.merchantId, id: outbox.id })
    .from(outbox)
    .where(and(eq(outbox.status, "pending"), lte(outbox.nextAttemptAt, now)))
    .orderBy(asc(outbox.nextAttemptAt))
    .limit(limit);
}

/** Stored emails still to process or to retry. */
export function emailsDue(db: Database, now: Date, limit = 100): Promise<DueRow<EmailMessageId>[]> {
  return db
    .select({ merchantId: emailMessages.merchantId, id: emailMessages.id })
    .from(emailMessages)
    .where(
      and(
        inArray(emailMessages.processingState, ["pending", "failed"]),
        lte(emailMessages.nextAttemptAt, now),
      ),
    )
    .orderBy(asc(emailMessages.nextAttemptAt))
    .limit(limit);
}

/** Every merchant (the local mailbox is every merchant's when no provider is connected). */
export function allMerchants(db: Database, limit = 1000): Promise<{ merchantId: MerchantId }[]> {
  return db
    .select({ merchantId: merchants.id })
    .from(merchants)
    .orderBy(asc(merchants.createdAt))
    .limit(limit);
}

/** Merchants whose Gmail connection can be polled (not waiting for re-authorisation). */
export function connectedGmailMerchants(
  db: Database,
  limit = 1000,
): Promise<{ merchantId: MerchantId }[]> {
  return db
    .selectDistinct({ merchantId: gmailConnections.merchantId })
    .from(gmailConnections)
    .where(eq(gmailConnections.status, "connected"))
    .limit(limit);
}

/** Merchants whose own IMAP/SMTP mailbox is connected. */
export function connectedImapMerchants(
  db: Database,
  limit = 1000,
): Promise<{ merchantId: MerchantId }[]> {
  return db
    .select({ merchantId: imapConnections.merchantId })
    .from(imapConnections)
    .where(eq(imapConnections.status, "connected"))
    .limit(limit);
}
