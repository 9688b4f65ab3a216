import type { ComplianceStatus, RecommendedAction } from "@po-pro/policy";

type Variant = "default" | "secondary" | "destructive" | "outline" | "success" | "warning" | "info";

export const ACTION: Record<RecommendedAction, { label: string; variant: Variant }> = {
  accept: { label: "Accept", variant: "success" },
  counter_offer: { label: "Counter-offer", variant: "warning" },
  escalate: { label: "Escalate to you", variant: "destructive" },
  none: { label: "No action", variant: "secondary" },
};

export const COMPLIANCE: Record<ComplianceStatus, string> = {
  compliant: "within policy",
  negotiable: "negotiable",
  non_compliant: "outside policy",
  needs_review: "needs review",
  not_applicable: "not about the order",
};

export const RESPONSE_KIND: Record<string, string> = {
  confirmation: "Confirmation",
  change_proposal: "Change proposal",
  rejection: "Rejection",
  question: "Question",
  unrelated: "Unrelated",
};

export const LINE_STATUS: Record<string, string> = {
  accepted: "Accepted",
  price_changed: "Price changed",
  quantity_changed: "Quantity changed",
  backordered: "Backordered",
  substituted: "Substituted",
  rejected: "Rejected",
};

export const OUTBOX_KIND: Record<string, string> = {
  purchase_order: "Purchase order",
  confirmation: "Confirmation",
  counter_offer: "Counter-offer",
  supplier_follow_up: "Follow-up",
  hold_message: "Hold message",
  approval_request: "Approval request to you",
  approval_reminder: "Reminder to you",
  order_cancellation: "Cancellation",
};

/** The words for an audit event a person did (the agent's own steps show as their rows). */
export const MERCHANT_EVENT: Record<string, string> = {
  merchant_approve: "approved the supplier's proposal",
  merchant_reject: "turned the proposal down; the order is cancelled",
  merchant_counter: "sent a counter-offer",
  reply_attached: "attached a reply to this order",
};
