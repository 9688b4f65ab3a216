/**
 * process-email: one supplier reply from stored email to decision and effects. The LLM extracts;
 * the policy engine decides; everything the decision causes is written in one transaction that
 * first locks the email, so a message handed to two workers (or retried after a crash) is acted
 * on exactly once.
 */
import {
  appendAudit,
  type Database,
  type EmailMessage,
  type EmailMessageId,
  getEmail,
  getMerchant,
  getOrder,
  getOrderByPoNumber,
  getOrderByThread,
  lockEmail,
  lockOrder,
  type Merchant,
  type MerchantId,
  type OrderDetail,
  type OrderId,
  type ReplyOutcome,
  recordReplyOutcome,
  setEmailState,
} from "@po-pro/db";
import type { ExtractionRequest, ExtractionResult } from "@po-pro/llm";
import { ExtractionFailedError } from "@po-pro/llm";
import { withSenderSignals } from "@po-pro/mail/addresses";
import {
  addDomainBreadcrumb,
  captureCategorized,
  setMerchant,
  tagOrder,
  tagSupplier,
} from "@po-pro/observability";
import {
  evaluate,
  explain,
  type PolicyDecision,
  type PurchaseOrder,
  type SupplierResponse,
  unmatchedResponseLines,
} from "@po-pro/policy";
import { isLastAttempt, type JobAttempt, type WorkerContext } from "../../context.js";
import { trustedAuthserv } from "../../mailboxes.js";
import { confirmationEmail, counterOfferEmail } from "../../templates/emails.js";
import { enqueueSend, outboxRow } from "../outbox/queue-email.js";
import { escalateForReason, escalateOrder } from "./escalate.js";
import { headerLists } from "./headers.js";

const SETTLED: ReadonlySet<OrderDetail["status"]> = new Set(["confirmed", "cancelled", "rejected"]);

const DONE: ReadonlySet<EmailMessage["processingState"]> = new Set([
  "processed",
  "escalated",
  "ignored",
]);

export const COULD_NOT_READ = "could not read the supplier's reply";

/** Every provider failed on every attempt: the reply goes to the merchant unread. */
export class ReplyUnreadableError extends Error {
  override readonly name = "ReplyUnreadableError";
  constructor(attempts: number, options: { cause: unknown }) {
    super(`${COULD_NOT_READ} after ${attempts} attempts`, options);
  }
}

export type ProcessOutcome =
  | "decided"
  | "unmatched"
  | "already_processed"
  | "not_found"
  | "retrying"
  | "extraction_failed";

