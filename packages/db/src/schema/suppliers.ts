import { index, pgTable, primaryKey, text } from "drizzle-orm/pg-core";
import type { MerchantId, SupplierId } from "../ids.js";
import { createdAt, id, ref, timestamptz, updatedAt } from "./columns.js";
import { merchants } from "./merchants.js";

/**
 * A supplier company, shared across merchants and keyed by its email domain where it has its own.
 * Everything a merchant sees about a supplier (name, contact, notes) lives in `merchant_suppliers`,
 * so one merchant's naming never shows up for another.
 */
export const suppliers = pgTable("suppliers", {
  id: id<SupplierId>(),
  name: text("name").notNull(),
  /** Lower-case email domain; null for suppliers that write from free-mail addresses. */
  domain: text("domain").unique(),
  createdAt: createdAt(),
});

export const merchantSuppliers = pgTable(
  "merchant_suppliers",
  {
    merchantId: ref<MerchantId>("merchant_id")
      .notNull()
      .references(() => merchants.id, { onDelete: "cascade" }),
    supplierId: ref<SupplierId>("supplier_id")
      .notNull()
      .references(() => suppliers.id, { onDelete: "restrict" }),
    displayName: text("display_name").notNull(),
    contactName: text("contact_name"),
    /** The address POs go to and replies are expected from (sender checks compare against it). */
    contactEmail: text("contact_email").notNull(),
    notes: text("notes"),
    /** Archived suppliers drop out of the lists and the order form; their orders keep them. */
    archivedAt: timestamptz("archived_at"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ name: "merchant_suppliers_pk", columns: [t.merchantId, t.supplierId] }),
    index("merchant_suppliers_supplier_idx").on(t.supplierId),
  ],
);
