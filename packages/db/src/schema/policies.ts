import type { Policy } from "@po-pro/policy";
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
} from "drizzle-orm/pg-core";
import type { MerchantId, PolicyId, UserId } from "../ids.js";
import { createdAt, id, ref } from "./columns.js";
import { merchants, users } from "./merchants.js";

/**
 * Versioned policy documents (`{ version, rules[] }` as in DESIGN.md). Versions are immutable; the
 * partial unique index guarantees at most one active version per merchant.
 */
export const policies = pgTable(
  "policies",
  {
    id: id<PolicyId>(),
    merchantId: ref<MerchantId>("merchant_id")
      .notNull()
      .references(() => merchants.id, { onDelete: "cascade" }),
    version: integer("version").notNull(),
    document: jsonb("document").$type<PolicyDocument>().notNull(),
    active: boolean("active").notNull().default(false),
    createdBy: ref<UserId>("created_by"),
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

/** Stored as JSON exactly as `@po-pro/policy` parses it; validate with `parsePolicy` first. */
export type PolicyDocument = Policy;