export async function processEmail(
  ctx: WorkerContext,
  payload: { merchantId: string; emailMessageId: string },
  job: JobAttempt,
): Promise<ProcessOutcome> {
  const merchantId = payload.merchantId as MerchantId;
  const emailId = payload.emailMessageId as EmailMessageId;
  setMerchant(merchantId);
  const email = await getEmail(ctx.db, merchantId, emailId);
  if (email === undefined) return "not_found";
  if (DONE.has(email.processingState)) return "already_processed";
  const merchant = await getMerchant(ctx.db, merchantId);
  if (merchant === undefined) return "not_found";

  const order = await matchOrder(ctx.db, merchantId, email);
  if (order === undefined) return recordUnmatched(ctx, merchant, email);
  tagOrder({ id: order.id, status: order.status });
  tagSupplier(order.supplierId);
  addDomainBreadcrumb("agent", {
    message: "supplier reply matched to an order",
    data: { order_id: order.id, email_id: email.id, attempt: job.retryCount + 1 },
  });

  let extraction: ExtractionResult;
  try {
    extraction = await ctx.llm.extract(extractionRequest(order, email, job.signal));
  } catch (error) {
    if (!(error instanceof ExtractionFailedError)) throw error;
    return extractionFailed(ctx, merchant, order, email, error, job);
  }

  const response = withSenderSignals(extraction.response, {
    from: email.fromAddress,
    headers: headerLists(email.headers),
    supplierEmail: order.supplierEmail,
    ...trustedAuthserv(email.provider),
  });
  const active = await ctx.policies.active(ctx.db, merchantId);
  if (active === undefined) throw new Error(`merchant ${merchantId} has no active policy`);

  const outcome = await ctx.db.transaction(async (tx) => {
    const locked = await lockEmail(tx, merchantId, emailId);
    if (locked === undefined || DONE.has(locked.processingState)) return "already_processed";
    // The order as it is now, and ours until commit: another reply, a follow-up or the merchant's
    // answer on the same order waits, instead of overwriting its status or negotiation round —
    // which the policy reads (negotiation_rounds), so it decides on this state of the order.
    const current: OrderDetail = { ...order, ...(await lockOrder(tx, merchantId, order.id)) };
    const po = purchaseOrder(current);
    const decision = withUnmatchedLines(evaluate(active.compiled, po, response), po, response);
    const explanation = explain(decision, { currency: order.currency });
    addDomainBreadcrumb("policy_engine", {
      message: "policy evaluated",
      data: {
        action: decision.recommendedAction,
        status: decision.complianceStatus,
        rules: decision.matchedRules.map((rule) => rule.ruleId),
        policy_version: active.row.version,
      },
    });
    const thread = {
      threadId: current.threadId ?? email.providerThreadId ?? "",
      inReplyTo: email.rfcMessageId,
    };
    const written: Omit<ReplyOutcome, "order" | "outbox"> = {
      emailId,
      orderId: order.id,
      extraction: {
        provider: extraction.provider,
        model: extraction.model,
        attempt: extraction.attempts.length,
        usedFallback: extraction.usedFallback,
        response: response as unknown as Record<string, unknown>,
        confidence: response.confidence,
        inputTokens: extraction.usage.inputTokens,
        outputTokens: extraction.usage.outputTokens,
        durationMs: Math.round(extraction.attempts.reduce((sum, a) => sum + a.durationMs, 0)),
      },
      decision: {
        policyId: active.row.id,
        policyVersion: active.row.version,
        complianceStatus: decision.complianceStatus,
        recommendedAction: decision.recommendedAction,
        matchedRules: [...decision.matchedRules],
        counterOffer: decision.counterOffer ?? null,
        explanation: explanation.join("\n"),
      },
      audit: {
        actor: "agent",
        event: "reply_decided",
        details: {
          emailId,
          provider: extraction.provider,
          model: extraction.model,
          usedFallback: extraction.usedFallback,
          kind: response.kind,
          riskSignals: response.riskSignals ?? [],
          action: decision.recommendedAction,
          status: decision.complianceStatus,
          rules: decision.matchedRules.map((rule) => rule.ruleId),
          policyVersion: active.row.version,
        },
      },
      email: { state: "processed", orderId: order.id },
    };
    const toSupplier = { orderId: order.id, to: [current.supplierEmail], thread };
    // A settled order (confirmed, cancelled, rejected) is not confirmed or countered again by a
    // later reply ("thanks!", an auto-reply): the reply joins the trail; only an escalation acts.
    const settled = SETTLED.has(current.status) && decision.recommendedAction !== "escalate";
    switch (settled ? "none" : decision.recommendedAction) {
      case "accept": {
        const { outboxId } = await recordReplyOutcome(tx, merchantId, {
          ...written,
          order: { status: "confirmed", nextFollowUpAt: null },
          outbox: outboxRow({
            ...toSupplier,
            kind: "confirmation",
            idempotencyKey: `confirmation:${emailId}`,
            ...confirmationEmail(current, merchant),
          }),
        });
        if (outboxId !== undefined) await enqueueSend(ctx, tx, merchantId, outboxId);
        break;
      }
      case "counter_offer": {
        const { outboxId } = await recordReplyOutcome(tx, merchantId, {
          ...written,
          order: {
            status: "negotiating",
            negotiationRound: current.negotiationRound + 1,
            nextFollowUpAt: new Date(ctx.clock().getTime() + ctx.settings.followUpAfterMs),
            followUpCount: 0,
          },
          outbox: outboxRow({
            ...toSupplier,
            kind: "counter_offer",
            idempotencyKey: `counter-offer:${emailId}`,
            // biome-ignore lint/style/noNonNullAssertion: present exactly when the action is counter_offer
            ...counterOfferEmail(current, decision.counterOffer!, merchant),
          }),
        });
        if (outboxId !== undefined) await enqueueSend(ctx, tx, merchantId, outboxId);
        break;
      }
      case "escalate": {
        const { decisionId } = await recordReplyOutcome(tx, merchantId, written);
        await escalateOrder(ctx, tx, {
          merchant,
          order: current,
          decisionId,
          reason: decision.summary,
          explanation,
          cause: emailId,
        });
        break;
      }
      case "none":
        await recordReplyOutcome(tx, merchantId, written);
        break;
    }
    return decision;
  });

  if (outcome !== "already_processed") {
    const decision = outcome;
    ctx.metrics.decision(decision.recommendedAction, decision.complianceStatus);
    ctx.metrics.emailProcessed("decided");
    ctx.log.info(
      {
        event: "decision",
        po: order.poNumber,
        supplier: order.supplierName,
        action: decision.recommendedAction,
        status: decision.complianceStatus,
        provider: extraction.provider,
        used_fallback: extraction.usedFallback,
      },
      `${order.poNumber} · ${order.supplierName} · ${decision.recommendedAction} · ${decision.summary}`,
    );
    return "decided";
  }
  return outcome;
}

