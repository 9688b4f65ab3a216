import { and, asc, desc, eq, isNull, sql } from "drizzle-orm";
import type { Database } from "../client.js";
import type { EmailMessageId, MerchantId, OrderId, UserId } from "../ids.js";
import { type AttachmentMeta, emailMessages, orders } from "../schema/index.js";
import { found } from "./not-found.js";
import { type EmailStateUpdate, insertAudit, insertEmail, updateEmailState } from "./writes.js";

export type EmailMessage = typeof emailMessages.$inferSelect;
export type EmailProcessingState = EmailMessage["processingState"];

export interface IncomingEmail {
  provider: string;
  providerMessageId: string;
  providerThreadId?: string;
  rfcMessageId?: string;
  inReplyTo?: string;
  direction?: "inbound" | "outbound";
  orderId?: OrderId;
  fromAddress: string;
  toAddresses: string[];
  subject: string;
  headers?: Record<string, string>;
  textBody: string;
  attachments?: AttachmentMeta[];
  receivedAt: Date;
}

/**
 * Stores a message once per merchant, however often the mailbox is polled: a repeat of the same
 * provider message id returns the stored row with `inserted: false`.
 */
export async function storeEmail(
  db: Database,
  merchantId: MerchantId,
  input: IncomingEmail,
): Promise<{ inserted: boolean; email: EmailMessage }> {
  const [inserted] = await insertEmail(db, merchantId, input).returning();
  if (inserted) return { inserted: true, email: inserted };
  const [existing] = await db
    .select()
    .from(emailMessages)
    .where(
      and(
        eq(emailMessages.merchantId, merchantId),
        eq(emailMessages.providerMessageId, input.providerMessageId),
      ),
    );
  return {
    inserted: false,
    email: found(existing, "email", input.providerMessageId, merchantId),
  };
}

export async function getEmail(
  db: Database,
  merchantId: MerchantId,
  emailId: EmailMessageId,
): Promise<EmailMessage | undefined> {
  const [row] = await db
    .select()
    .from(emailMessages)
    .where(and(eq(emailMessages.merchantId, merchantId), eq(emailMessages.id, emailId)));
  return row;
}

export async function listOrderEmails(
  db: Database,
  merchantId: MerchantId,
  orderId: OrderId,
): Promise<EmailMessage[]> {
  return db
    .select()
    .from(emailMessages)
    .where(and(eq(emailMessages.merchantId, merchantId), eq(emailMessages.orderId, orderId)))
    .orderBy(asc(emailMessages.receivedAt));
}

/**
 * Records the outcome of a processing attempt. A failure keeps the message and schedules the next
 * attempt; `escalated` hands it to the merchant. Every call counts an attempt except `processing`.
 */
export async function setEmailState(
  db: Database,
  merchantId: MerchantId,
  emailId: EmailMessageId,
  update: EmailStateUpdate,
): Promise<EmailMessage> {
  const [row] = await updateEmailState(db, merchantId, emailId, update).returning();
  return found(row, "email", emailId, merchantId);
}

/**
 * Locks a stored email for the rest of the transaction (the one that writes its decision), so two
 * workers handed the same message cannot both act on it: the second waits, then sees it processed.
 */
export async function lockEmail(
  tx: Database,
  merchantId: MerchantId,
  emailId: EmailMessageId,
): Promise<EmailMessage | undefined> {
  const [row] = await tx
    .select()
    .from(emailMessages)
    .where(and(eq(emailMessages.merchantId, merchantId), eq(emailMessages.id, emailId)))
    .for("update");
  return row;
}

/** Inbound messages no order could be matched to, newest first (shown to the merchant). */
export async function listUnmatchedEmails(
  db: Database,
  merchantId: MerchantId,
  options: { limit?: number } = {},
): Promise<EmailMessage[]> {
  return db
    .select()
    .from(emailMessages)
    .where(
      and(
        eq(emailMessages.merchantId, merchantId),
        eq(emailMessages.direction, "inbound"),
        isNull(emailMessages.orderId),
      ),
    )
    .orderBy(desc(emailMessages.receivedAt))
    .limit(Math.min(options.limit ?? 100, 500));
}

/** The email is already part of an order's thread; attaching it elsewhere would move its trail. */
export class EmailAlreadyAttachedError extends Error {
  override readonly name = "EmailAlreadyAttachedError";
  constructor(
    readonly emailId: EmailMessageId,
    readonly orderId: OrderId,
  ) {
    super(`email ${emailId} is already attached to order ${orderId}`);
  }
}

/**
 * The merchant says which order an unmatched reply belongs to: the email joins the order, goes back
 * to `pending` with a clean slate (attempts, error, processing time; due now, so the worker's scan
 * finds it even if no job is queued), and the trail records who did it. Runs in the caller's
 * transaction (which enqueues `process-email`); locks the email first, so two attaches take turns.
 * Throws `NotFoundError` when the email (inbound) or the order is not the merchant's, and
 * `EmailAlreadyAttachedError` when the email already has an order.
 */
export async function attachEmailToOrder(
  db: Database,
  merchantId: MerchantId,
  input: { emailId: EmailMessageId; orderId: OrderId; userId: UserId },
): Promise<EmailMessage> {
  const [current] = await db
    .select({
      orderId: emailMessages.orderId,
      direction: emailMessages.direction,
      orderFound: sql<boolean>`exists (select 1 from ${orders}
        where ${orders.merchantId} = ${merchantId} and ${orders.id} = ${input.orderId})`,
    })
    .from(emailMessages)
    .where(and(eq(emailMessages.merchantId, merchantId), eq(emailMessages.id, input.emailId)))
    .for("update", { of: emailMessages });
  const email = found(
    current?.direction === "inbound" ? current : undefined,
    "inbound email",
    input.emailId,
    merchantId,
  );
  if (email.orderId !== null) throw new EmailAlreadyAttachedError(input.emailId, email.orderId);
  found(email.orderFound ? email : undefined, "order", input.orderId, merchantId);
  const [row] = await db
    .update(emailMessages)
    .set({
      orderId: input.orderId,
      processingState: "pending",
      attempts: 0,
      lastError: null,
      nextAttemptAt: sql`now()`,
      processedAt: null,
    })
    .where(and(eq(emailMessages.merchantId, merchantId), eq(emailMessages.id, input.emailId)))
    .returning();
  await insertAudit(db, merchantId, {
    orderId: input.orderId,
    actor: "merchant",
    actorUserId: input.userId,
    event: "reply_attached",
    details: { emailId: input.emailId },
  });
  return found(row, "email", input.emailId, merchantId);
}
