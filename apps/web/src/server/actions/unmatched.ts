"use server";

import {
  attachEmailToOrder,
  EmailAlreadyAttachedError,
  type EmailMessageId,
  getOrderByPoNumber,
  NotFoundError,
} from "@po-pro/db";
import { enqueue } from "@po-pro/jobs";
import { tagOrder } from "@po-pro/observability";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { type ActionResult, invalidFields } from "../../forms/fields";
import { NOT_FOUND, runAction } from "./run-action";

const attach = z.object({
  emailId: z.uuid(),
  poNumber: z.string().trim().toUpperCase().min(1, "Enter the PO number this reply is about."),
});

/** Ties an unmatched reply to one of the merchant's orders and has the worker process it. */
export async function attachReplyAction(
  input: unknown,
): Promise<ActionResult<{ orderId: string }>> {
  return runAction(
    "attachReply",
    attach,
    input,
    async ({ db, boss, me, input: form }): Promise<ActionResult<{ orderId: string }>> => {
      const order = await getOrderByPoNumber(db, me.merchantId, form.poNumber);
      if (order === undefined) {
        return invalidFields({ poNumber: `No order ${form.poNumber}.` });
      }
      tagOrder({ id: order.id, status: order.status });
      try {
        await db.transaction(async (tx) => {
          const email = await attachEmailToOrder(tx, me.merchantId, {
            emailId: form.emailId as EmailMessageId,
            orderId: order.id,
            userId: me.userId,
          });
          // The worker reads it afresh, as if it had arrived in the order's thread.
          await enqueue(
            boss,
            "process-email",
            { merchantId: me.merchantId, emailMessageId: email.id },
            { tx },
          );
        });
      } catch (error) {
        if (error instanceof NotFoundError) return NOT_FOUND;
        if (error instanceof EmailAlreadyAttachedError) {
          return { ok: false, message: "This reply is already attached to an order." };
        }
        throw error;
      }
      revalidatePath("/unmatched");
      revalidatePath(`/orders/${order.id}`);
      return { ok: true, value: { orderId: order.id } };
    },
  );
}
