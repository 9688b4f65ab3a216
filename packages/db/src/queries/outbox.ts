import { and, asc, eq, isNull, lt, or, sql } from "drizzle-orm";
import type { Database } from "../client.js";
import type { MerchantId, OrderId, OutboxMessageId } from "../ids.js";
import { outbox } from "../schema/index.js";
import type { NewAuditEntry } from "./audit.js";
import type { IncomingEmail } from "./emails.js";
import { found } from "./not-found.js";
import { inOneStatement } from "./one-statement.js";
import type { OrderPatch } from "./orders.js";
import { insertAudit, insertEmail, insertOutbox, updateOrderQuery } from "./writes.js";

export type OutboxMessage = typeof outbox.$inferSelect;
export type NewOutboxMessage = Omit<
  typeof outbox.$inferInsert,
  | "id"
  | "merchantId"
  | "status"
  | "attempts"
  | "lastError"
  | "sentProviderMessageId"
  | "sentAt"
  | "createdAt"
  | "updatedAt"
>;

/**
 * Queues an outbound email. The idempotency key is unique: enqueuing the same key again (a retried
 * job) returns the row already there, with `inserted: false`, and never a second email.
 */
export async function enqueueEmail(
  db: Database,
  merchantId: MerchantId,
  input: NewOutboxMessage,
): Promise<{ inserted: boolean; message: OutboxMessage }> {
  const [inserted] = await insertOutbox(db, merchantId, input).returning();
  if (inserted) return { inserted: true, message: inserted };
  const [existing] = await db
    .select()
    .from(outbox)
    .where(and(eq(outbox.merchantId, merchantId), eq(outbox.idempotencyKey, input.idempotencyKey)));
  // A key taken by another merchant is not found here, by design.
  return {
    inserted: false,
    message: found(existing, "outbox message", input.idempotencyKey, merchantId),
  };
}

export async function getOutboxMessage(
  db: Database,
  merchantId: MerchantId,
  messageId: OutboxMessageId,
): Promise<OutboxMessage | undefined> {
  const [row] = await db
    .select()
    .from(outbox)
    .where(and(eq(outbox.merchantId, merchantId), eq(outbox.id, messageId)));
  return row;
}

export async function listOrderOutbox(
  db: Database,
  merchantId: MerchantId,
  orderId: OrderId,
): Promise<OutboxMessage[]> {
  return db
    .select()
    .from(outbox)
    .where(and(eq(outbox.merchantId, merchantId), eq(outbox.orderId, orderId)))
    .orderBy(asc(outbox.createdAt));
}

function markSent(
  db: Database,
  merchantId: MerchantId,
  messageId: OutboxMessageId,
  providerMessageId: string,
) {
  return db
    .update(outbox)
    .set({
      status: "sent",
      sentProviderMessageId: sql`coalesce(${outbox.sentProviderMessageId}, ${providerMessageId})`,
      sentAt: sql`coalesce(${outbox.sentAt}, now())`,
      attempts: sql`${outbox.attempts} + 1`,
      lastError: null,
      claimedUntil: null,
    })
    .where(and(eq(outbox.merchantId, merchantId), eq(outbox.id, messageId)));
}

/** Marks a message sent; a message already sent keeps its first provider id. */
export async function markOutboxSent(
  db: Database,
  merchantId: MerchantId,
  messageId: OutboxMessageId,
  providerMessageId: string,
): Promise<OutboxMessage> {
  const [row] = await markSent(db, merchantId, messageId, providerMessageId).returning();
  return found(row, "outbox message", messageId, merchantId);
}

/**
 * Everything a delivered message changes, in one statement: the row marked sent, the sent mail
 * stored in the order's thread, the audit entry, and for a purchase order the order's thread.
 * For a row the caller has claimed (`claimOutboxMessage`), which proves it is this merchant's.
 */
export async function recordOutboxDelivery(
  db: Database,
  merchantId: MerchantId,
  delivery: {
    messageId: OutboxMessageId;
    providerMessageId: string;
    sent: IncomingEmail;
    audit: NewAuditEntry;
    order?: { id: OrderId; patch: OrderPatch };
  },
): Promise<void> {
  await inOneStatement(db, [
    markSent(db, merchantId, delivery.messageId, delivery.providerMessageId),
    insertEmail(db, merchantId, delivery.sent),
    insertAudit(db, merchantId, delivery.audit),
    ...(delivery.order !== undefined
      ? [updateOrderQuery(db, merchantId, delivery.order.id, delivery.order.patch)]
      : []),
  ]);
}

/** Records a failed send: retried at `nextAttemptAt`, or given up (`failed`) when there is none. */
export async function markOutboxFailed(
  db: Database,
  merchantId: MerchantId,
  messageId: OutboxMessageId,
  input: { error: string; nextAttemptAt?: Date },
): Promise<OutboxMessage> {
  const [row] = await db
    .update(outbox)
    .set({
      status: input.nextAttemptAt ? "pending" : "failed",
      lastError: input.error,
      claimedUntil: null,
      attempts: sql`${outbox.attempts} + 1`,
      ...(input.nextAttemptAt ? { nextAttemptAt: input.nextAttemptAt } : {}),
    })
    .where(
      and(
        eq(outbox.merchantId, merchantId),
        eq(outbox.id, messageId),
        eq(outbox.status, "pending"),
      ),
    )
    .returning();
  return found(row, "pending outbox message", messageId, merchantId);
}

/**
 * Claims an unsent message for `leaseMs`: undefined when it is sent, gone, or claimed by another
 * worker whose lease has not run out. One short statement, so no transaction stays open while
 * the mail provider is called.
 */
export async function claimOutboxMessage(
  db: Database,
  merchantId: MerchantId,
  messageId: OutboxMessageId,
  leaseMs: number,
): Promise<OutboxMessage | undefined> {
  const [row] = await db
    .update(outbox)
    .set({ claimedUntil: sql`now() + ${`${Math.ceil(leaseMs)} milliseconds`}::interval` })
    .where(
      and(
        eq(outbox.merchantId, merchantId),
        eq(outbox.id, messageId),
        eq(outbox.status, "pending"),
        or(isNull(outbox.claimedUntil), lt(outbox.claimedUntil, sql`now()`)),
      ),
    )
    .returning();
  return row;
}