/** The order a reply belongs to: its mail thread first, then a PO number in the subject. */
async function matchOrder(
  db: Database,
  merchantId: MerchantId,
  email: EmailMessage,
): Promise<OrderDetail | undefined> {
  if (email.orderId !== null) return getOrder(db, merchantId, email.orderId as OrderId);
  if (email.providerThreadId) {
    const byThread = await getOrderByThread(db, merchantId, email.providerThreadId);
    if (byThread !== undefined) return byThread;
  }
  for (const candidate of poNumbersIn(email.subject)) {
    const byNumber = await getOrderByPoNumber(db, merchantId, candidate);
    if (byNumber !== undefined) return byNumber;
  }
  return undefined;
}

const PO_NUMBER = /\b([A-Z]{1,6}-?\d{2,}(?:-\d+)?)\b/g;

function poNumbersIn(subject: string): string[] {
  return [
    ...new Set([...subject.toUpperCase().matchAll(PO_NUMBER)].map((m) => m[1] as string)),
  ].slice(0, 5);
}

/** A reply that matches no order is kept and shown to the merchant, never dropped. */
async function recordUnmatched(
  ctx: WorkerContext,
  merchant: Merchant,
  email: EmailMessage,
): Promise<ProcessOutcome> {
  await ctx.db.transaction(async (tx) => {
    const locked = await lockEmail(tx, merchant.id, email.id);
    if (locked === undefined || DONE.has(locked.processingState)) return;
    await setEmailState(tx, merchant.id, email.id, {
      state: "escalated",
      error: "no order matches this reply",
    });
    await appendAudit(tx, merchant.id, {
      actor: "agent",
      event: "reply_unmatched",
      details: { emailId: email.id },
    });
  });
  ctx.metrics.emailProcessed("unmatched");
  ctx.log.info(
    { event: "unmatched", email_id: email.id },
    "reply matches no order; shown as unmatched",
  );
  return "unmatched";
}

/**
 * Every provider failed. Before the last attempt the email stays stored and the job retries with
 * backoff; on the last, the order goes to the merchant with the reason, and Sentry groups the
 * failure by supplier.
 */
