import type { MerchantId } from "@po-pro/db";
import type { MailboxError } from "@po-pro/mail";
import { captureCategorized } from "@po-pro/observability";
import type { WorkerContext } from "../../context.js";

/**
 * The merchant must reconnect: the connection is marked `needs_reauth` (so it is not polled again
 * until they do) and the failure is captured once, in the one Sentry issue for every merchant's
 * revoked token.
 */
export async function handleMailboxAuthError(
  ctx: WorkerContext,
  merchantId: MerchantId,
  error: MailboxError,
): Promise<void> {
  await ctx.mailboxes.markNeedsReauth(merchantId, error.message);
  captureCategorized("gmail-token-refresh-failure", error);
  ctx.log.warn(
    { event: "mailbox_needs_reauth", merchant_id: merchantId, provider: error.provider },
    "mailbox access was revoked; the merchant must reconnect it",
  );
}
