import { foreignKey, index, jsonb, pgTable, text } from "drizzle-orm/pg-core";
import type { AuditEntryId, MerchantId, OrderId, UserId } from "../ids.js";
import { createdAt, id, ref } from "./columns.js";
import { auditActor } from "./enums.js";
import { merchants, users } from "./merchants.js";
import { orders } from "./orders.js";

/** The decision trail: append-only, one row per thing the agent, a merchant or the system did. */
export const auditLog = pgTable(
  "audit_log",
  {
    id: id<AuditEntryId>(),
    merchantId: ref<MerchantId>("merchant_id")
      .notNull()
      .references(() => merchants.id, { onDelete: "cascade" }),
    orderId: ref<OrderId>("order_id"),
    actor: auditActor("actor").notNull(),
    actorUserId: ref<UserId>("actor_user_id"),
    event: text("event").notNull(),
    details: jsonb("details").$type<Record<string, unknown>>().notNull().default({}),
    createdAt: createdAt(),
  },
  (t) => [
    foreignKey({
      name: "audit_log_order_fk",
      columns: [t.merchantId, t.orderId],
      foreignColumns: [orders.merchantId, orders.id],
    }),
    foreignKey({
      name: "audit_log_actor_user_fk",
      columns: [t.merchantId, t.actorUserId],
      foreignColumns: [users.merchantId, users.id],
    }),
    index("audit_log_merchant_order_created_idx").on(t.merchantId, t.orderId, t.createdAt),
    index("audit_log_merchant_created_idx").on(t.merchantId, t.createdAt),
  ],
);
