import { sql } from "drizzle-orm";
import {
  bigint,
  check,
  date,
  foreignKey,
  index,
  integer,
  pgTable,
  text,
  timestamp,
  unique,
} from "drizzle-orm/pg-core";
import type { MerchantId, OrderId, OrderLineId, SupplierId } from "../ids.js";
import { createdAt, id, ref, timestamptz } from "./columns.js";
import { orderStatus } from "./enums.js";
import { merchants } from "./merchants.js";
import { merchantSuppliers } from "./suppliers.js";

export const orders = pgTable(
  "orders",
  {
    id: id<OrderId>(),
    merchantId: ref<MerchantId>("merchant_id")
      .notNull()
      .references(() => merchants.id, { onDelete: "cascade" }),
    supplierId: ref<SupplierId>("supplier_id").notNull(),
    poNumber: text("po_number").notNull(),
    status: orderStatus("status").notNull().default("draft"),
    /** ISO 4217 code; every amount on the order is in its minor unit. */
    currency: text("currency").notNull(),
    requestedDeliveryDate: date("requested_delivery_date", { mode: "string" }),
    /** Normalised terms: NET<n>, PREPAID, DUE_ON_RECEIPT or COD. */
    paymentTerms: text("payment_terms").notNull(),
    shipTo: text("ship_to"),
    /** Mail thread the PO was sent in; replies are matched to the order through it. */
    threadId: text("thread_id"),
    /** Counter-offers already sent to the supplier. */
    negotiationRound: integer("negotiation_round").notNull().default(0),
    /** When the worker next chases the supplier; null unless the order awaits the supplier. */
    nextFollowUpAt: timestamptz("next_follow_up_at"),
    followUpCount: integer("follow_up_count").notNull().default(0),
    sentAt: timestamptz("sent_at"),
    createdAt: createdAt(),
    /**
     * Millisecond precision, as JavaScript's Date has it: the dashboard's keyset pagination passes
     * the last row's `updatedAt` back, and a microsecond lost on the way skipped rows.
     */
    updatedAt: timestamp("updated_at", { withTimezone: true, mode: "date", precision: 3 })
      .notNull()
      .defaultNow()
      .$onUpdate(() => new Date()),
  },
  (t) => [
    unique("orders_merchant_po_number_unique").on(t.merchantId, t.poNumber),
    unique("orders_merchant_id_id_unique").on(t.merchantId, t.id),
    // The supplier must be one of this merchant's suppliers.
    foreignKey({
      name: "orders_merchant_supplier_fk",
      columns: [t.merchantId, t.supplierId],
      foreignColumns: [merchantSuppliers.merchantId, merchantSuppliers.supplierId],
    }),
    // Dashboard: a merchant's orders (by status), most recently changed first, in the exact order
    // of the keyset pagination (id breaks ties), so a page is read straight off the index. NULLS
    // FIRST is what `order by … desc` means; drizzle's default NULLS LAST made the old ones unusable.
    index("orders_merchant_status_updated_idx").on(
      t.merchantId,
      t.status,
      t.updatedAt.desc().nullsFirst(),
      t.id.desc().nullsFirst(),
    ),
    index("orders_merchant_updated_idx").on(
      t.merchantId,
      t.updatedAt.desc().nullsFirst(),
      t.id.desc().nullsFirst(),
    ),
    // Dashboard search: "contains" on the PO number without pg_trgm (PGlite cannot load it). The
    // function (migration 0004) lists the lower-cased 1-, 2- and 3-grams; the search term's
    // trigrams (or the term itself when shorter) narrow the rows, `like` then checks the fragment.
    index("orders_po_number_ngrams_idx").using("gin", sql`po_pro_ngrams(${t.poNumber})`),
    // Worker: orders awaiting the supplier, by next follow-up time.
    index("orders_next_follow_up_idx")
      .on(t.nextFollowUpAt)
      .where(sql`${t.nextFollowUpAt} is not null`),
    index("orders_merchant_thread_idx").on(t.merchantId, t.threadId),
    index("orders_merchant_supplier_idx").on(t.merchantId, t.supplierId),
    check("orders_currency_iso", sql`${t.currency} ~ '^[A-Z]{3}$'`),
    check("orders_negotiation_round_nonnegative", sql`${t.negotiationRound} >= 0`),
  ],
);

export const orderLines = pgTable(
  "order_lines",
  {
    id: id<OrderLineId>(),
    merchantId: ref<MerchantId>("merchant_id").notNull(),
    orderId: ref<OrderId>("order_id").notNull(),
    lineNo: integer("line_no").notNull(),
    sku: text("sku").notNull(),
    description: text("description").notNull(),
    quantity: integer("quantity").notNull(),
    /** Unit price in minor units of the order's currency. */
    unitPriceMinor: bigint("unit_price_minor", { mode: "number" }).notNull(),
  },
  (t) => [
    foreignKey({
      name: "order_lines_order_fk",
      columns: [t.merchantId, t.orderId],
      foreignColumns: [orders.merchantId, orders.id],
    }).onDelete("cascade"),
    unique("order_lines_order_line_no_unique").on(t.orderId, t.lineNo),
    unique("order_lines_order_sku_unique").on(t.orderId, t.sku),
    check("order_lines_quantity_positive", sql`${t.quantity} > 0`),
    check("order_lines_unit_price_nonnegative", sql`${t.unitPriceMinor} >= 0`),
  ],
);
