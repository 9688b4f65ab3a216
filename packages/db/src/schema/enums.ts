import { pgEnum } from "drizzle-orm/pg-core";

export const userRole = pgEnum("user_role", ["owner", "member"]);

export const gmailConnectionStatus = pgEnum("gmail_connection_status", [
  "connected",
  "needs_reauth",
  "revoked",
]);

/**
 * Where an order stands. `awaiting_supplier` and `negotiating` are the states in which the worker
 * chases the supplier (`orders.next_follow_up_at` is set only then).
 */
export const orderStatus = pgEnum("order_status", [
  "draft",
  "awaiting_supplier",
  "negotiating",
  "needs_approval",
  "confirmed",
  "rejected",
  "cancelled",
]);

export const messageDirection = pgEnum("message_direction", ["inbound", "outbound"]);

/** Processing state of a stored email: nothing is ever deleted because it could not be processed. */
export const emailProcessingState = pgEnum("email_processing_state", [
  "pending",
  "processing",
  "processed",
  "failed",
  "escalated",
  "ignored",
]);

export const complianceStatus = pgEnum("compliance_status", [
  "compliant",
  "negotiable",
  "non_compliant",
  "needs_review",
  "not_applicable",
]);

export const recommendedAction = pgEnum("recommended_action", [
  "accept",
  "counter_offer",
  "escalate",
  "none",
]);

export const approvalStatus = pgEnum("approval_status", [
  "pending",
  "approved",
  "rejected",
  "expired",
]);

export const outboxKind = pgEnum("outbox_kind", [
  "purchase_order",
  "confirmation",
  "counter_offer",
  "supplier_follow_up",
  "hold_message",
  "approval_request",
  "approval_reminder",
]);

export const outboxStatus = pgEnum("outbox_status", ["pending", "sent", "failed"]);

export const auditActor = pgEnum("audit_actor", ["agent", "merchant", "system"]);
