import {
  appendAudit,
  createApproval,
  type Database,
  type DecisionId,
  decideApproval,
  getPendingApproval,
  type Merchant,
  type OrderDetail,
  recordDecision,
  updateOrder,
} from "@po-pro/db";
import type { WorkerContext } from "../../context.js";
import { approvalRequestEmail } from "../../templates/emails.js";
import { queueEmail } from "../outbox/queue-email.js";
import type { ActivePolicy } from "./policies.js";

/**
 * Hands an order to the merchant: one pending approval (a newer escalation replaces an older
 * one, which expires), the order waits for them, and they get an email saying why.
 */
export async function escalateOrder(
  ctx: Pick<WorkerContext, "boss">,
  tx: Database,
  input: {
    merchant: Merchant;
    order: OrderDetail;
    decisionId: DecisionId;
    reason: string;
    explanation: readonly string[];
    /** Makes the approval-request email unique to what caused it. */
    cause: string;
  },
): Promise<void> {
  const { merchant, order, decisionId } = input;
  const previous = await getPendingApproval(tx, merchant.id, order.id);
  if (previous !== undefined) {
    await decideApproval(tx, merchant.id, previous.id, {
      status: "expired",
      note: "superseded by a newer escalation",
    });
  }
  const approval = await createApproval(tx, merchant.id, {
    orderId: order.id,
    decisionId,
    reason: input.reason,
  });
  await updateOrder(tx, merchant.id, order.id, { status: "needs_approval", nextFollowUpAt: null });
  await queueEmail(ctx, tx, merchant.id, {
    kind: "approval_request",
    orderId: order.id,
    to: [merchant.email],
    idempotencyKey: `approval-request:${input.cause}`,
    ...approvalRequestEmail(order, input.reason, input.explanation),
  });
  await appendAudit(tx, merchant.id, {
    orderId: order.id,
    actor: "agent",
    event: "escalated",
    details: { approvalId: approval.id, decisionId, reason: input.reason },
  });
}

/**
 * Escalates for a reason no policy rule states (the reply could not be read, the supplier stopped
 * answering): the decision is recorded for the trail, under the active policy, then escalated.
 */
export async function escalateForReason(
  ctx: Pick<WorkerContext, "boss">,
  tx: Database,
  input: {
    merchant: Merchant;
    order: OrderDetail;
    policy: ActivePolicy;
    reason: string;
    explanation: readonly string[];
    cause: string;
  },
): Promise<void> {
  const { merchant, order, policy, reason } = input;
  const decision = await recordDecision(tx, merchant.id, {
    orderId: order.id,
    policyId: policy.row.id,
    policyVersion: policy.row.version,
    complianceStatus: "needs_review",
    recommendedAction: "escalate",
    matchedRules: [],
    explanation: `Decision: escalate (needs review). ${reason}.`,
  });
  await escalateOrder(ctx, tx, { ...input, decisionId: decision.id });
}
