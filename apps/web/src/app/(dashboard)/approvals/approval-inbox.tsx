"use client";

import type { ApprovalForReview } from "@po-pro/db";
import { useOptimistic, useTransition } from "react";
import { toast } from "sonner";
import { ApprovalCard } from "../../../components/approval-card";
import { decideApprovalAction } from "../../../server/actions/approvals";

/**
 * The pending approvals. Answering one takes it out of the list at once (optimistic); if the
 * server refuses, it comes back and a toast says why.
 */
export function ApprovalInbox({ approvals }: { approvals: ApprovalForReview[] }) {
  const [, startTransition] = useTransition();
  const [shown, hide] = useOptimistic(approvals, (list, answeredId: string) =>
    list.filter((approval) => approval.id !== answeredId),
  );

  function decide(approval: ApprovalForReview, action: "approve" | "reject") {
    startTransition(async () => {
      hide(approval.id);
      const result = await decideApprovalAction({ approvalId: approval.id, action });
      if (result.ok) {
        toast.success(
          action === "approve"
            ? `Approved. The agent is confirming ${approval.order.poNumber} with ${approval.order.supplierName}.`
            : `Turned down. The agent is cancelling ${approval.order.poNumber} with ${approval.order.supplierName}.`,
        );
      } else {
        toast.error(`${approval.order.poNumber}: ${result.message}`);
      }
    });
  }

  if (shown.length === 0) {
    return (
      <p className="rounded-lg border bg-background p-8 text-center text-muted-foreground">
        Nothing waits for you. New escalations appear here as the agent makes them.
      </p>
    );
  }
  return (
    <div className="grid gap-4">
      {shown.map((approval) => (
        <ApprovalCard
          key={approval.id}
          approval={approval}
          onDecide={(action) => decide(approval, action)}
          onCountered={() => startTransition(() => hide(approval.id))}
        />
      ))}
    </div>
  );
}
