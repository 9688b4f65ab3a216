import { foreignKey, index, jsonb, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { createdAt, id } from "./columns";
import { auditActor } from "./enums";
import { merchants, users } from "./merchants";
import { orders } from "./orders";

/** The decision trail: append-only, one row per thing the agent, a merchant or the system did. */
export const auditLog = pgTable(
  "audit_log",
  {
    id: id(),
    merchantId: uuid("merchant_id")
      .notNull()
      .references(() => merchants.id, { onDelete: "cascade" }),
    orderId: uuid("order_id"),
    actor: auditActor("actor").notNull(),
    actorUserId: uuid("actor_user_id"),
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
