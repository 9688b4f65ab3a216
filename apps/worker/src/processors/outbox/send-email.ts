/**
 * send-email: one outbox row through the merchant's mailbox. The row is claimed with a short lease
 * (another worker skips it; a crashed worker's lease runs out), and before sending the mailbox is
 * asked whether the row's idempotency key already went out — the answer after a crash between
 * send and "marked sent". No transaction stays open while the provider is called.
 */
import {
  claimOutboxMessage,
  getOutboxMessage,
  type MerchantId,
  markOutboxFailed,
  type OutboxMessage,
  type OutboxMessageId,
  recordOutboxDelivery,
} from "@po-pro/db";
import { MailboxError } from "@po-pro/mail";
import { addDomainBreadcrumb, captureCategorized, setMerchant } from "@po-pro/observability";
import { isLastAttempt, type JobAttempt, type WorkerContext } from "../../context.js";
import { handleMailboxAuthError } from "../mail/auth-failure.js";

export type SendOutcome = "sent" | "already_sent" | "not_pending";

export async function sendEmail(
  ctx: WorkerContext,
  payload: { merchantId: string; outboxId: string },
  job: JobAttempt,
): Promise<SendOutcome> {
  const merchantId = payload.merchantId as MerchantId;
  const outboxId = payload.outboxId as OutboxMessageId;
  setMerchant(merchantId);
  const resolved = await ctx.mailboxes.forMerchant(merchantId);
  if (resolved === undefined) {
    // No usable mailbox (disconnected, needs re-authorisation): the row waits in the outbox.
    throw new Error(`merchant ${merchantId} has no connected mailbox to send from`);
  }
  const row = await claimOutboxMessage(ctx.db, merchantId, outboxId, ctx.settings.sendLeaseMs);
  if (row === undefined) {
    const current = await getOutboxMessage(ctx.db, merchantId, outboxId);
    // Still unsent: another attempt holds the lease, alive or killed mid-send (its lease only runs
    // out). Completing this job would leave the row unsent for good; retry after the lease instead.
    if (current?.status === "pending") throw new OutboxClaimedError(current);
    return "not_pending";
  }
  try {
    let sent = await resolved.mailbox.findSent(row.idempotencyKey);
    const already = sent !== undefined;
    if (sent === undefined) sent = await resolved.mailbox.send(outbound(row));
    const now = ctx.clock();
    await recordOutboxDelivery(ctx.db, merchantId, {
      messageId: row.id,
      providerMessageId: sent.id,
      // The sent message joins the order's thread as the dashboard shows it.
      sent: {
        provider: resolved.identity.provider,
        providerMessageId: sent.id,
        providerThreadId: sent.threadId,
        rfcMessageId: sent.messageId,
        ...(row.inReplyTo !== null ? { inReplyTo: row.inReplyTo } : {}),
        direction: "outbound",
        ...(row.orderId !== null ? { orderId: row.orderId } : {}),
        fromAddress: resolved.identity.address,
        toAddresses: row.toAddresses,
        subject: row.subject,
        textBody: row.textBody,
        receivedAt: now,
      },
      audit: {
        orderId: row.orderId,
        actor: "agent",
        event: "email_sent",
        details: { outboxId: row.id, kind: row.kind, recovered: already },
      },
      // Replies are matched to the order through the thread its PO went out in.
      ...(row.kind === "purchase_order" && row.orderId !== null
        ? { order: { id: row.orderId, patch: { threadId: sent.threadId, sentAt: now } } }
        : {}),
    });
    addDomainBreadcrumb("agent", {
      message: already ? "outbox row found already sent" : "outbox row sent",
      data: { outbox_id: row.id, kind: row.kind },
    });
    ctx.metrics.outbox(already ? "already_sent" : "sent", row.kind);
    return already ? "already_sent" : "sent";
  } catch (error) {
    const auth = error instanceof MailboxError && error.kind === "auth";
    if (auth) await handleMailboxAuthError(ctx, merchantId, error);
    // A revoked mailbox is not the email's fault: it stays pending, and once the merchant has
    // reconnected, `requeue-stalled` sends it. Other errors the provider refuses end it.
    const last =
      !auth && (isLastAttempt(job) || (error instanceof MailboxError && !error.retryable));
    await markOutboxFailed(ctx.db, merchantId, outboxId, {
      error: error instanceof Error ? error.message : String(error),
      ...(last ? {} : { nextAttemptAt: new Date(ctx.clock().getTime() + 60_000) }),
    }).catch(() => undefined); // already sent or gone: nothing to record
    ctx.metrics.outbox("failed", row.kind);
    if (last) captureCategorized("outbox-send-failure", error);
    throw error;
  }
}

/** The row is being sent by another attempt until its lease runs out; the job retries later. */
export class OutboxClaimedError extends Error {
  override readonly name = "OutboxClaimedError";
  readonly outboxId: OutboxMessageId;
  readonly claimedUntil: Date | null;
  constructor(row: Pick<OutboxMessage, "id" | "claimedUntil">) {
    super(
      `outbox message ${row.id} is claimed by another send until ${row.claimedUntil?.toISOString() ?? "now"}; retrying after that`,
    );
    this.outboxId = row.id;
    this.claimedUntil = row.claimedUntil;
  }
}

function outbound(row: OutboxMessage) {
  return {
    to: row.toAddresses.map((address) => ({ address })),
    subject: row.subject,
    text: row.textBody,
    idempotencyKey: row.idempotencyKey,
    ...(row.threadId !== null && row.threadId !== "" && row.inReplyTo !== null
      ? {
          inReplyTo: {
            threadId: row.threadId,
            messageId: row.inReplyTo,
            references: [row.inReplyTo],
          },
        }
      : {}),
  };
}
