import {
  type Database,
  enqueueEmail,
  type MerchantId,
  type OrderId,
  type OutboxMessage,
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
    kind: email.kind,
    orderId: email.orderId ?? null,
    idempotencyKey: email.idempotencyKey,
    toAddresses: [...email.to],
    subject: email.subject,
    textBody: email.text,
    threadId: email.thread?.threadId ?? null,
    inReplyTo: email.thread?.inReplyTo ?? null,
  });
  if (inserted) {
    await enqueue(ctx.boss, "send-email", { merchantId, outboxId: message.id }, { tx });
  }
  return message;
}
