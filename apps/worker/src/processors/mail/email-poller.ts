import { enqueue } from "@po-pro/jobs";
import type { WorkerContext } from "../../context.js";

/** The 5-minute schedule: one `poll-mailbox` per pollable mailbox (one at a time per merchant). */
export async function emailPoller(ctx: WorkerContext): Promise<{ queued: number }> {
  let queued = 0;
  for (const merchantId of await ctx.mailboxes.pollable()) {
    const id = await enqueue(
      ctx.boss,
      "poll-mailbox",
      { merchantId },
      { singletonKey: merchantId },
    );
    if (id !== null) queued++;
  }
  return { queued };
}
