import type { CounterOffer, MatchedRule } from "@po-pro/policy";
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
} from "drizzle-orm/pg-core";
import type {
  ApprovalId,
  DecisionId,
  ExtractionId,
  MerchantId,
  OrderId,
  PolicyId,
  UserId,
} from "../ids.js";
import { createdAt, id, ref, timestamptz, updatedAt } from "./columns.js";
import { approvalStatus, complianceStatus, recommendedAction } from "./enums.js";
import { merchants, users } from "./merchants.js";
import { extractions } from "./messages.js";
import { orders } from "./orders.js";
import { policies } from "./policies.js";

/** A rule that fired, stored exactly as `@po-pro/policy`'s `evaluate` returned it. */
export type MatchedRuleRecord = MatchedRule;

export const decisions = pgTable(
  "decisions",
  {
    id: id<DecisionId>(),
    merchantId: ref<MerchantId>("merchant_id")
      .notNull()
      .references(() => merchants.id, { onDelete: "cascade" }),
    orderId: ref<OrderId>("order_id").notNull(),
    extractionId: ref<ExtractionId>("extraction_id"),
    policyId: ref<PolicyId>("policy_id").notNull(),
    policyVersion: integer("policy_version").notNull(),
    complianceStatus: complianceStatus("compliance_status").notNull(),
    recommendedAction: recommendedAction("recommended_action").notNull(),
    matchedRules: jsonb("matched_rules").$type<MatchedRuleRecord[]>().notNull().default([]),
    counterOffer: jsonb("counter_offer").$type<CounterOffer>(),
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
    id: id<ApprovalId>(),
    merchantId: ref<MerchantId>("merchant_id")
      .notNull()
      .references(() => merchants.id, { onDelete: "cascade" }),
    orderId: ref<OrderId>("order_id").notNull(),
    decisionId: ref<DecisionId>("decision_id").notNull(),
    status: approvalStatus("status").notNull().default("pending"),
    /** Why the agent asks: the escalation reason shown to the merchant. */
    reason: text("reason").notNull(),
    reminderCount: integer("reminder_count").notNull().default(0),
    lastRemindedAt: timestamptz("last_reminded_at"),
    /** When the supplier was told the order is on hold pending the merchant (after 48 h). */
    holdMessageSentAt: timestamptz("hold_message_sent_at"),
    decidedBy: ref<UserId>("decided_by"),
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
    // Dashboard: an order's decision trail and its live status.
    index("approvals_merchant_order_idx").on(t.merchantId, t.orderId, t.createdAt),
  ],
);
