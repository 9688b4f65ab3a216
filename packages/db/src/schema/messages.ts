import { sql } from "drizzle-orm";
import {
  boolean,
  foreignKey,
  index,
  integer,
  jsonb,
  pgTable,
  real,
  text,
  unique,
} from "drizzle-orm/pg-core";
import type { EmailMessageId, ExtractionId, MerchantId, OrderId } from "../ids.js";
import { createdAt, id, ref, timestamptz, updatedAt } from "./columns.js";
import { emailProcessingState, messageDirection } from "./enums.js";
import { merchants } from "./merchants.js";
import { orders } from "./orders.js";

export interface AttachmentMeta {
  filename: string;
  contentType: string;
  size: number;
  /** Extracted text (PDF text layer, plain-text parts); absent when none could be read. */
  text?: string;
}

export const emailMessages = pgTable(
  "email_messages",
  {
    id: id<EmailMessageId>(),
    merchantId: ref<MerchantId>("merchant_id")
      .notNull()
      .references(() => merchants.id, { onDelete: "cascade" }),
    /** Null until the message is matched to an order (or when it never is). */
    orderId: ref<OrderId>("order_id"),
    provider: text("provider").notNull(),
    providerMessageId: text("provider_message_id").notNull(),
    providerThreadId: text("provider_thread_id"),
    /** RFC 5322 Message-ID and In-Reply-To headers, used for threading replies. */
    rfcMessageId: text("rfc_message_id"),
    inReplyTo: text("in_reply_to"),
    direction: messageDirection("direction").notNull(),
    fromAddress: text("from_address").notNull(),
    toAddresses: text("to_addresses").array().notNull().default(sql`'{}'::text[]`),
    subject: text("subject").notNull().default(""),
    headers: jsonb("headers").$type<Record<string, string>>().notNull().default({}),
    textBody: text("text_body").notNull().default(""),
    attachments: jsonb("attachments").$type<AttachmentMeta[]>().notNull().default([]),
    receivedAt: timestamptz("received_at").notNull(),
    processingState: emailProcessingState("processing_state").notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    lastError: text("last_error"),
    nextAttemptAt: timestamptz("next_attempt_at"),
    processedAt: timestamptz("processed_at"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    // The same provider message is stored once per merchant, however often it is polled.
    unique("email_messages_merchant_provider_message_unique").on(t.merchantId, t.providerMessageId),
    unique("email_messages_merchant_id_id_unique").on(t.merchantId, t.id),
    foreignKey({
      name: "email_messages_order_fk",
      columns: [t.merchantId, t.orderId],
      foreignColumns: [orders.merchantId, orders.id],
    }),
    index("email_messages_merchant_order_received_idx").on(t.merchantId, t.orderId, t.receivedAt),
    index("email_messages_merchant_thread_idx").on(t.merchantId, t.providerThreadId),
    // Worker: inbound messages still to process (or to retry), oldest first.
    index("email_messages_unprocessed_idx")
      .on(t.nextAttemptAt)
      .where(sql`${t.processingState} in ('pending', 'failed')`),
  ],
);

export const extractions = pgTable(
  "extractions",
  {
    id: id<ExtractionId>(),
    merchantId: ref<MerchantId>("merchant_id")
      .notNull()
      .references(() => merchants.id, { onDelete: "cascade" }),
    emailMessageId: ref<EmailMessageId>("email_message_id").notNull(),
    orderId: ref<OrderId>("order_id").notNull(),
    provider: text("provider").notNull(),
    model: text("model").notNull(),
    attempt: integer("attempt").notNull(),
    usedFallback: boolean("used_fallback").notNull(),
    /** The validated SupplierResponse. */
    response: jsonb("response").$type<Record<string, unknown>>().notNull(),
    confidence: real("confidence").notNull(),
    inputTokens: integer("input_tokens"),
    outputTokens: integer("output_tokens"),
    durationMs: integer("duration_ms"),
    createdAt: createdAt(),
  },
  (t) => [
    unique("extractions_merchant_id_id_unique").on(t.merchantId, t.id),
    foreignKey({
      name: "extractions_email_fk",
      columns: [t.merchantId, t.emailMessageId],
      foreignColumns: [emailMessages.merchantId, emailMessages.id],
    }).onDelete("cascade"),
    foreignKey({
      name: "extractions_order_fk",
      columns: [t.merchantId, t.orderId],
      foreignColumns: [orders.merchantId, orders.id],
    }).onDelete("cascade"),
    index("extractions_merchant_order_idx").on(t.merchantId, t.orderId, t.createdAt),
  ],
);
