import { sql } from "drizzle-orm";
import { foreignKey, index, integer, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { createdAt, id, timestamptz, updatedAt } from "./columns";
import { outboxKind, outboxStatus } from "./enums";
import { merchants } from "./merchants";
import { orders } from "./orders";

/**
 * Every outbound email, written in the same transaction as the decision that causes it. The
 * idempotency key makes a retried job find the row it already wrote instead of sending twice.
 */
export const outbox = pgTable(
  "outbox",
  {
    id: id(),
    merchantId: uuid("merchant_id")
      .notNull()
      .references(() => merchants.id, { onDelete: "cascade" }),
    orderId: uuid("order_id"),
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
