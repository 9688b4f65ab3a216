import { sql } from "drizzle-orm";
import {
  foreignKey,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  unique,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { createdAt, id, timestamptz, updatedAt } from "./columns";
import { approvalStatus, complianceStatus, recommendedAction } from "./enums";
import { merchants, users } from "./merchants";
import { extractions } from "./messages";
import { orders } from "./orders";
import { policies } from "./policies";

export interface MatchedRuleRecord {
  ruleId: string;
  kind: string;
  outcome: string;
  observed?: unknown;
  limit?: unknown;
  reason: string;
}

export const decisions = pgTable(
  "decisions",
  {
    id: id(),
    merchantId: uuid("merchant_id")
      .notNull()
      .references(() => merchants.id, { onDelete: "cascade" }),
    orderId: uuid("order_id").notNull(),
    extractionId: uuid("extraction_id"),
    policyId: uuid("policy_id").notNull(),
    policyVersion: integer("policy_version").notNull(),
    complianceStatus: complianceStatus("compliance_status").notNull(),
    recommendedAction: recommendedAction("recommended_action").notNull(),
    matchedRules: jsonb("matched_rules").$type<MatchedRuleRecord[]>().notNull().default([]),
    counterOffer: jsonb("counter_offer").$type<Record<string, unknown>>(),
    /** The decision trail as the merchant reads it. */
    explanation: text("explanation").notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    unique("decisions_merchant_id_id_unique").on(t.merchantId, t.id),
    foreignKey({
      name: "decisions_order_fk",
      columns: [t.merchantId, t.orderId],
      foreignColumns: [orders.merchantId, orders.id],
    }),
    foreignKey({
      name: "decisions_extraction_fk",
      columns: [t.merchantId, t.extractionId],
      foreignColumns: [extractions.merchantId, extractions.id],
    }),
    foreignKey({
      name: "decisions_policy_fk",
      columns: [t.merchantId, t.policyId],
      foreignColumns: [policies.merchantId, policies.id],
    }),
    index("decisions_merchant_order_idx").on(t.merchantId, t.orderId, t.createdAt),
  ],
);

export const approvals = pgTable(
  "approvals",
  {
    id: id(),
    merchantId: uuid("merchant_id")
      .notNull()
      .references(() => merchants.id, { onDelete: "cascade" }),
    orderId: uuid("order_id").notNull(),
    decisionId: uuid("decision_id").notNull(),
    status: approvalStatus("status").notNull().default("pending"),
    /** Why the agent asks: the escalation reason shown to the merchant. */
    reason: text("reason").notNull(),
    reminderCount: integer("reminder_count").notNull().default(0),
    lastRemindedAt: timestamptz("last_reminded_at"),
    /** When the supplier was told the order is on hold pending the merchant (after 48 h). */
    holdMessageSentAt: timestamptz("hold_message_sent_at"),
    decidedBy: uuid("decided_by"),
    decidedAt: timestamptz("decided_at"),
    decisionNote: text("decision_note"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    unique("approvals_merchant_id_id_unique").on(t.merchantId, t.id),
    foreignKey({
      name: "approvals_order_fk",
      columns: [t.merchantId, t.orderId],
      foreignColumns: [orders.merchantId, orders.id],
    }),
    foreignKey({
      name: "approvals_decision_fk",
      columns: [t.merchantId, t.decisionId],
      foreignColumns: [decisions.merchantId, decisions.id],
    }),
    foreignKey({
      name: "approvals_decided_by_fk",
      columns: [t.merchantId, t.decidedBy],
      foreignColumns: [users.merchantId, users.id],
    }),
    // At most one open approval per order.
    uniqueIndex("approvals_one_pending_per_order")
      .on(t.merchantId, t.orderId)
      .where(sql`${t.status} = 'pending'`),
    // Worker: pending approvals by age (reminders, hold messages).
    index("approvals_pending_age_idx").on(t.createdAt).where(sql`${t.status} = 'pending'`),
    // Dashboard: a merchant's approvals by status.
    index("approvals_merchant_status_created_idx").on(t.merchantId, t.status, t.createdAt),
  ],
);
