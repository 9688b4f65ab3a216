"use server";

import { type ApprovalId, getApprovalForReview } from "@po-pro/db";
import { type CounterTerms, enqueue } from "@po-pro/jobs";
import { tagOrder, tagSupplier } from "@po-pro/observability";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { counterForm } from "../../forms/counter-form";
import type { ActionResult } from "../../forms/fields";
import type { SignedIn } from "../auth/session";
import type { Services } from "../services";
import { NOT_FOUND, runAction } from "./run-action";

type Answer =
  | { action: "approve" }
  | { action: "reject"; note?: string }
  | { action: "counter"; terms: CounterTerms };

/**
 * Queues the merchant's answer for the worker, which confirms, cancels or counters with the
 * supplier; the approval must be this merchant's and still pending.
 */
async function answer(
  { db, boss }: Services,
  me: SignedIn,
  approvalId: string,
  reply: Answer,
): Promise<ActionResult<{ jobId: string | null }>> {
  const approval = await getApprovalForReview(db, me.merchantId, approvalId as ApprovalId);
  if (approval === undefined) return NOT_FOUND;
  tagOrder({ id: approval.order.id, status: approval.order.status });
  tagSupplier(approval.order.supplierId);
  if (approval.status !== "pending") {
    return { ok: false, message: `This approval was already ${approval.status}.` };
  }
  const jobId = await enqueue(boss, "merchant-decision", {
    merchantId: me.merchantId,
    approvalId: approval.id,
    userId: me.userId,
    ...reply,
  });
  revalidatePath("/approvals");
  revalidatePath(`/orders/${approval.order.id}`);
  return { ok: true, value: { jobId } };
}

const decision = z.object({
  approvalId: z.uuid(),
  action: z.enum(["approve", "reject"]),
  note: z.string().trim().max(2000, "Keep the note under 2,000 characters.").optional(),
});

export async function decideApprovalAction(input: unknown) {
  return runAction("decideApproval", decision, input, ({ me, input: form, ...services }) =>
    answer(
      services,
      me,
      form.approvalId,
      form.action === "approve"
        ? { action: "approve" }
        : { action: "reject", ...(form.note ? { note: form.note } : {}) },
    ),
  );
}

export async function counterApprovalAction(input: unknown) {
  return runAction("counterApproval", counterForm, input, ({ me, input: form, ...services }) =>
    answer(services, me, form.approvalId, { action: "counter", terms: form.terms }),
  );
}
