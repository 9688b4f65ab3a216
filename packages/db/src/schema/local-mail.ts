import { sql } from "drizzle-orm";
import {
  bigserial,
  check,
  customType,
  index,
  pgTable,
  text,
  timestamp,
  unique,
} from "drizzle-orm/pg-core";
import type { LocalMailMessageId, MerchantId } from "../ids.js";
import { id, ref } from "./columns.js";
import { merchants } from "./merchants.js";

/** Raw RFC 5322 bytes; postgres.js returns a Buffer and PGlite a Uint8Array, both Uint8Arrays. */
const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({
  dataType: () => "bytea",
});

/**
 * The embedded mailbox `pnpm start` uses instead of a real account (`@po-pro/mail`'s local
 * adapter): what the agent sends lands in `sent`, and the supplier simulator writes its replies
 * into `inbox`. The raw message is stored as sent, so it goes through the same MIME reader as
 * Gmail's.
 */
export const localMailMessages = pgTable(
  "local_mail_messages",
  {
    id: id<LocalMailMessageId>(),
    merchantId: ref<MerchantId>("merchant_id")
      .notNull()
      .references(() => merchants.id, { onDelete: "cascade" }),
    /** Which local mailbox (lower-cased address) the message is in. */
    mailboxAddress: text("mailbox_address").notNull(),
    folder: text("folder", { enum: ["inbox", "sent"] }).notNull(),
    threadId: text("thread_id").notNull(),
    /** RFC 5322 Message-ID, with angle brackets. */
    messageId: text("message_id").notNull(),
    inReplyTo: text("in_reply_to"),
    fromAddress: text("from_address").notNull(),
    toAddresses: text("to_addresses").array().notNull().default(sql`'{}'::text[]`),
    subject: text("subject").notNull().default(""),
    raw: bytea("raw").notNull(),
    idempotencyKey: text("idempotency_key"),
    /** Orders listings: the cursor a listing returns is the last sequence it saw. */
    sequence: bigserial("sequence", { mode: "number" }).notNull(),
    /** Set from the caller's clock when it has one: the simulator's delay is measured on it. */
    createdAt: timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
  },
  (t) => [
    check("local_mail_messages_folder_check", sql`${t.folder} in ('inbox', 'sent')`),
    // A retried send finds the message it already stored; messages without a key are not limited.
    unique("local_mail_messages_merchant_idempotency_key_unique").on(
      t.merchantId,
      t.idempotencyKey,
    ),
    index("local_mail_messages_listing_idx").on(
      t.merchantId,
      t.mailboxAddress,
      t.folder,
      t.sequence,
    ),
    index("local_mail_messages_reply_idx").on(t.merchantId, t.inReplyTo),
  ],
);
