import {
  type Database,
  enqueueEmail,
  type MerchantId,
  type NewOutboxMessage,
  type OrderId,
  type OutboxMessage,
  type OutboxMessageId,
} from "@po-pro/db";
import { enqueue } from "@po-pro/jobs";
import type { WorkerContext } from "../../context.js";
import type { RenderedEmail } from "../../templates/emails.js";

export interface EmailToQueue extends RenderedEmail {
  readonly kind: OutboxMessage["kind"];
  readonly orderId?: OrderId;
  readonly to: readonly string[];
  /** Unique per email the agent means to send once: a retried job finds the row it wrote. */
  readonly idempotencyKey: string;
  /** A reply: the thread it belongs to and the Message-ID it answers. */
  readonly thread?: { readonly threadId: string; readonly inReplyTo?: string | null };
}

/** The outbox row an email becomes (for `enqueueEmail`, or a decision's combined write). */
export function outboxRow(email: EmailToQueue): Omit<NewOutboxMessage, "orderId"> {
  return {
    kind: email.kind,
    idempotencyKey: email.idempotencyKey,
    toAddresses: [...email.to],
    subject: email.subject,
    textBody: email.text,
    threadId: email.thread?.threadId ?? null,
    inReplyTo: email.thread?.inReplyTo ?? null,
  };
}

/** The `send-email` job for an outbox row, in the caller's transaction. */
export async function enqueueSend(
  ctx: Pick<WorkerContext, "boss">,
  tx: Database,
  merchantId: MerchantId,
  outboxId: OutboxMessageId,
): Promise<void> {
  await enqueue(ctx.boss, "send-email", { merchantId, outboxId }, { tx });
}

/**
 * Writes an outbox row and its `send-email` job in the caller's transaction: both exist if and
 * only if the decision that caused them commits. A key already queued changes nothing.
 */
export async function queueEmail(
  ctx: Pick<WorkerContext, "boss">,
  tx: Database,
  merchantId: MerchantId,
  email: EmailToQueue,
): Promise<OutboxMessage> {
  const { inserted, message } = await enqueueEmail(tx, merchantId, {
    ...outboxRow(email),
    orderId: email.orderId ?? null,
  });
  if (inserted) await enqueueSend(ctx, tx, merchantId, message.id);
  return message;
}
