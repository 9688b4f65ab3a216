import { sql } from "drizzle-orm";
import {
  boolean,
  check,
  foreignKey,
  integer,
  jsonb,
  pgTable,
  text,
  unique,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { createdAt, id } from "./columns";
import { merchants, users } from "./merchants";

/**
 * Versioned policy documents (`{ version, rules[] }` as in DESIGN.md). Versions are immutable; the
 * partial unique index guarantees at most one active version per merchant.
 */
export const policies = pgTable(
  "policies",
  {
    id: id(),
    merchantId: uuid("merchant_id")
      .notNull()
      .references(() => merchants.id, { onDelete: "cascade" }),
    version: integer("version").notNull(),
    document: jsonb("document").$type<PolicyDocument>().notNull(),
    active: boolean("active").notNull().default(false),
    createdBy: uuid("created_by"),
    note: text("note"),
    createdAt: createdAt(),
  },
  (t) => [
    unique("policies_merchant_version_unique").on(t.merchantId, t.version),
    unique("policies_merchant_id_id_unique").on(t.merchantId, t.id),
    uniqueIndex("policies_one_active_per_merchant").on(t.merchantId).where(sql`${t.active}`),
    check("policies_version_positive", sql`${t.version} > 0`),
    foreignKey({
      name: "policies_created_by_fk",
      columns: [t.merchantId, t.createdBy],
      foreignColumns: [users.merchantId, users.id],
    }),
  ],
);

/** Stored as JSON; validated by `@po-pro/policy` before it is saved. */
export interface PolicyDocument {
  version: number;
  rules: Array<{ id: string; kind: string; [parameter: string]: unknown }>;
}
