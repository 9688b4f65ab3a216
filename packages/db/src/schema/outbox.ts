import { sql } from "drizzle-orm";
import { foreignKey, index, integer, pgTable, text } from "drizzle-orm/pg-core";
import type { MerchantId, OrderId, OutboxMessageId } from "../ids.js";
import { createdAt, id, ref, timestamptz, updatedAt } from "./columns.js";
import { outboxKind, outboxStatus } from "./enums.js";
import { merchants } from "./merchants.js";
import { orders } from "./orders.js";

/**
 * Every outbound email, written in the same transaction as the decision that causes it. The
 * idempotency key makes a retried job find the row it already wrote instead of sending twice.
 */
export const outbox = pgTable(
  "outbox",
  {
    id: id<OutboxMessageId>(),
    merchantId: ref<MerchantId>("merchant_id")
      .notNull()
      .references(() => merchants.id, { onDelete: "cascade" }),
    orderId: ref<OrderId>("order_id"),
    kind: outboxKind("kind").notNull(),
    idempotencyKey: text("idempotency_key").notNull().unique("outbox_idempotency_key_unique"),
    toAddresses: text("to_addresses").array().notNull(),
    subject: text("subject").notNull(),
    textBody: text("text_body").notNull(),
    /** Message-ID of the email this one answers, so it lands in the same thread. */
    inReplyTo: text("in_reply_to"),
    threadId: text("thread_id"),
    status: outboxStatus("status").notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    lastError: text("last_error"),
    nextAttemptAt: timestamptz("next_attempt_at").notNull().defaultNow(),
    /**
     * A worker is sending the row until then (a short lease, not a lock held across the send): a
     * second worker skips it, and a crashed one's lease runs out, so the row is retried.
     */
    claimedUntil: timestamptz("claimed_until"),
    sentProviderMessageId: text("sent_provider_message_id"),
    sentAt: timestamptz("sent_at"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    foreignKey({
      name: "outbox_order_fk",
      columns: [t.merchantId, t.orderId],
      foreignColumns: [orders.merchantId, orders.id],
    }),
    // Worker: unsent rows, due first.
    index("outbox_unsent_idx").on(t.nextAttemptAt).where(sql`${t.status} = 'pending'`),
    index("outbox_merchant_order_idx").on(t.merchantId, t.orderId, t.createdAt),
  ],
);
