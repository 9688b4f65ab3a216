import { listApprovalsForReview } from "@po-pro/db";
import type { Metadata } from "next";
import { requireMerchant } from "../../../server/auth/session";
import { getServices } from "../../../server/services";
import { ApprovalInbox } from "./approval-inbox";

export const metadata: Metadata = { title: "Approvals" };

export default async function ApprovalsPage() {
  const me = await requireMerchant();
  const { db } = await getServices();
  const approvals = await listApprovalsForReview(db, me.merchantId, { limit: 100 });
  return (
    <div className="grid gap-4">
      <h1 className="text-2xl font-semibold tracking-tight">Approvals</h1>
      <p className="text-muted-foreground">
        Replies the agent would not settle on its own. Approve the supplier's proposal, turn it
        down, or counter with your own terms; the agent writes to the supplier.
      </p>
      <ApprovalInbox approvals={approvals} />
    </div>
  );
}
