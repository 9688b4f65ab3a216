import { and, asc, desc, eq, isNull } from "drizzle-orm";
import type { Database } from "../client.js";
import type { EmailMessageId, MerchantId, OrderId } from "../ids.js";
import { type AttachmentMeta, emailMessages } from "../schema/index.js";
import { found } from "./not-found.js";
import { type EmailStateUpdate, insertEmail, updateEmailState } from "./writes.js";

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
