"use client";

import type { ApprovalForReview } from "@po-pro/db";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { toast } from "sonner";
import { ApprovalCard } from "../../../../components/approval-card";
import { decideApprovalAction } from "../../../../server/actions/approvals";

/** The order's open escalation, answerable here as in the inbox. */
export function OrderApproval({ approval }: { approval: ApprovalForReview }) {
  const router = useRouter();
  const [answered, setAnswered] = useState<string>();
  const [, startTransition] = useTransition();
  if (answered !== undefined) {
    return (
      <p role="status" className="rounded-lg border bg-background p-4">
        {answered}
      </p>
    );
  }
  return (
    <ApprovalCard
      approval={approval}
      title="Waiting for your answer"
      withoutLines
      onCountered={() => setAnswered("Counter-offer queued; the agent is sending it.")}
      onDecide={(action) =>
        startTransition(async () => {
          setAnswered(
            action === "approve"
              ? "Approved; the agent is confirming with the supplier."
              : "Turned down; the agent is cancelling with the supplier.",
          );
          const result = await decideApprovalAction({ approvalId: approval.id, action });
          if (!result.ok) {
            setAnswered(undefined);
            toast.error(result.message);
          }
          router.refresh();
        })
      }
    />
  );
}
