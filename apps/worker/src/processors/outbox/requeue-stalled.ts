/**
 * requeue-stalled (every 10 minutes): work whose job is gone — an outbox row left pending after its
 * send job gave up (the mailbox was disconnected, then reconnected), a stored reply whose job was
 * lost — gets a new job. A second job for work that still has one is harmless: sends are leased and
 * checked with `findSent`, replies are locked and skipped once processed.
 */
import { scans } from "@po-pro/db";
import { enqueue } from "@po-pro/jobs";
import type { WorkerContext } from "../../context.js";

/** Work due this long ago and still not done has lost its job (retries come back sooner). */
export const STALLED_AFTER_MS = 10 * 60_000;

export async function requeueStalled(
  ctx: WorkerContext,
): Promise<{ outbox: number; emails: number }> {
  const cutoff = new Date(ctx.clock().getTime() - STALLED_AFTER_MS);
  const rows = await scans.outboxDue(ctx.db, cutoff, 500);
  for (const { merchantId, id } of rows) {
    await enqueue(ctx.boss, "send-email", { merchantId, outboxId: id });
  }
  const emails = await scans.emailsDue(ctx.db, cutoff, 500);
  for (const { merchantId, id } of emails) {
    await enqueue(ctx.boss, "process-email", { merchantId, emailMessageId: id });
  }
  if (rows.length + emails.length > 0) {
    ctx.log.warn(
      { event: "requeued_stalled", outbox: rows.length, emails: emails.length },
      `queued again ${rows.length} unsent outbox rows and ${emails.length} unprocessed replies whose jobs were gone`,
    );
  }
  return { outbox: rows.length, emails: emails.length };
}
