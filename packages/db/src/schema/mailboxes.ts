import { pgTable, primaryKey, text } from "drizzle-orm/pg-core";
import type { MerchantId } from "../ids.js";
import { ref, updatedAt } from "./columns.js";
import { merchants } from "./merchants.js";

/**
 * Where the worker's last listing of a mailbox ended (`Mailbox.listNew`'s opaque cursor: a Gmail
 * history id, an IMAP `uidvalidity:uid`, a local sequence), one row per mailbox.
 */
export const mailboxCursors = pgTable(
  "mailbox_cursors",
  {
    merchantId: ref<MerchantId>("merchant_id")
      .notNull()
      .references(() => merchants.id, { onDelete: "cascade" }),
    provider: text("provider").notNull(),
    /** The mailbox's own address, lower-cased. */
    address: text("address").notNull(),
    cursor: text("cursor").notNull(),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.merchantId, t.provider, t.address] })],
);
