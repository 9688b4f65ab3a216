import { COMPLIANCE_STATUSES, RECOMMENDED_ACTIONS } from "@po-pro/policy";
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

/**
 * What the policy engine decides is defined once, in `@po-pro/policy`; a value added there needs
 * a migration here (`pnpm db:generate`), which a test checks against the migrated database.
 */
export const complianceStatus = pgEnum("compliance_status", COMPLIANCE_STATUSES);

export const recommendedAction = pgEnum("recommended_action", RECOMMENDED_ACTIONS);

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
  // The merchant turned the supplier's proposal down: the order is off.
  "order_cancellation",
]);

export const outboxStatus = pgEnum("outbox_status", ["pending", "sent", "failed"]);

export const auditActor = pgEnum("audit_actor", ["agent", "merchant", "system"]);
