/**
 * poll-mailbox: stores a mailbox's new messages (a message seen twice is stored once) and queues
 * one `process-email` job for each, in the same transaction as the new cursor, so a crash between
 * the two can neither lose a message nor process it twice.
 */
import { getMailboxCursor, type MerchantId, saveMailboxCursor, storeEmail } from "@po-pro/db";
import { enqueue } from "@po-pro/jobs";
import { MailboxError, type MailboxMessage } from "@po-pro/mail";
import { addDomainBreadcrumb, setMerchant } from "@po-pro/observability";
import type { WorkerContext } from "../../context.js";
import { storedHeaders } from "../agent/headers.js";
import { handleMailboxAuthError } from "./auth-failure.js";

/** Listings per poll: a mailbox with a backlog catches up over a few polls, not in one long job. */
const MAX_PAGES = 20;

export async function pollMailbox(
  ctx: WorkerContext,
  payload: { merchantId: string },
): Promise<{ stored: number; seen: number }> {
  const merchantId = payload.merchantId as MerchantId;
  setMerchant(merchantId);
  const resolved = await ctx.mailboxes.forMerchant(merchantId);
  if (resolved === undefined) return { stored: 0, seen: 0 };
  const { mailbox, identity } = resolved;
  const key = { provider: identity.provider, address: identity.address };
  let stored = 0;
  let seen = 0;
  try {
    let cursor = await getMailboxCursor(ctx.db, merchantId, key);
    for (let page = 0; page < MAX_PAGES; page++) {
      const listing = await mailbox.listNew(cursor);
      if (listing.resynced) {
        ctx.log.warn(
          { event: "mailbox_resynced", merchant_id: merchantId },
          "mailbox cursor expired; resynced by date",
        );
      }
      const messages: MailboxMessage[] = [];
      for (const ref of listing.messages) messages.push(await mailbox.fetch(ref.id));
      seen += messages.length;
      stored += await ctx.db.transaction(async (tx) => {
        let inserted = 0;
        for (const message of messages) {
          // Our own sent mail (it carries our idempotency key) is not a supplier's reply.
          if (message.idempotencyKey !== undefined) continue;
          if (message.from?.address === identity.address) continue;
          const result = await storeEmail(tx, merchantId, {
            provider: identity.provider,
            providerMessageId: message.id,
            providerThreadId: message.threadId,
            ...(message.messageId !== undefined ? { rfcMessageId: message.messageId } : {}),
            ...(message.inReplyTo !== undefined ? { inReplyTo: message.inReplyTo } : {}),
            fromAddress: message.from?.address ?? "",
            toAddresses: message.to.map((to) => to.address),
            subject: message.subject,
            headers: storedHeaders(message.headers),
            textBody: message.text,
            attachments: message.attachments.map((a) => ({
              filename: a.filename,
              contentType: a.contentType,
              size: a.size,
              ...(a.text !== undefined ? { text: a.text } : {}),
            })),
            receivedAt: message.date !== undefined ? new Date(message.date) : ctx.clock(),
          });
          if (!result.inserted) continue;
          inserted++;
          await enqueue(
            ctx.boss,
            "process-email",
            { merchantId, emailMessageId: result.email.id },
            { tx },
          );
        }
        await saveMailboxCursor(tx, merchantId, key, listing.cursor);
        return inserted;
      });
      const moved = listing.cursor !== cursor;
      cursor = listing.cursor;
      if (listing.messages.length === 0 || !moved) break;
    }
  } catch (error) {
    if (error instanceof MailboxError && error.kind === "auth") {
      await handleMailboxAuthError(ctx, merchantId, error);
      return { stored, seen };
    }
    // Settings shows the merchant when the last sync ran and why it failed; the job is retried.
    await ctx.mailboxes.recordSync(merchantId, {
      error: error instanceof MailboxError ? error.message : "the mailbox could not be read",
    });
    throw error;
  }
  await ctx.mailboxes.recordSync(merchantId, {});
  addDomainBreadcrumb("agent", { message: "mailbox polled", data: { stored, seen } });
  if (stored > 0)
    ctx.log.info(
      { event: "polled", stored },
      `stored ${stored} new supplier ${stored === 1 ? "reply" : "replies"}`,
    );
  return { stored, seen };
}