async function extractionFailed(
  ctx: WorkerContext,
  merchant: Merchant,
  order: OrderDetail,
  email: EmailMessage,
  error: ExtractionFailedError,
  job: JobAttempt,
): Promise<ProcessOutcome> {
  if (!isLastAttempt(job)) {
    await setEmailState(ctx.db, merchant.id, email.id, { state: "failed", error: error.message });
    ctx.metrics.emailProcessed("retrying");
    throw error;
  }
  // A new error: the chain already reported this one (`llm-all-providers-failed`), and Sentry
  // drops a second capture of the same object.
  captureCategorized(
    "extraction-failure",
    new ReplyUnreadableError(job.retryCount + 1, { cause: error }),
    { supplierId: order.supplierId },
  );
  const active = await ctx.policies.active(ctx.db, merchant.id);
  if (active === undefined) throw new Error(`merchant ${merchant.id} has no active policy`);
  await ctx.db.transaction(async (tx) => {
    const locked = await lockEmail(tx, merchant.id, email.id);
    if (locked === undefined || DONE.has(locked.processingState)) return;
    const current: OrderDetail = { ...order, ...(await lockOrder(tx, merchant.id, order.id)) };
    await escalateForReason(ctx, tx, {
      merchant,
      order: current,
      policy: active,
      reason: `PO Pro ${COULD_NOT_READ}`,
      explanation: ["Every extraction provider failed; the email is kept for you to read."],
      cause: email.id,
    });
    await setEmailState(tx, merchant.id, email.id, {
      state: "escalated",
      orderId: order.id,
      error: error.message,
    });
  });
  ctx.metrics.decision("escalate", "needs_review");
  ctx.metrics.emailProcessed("extraction_failed");
  ctx.log.warn(
    { event: "decision", po: order.poNumber, action: "escalate" },
    `${order.poNumber} · ${order.supplierName} · escalate · ${COULD_NOT_READ}`,
  );
  return "extraction_failed";
}

function purchaseOrder(order: OrderDetail): PurchaseOrder {
  return {
    currency: order.currency,
    // An order without a requested date is measured from the day it was sent.
    requestedDeliveryDate:
      order.requestedDeliveryDate ?? (order.sentAt ?? order.createdAt).toISOString().slice(0, 10),
    paymentTerms: order.paymentTerms,
    negotiationRound: order.negotiationRound,
    lines: order.lines.map((line) => ({
      sku: line.sku,
      description: line.description,
      quantity: line.quantity,
      unitPrice: line.unitPriceMinor,
    })),
  };
}

function extractionRequest(
  order: OrderDetail,
  email: EmailMessage,
  signal: AbortSignal,
): ExtractionRequest {
  const po = purchaseOrder(order);
  return {
    order: {
      poNumber: order.poNumber,
      currency: po.currency,
      requestedDeliveryDate: po.requestedDeliveryDate,
      paymentTerms: po.paymentTerms,
      supplier: { name: order.supplierName, email: order.supplierEmail },
      lines: po.lines,
    },
    email: {
      from: email.fromAddress,
      subject: email.subject,
      receivedAt: email.receivedAt.toISOString(),
      text: email.textBody,
      attachments: email.attachments
        .filter((a) => a.text !== undefined && a.text !== "")
        .map((a) => ({ filename: a.filename, contentType: a.contentType, text: a.text as string })),
    },
    signal,
  };
}

/**
 * Lines the supplier wrote that match no order line mean the extraction (or the supplier) is
 * talking about something else: the merchant looks, whatever the rules said.
 */
function withUnmatchedLines(
  decision: PolicyDecision,
  po: PurchaseOrder,
  response: SupplierResponse,
): PolicyDecision {
  const unmatched = unmatchedResponseLines(po, response);
  if (unmatched.length === 0 || decision.recommendedAction === "escalate") return decision;
  const { counterOffer: _dropped, ...rest } = decision;
  return {
    ...rest,
    recommendedAction: "escalate",
    complianceStatus: "needs_review",
    summary: `The reply mentions ${unmatched.length === 1 ? "an item" : `${unmatched.length} items`} that ${unmatched.length === 1 ? "is" : "are"} not on the order; please check it.`,
  };
}
