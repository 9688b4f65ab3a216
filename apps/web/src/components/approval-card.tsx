"use client";

import type { ApprovalForReview } from "@po-pro/db";
import Link from "next/link";
import { CounterDialog } from "./counter-dialog";
import { ACTION, COMPLIANCE, RESPONSE_KIND } from "./decision-words";
import { OrderStatusBadge } from "./order-status";
import { ProposalLines } from "./proposal-lines";
import { RuleList } from "./rule-list";
import { Badge } from "./ui/badge";
import { Button } from "./ui/button";
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from "./ui/card";

/** One escalation: why the agent asks, what the supplier proposed, and the three answers. */
export function ApprovalCard({
  approval,
  title,
  withoutLines = false,
  onDecide,
  onCountered,
}: {
  approval: ApprovalForReview;
  /** The card's heading; default the order's PO number, linked (the inbox lists many orders). */
  title?: string;
  /** Leave the lines out (the order page shows them right below). */
  withoutLines?: boolean;
  onDecide: (action: "approve" | "reject") => void;
  onCountered: () => void;
}) {
  const { order, decision, proposal, email } = approval;
  const headingId = `approval-${approval.id}`;
  const explanation = decision.explanation.split("\n").filter(Boolean);
  return (
    <Card role="article" aria-labelledby={headingId}>
      <CardHeader>
        <CardTitle className="flex flex-wrap items-center gap-2">
          <h2 id={headingId} className="text-lg">
            {title ?? (
              <Link href={`/orders/${order.id}`} className="underline-offset-4 hover:underline">
                {order.poNumber}
              </Link>
            )}
          </h2>
          <OrderStatusBadge status={order.status} />
          <Badge variant={ACTION[decision.recommendedAction].variant}>
            {COMPLIANCE[decision.complianceStatus]}
          </Badge>
        </CardTitle>
        <CardDescription>
          {order.supplierName}
          {email !== null && <> · “{email.subject}”</>}
          {proposal !== null && <> · {RESPONSE_KIND[proposal.kind] ?? proposal.kind}</>}
        </CardDescription>
      </CardHeader>
      <CardContent className="grid gap-4">
        <p className="font-medium">{approval.reason}</p>
        {proposal?.question && (
          <blockquote className="border-l-2 pl-3 italic">{proposal.question}</blockquote>
        )}
        {!withoutLines && (
          <ProposalLines lines={order.lines} proposal={proposal} currency={order.currency} />
        )}
        {(proposal?.deliveryDate || proposal?.paymentTerms) && (
          <p className="text-sm">
            {proposal.deliveryDate && (
              <>
                Delivery {proposal.deliveryDate} (asked for{" "}
                {order.requestedDeliveryDate ?? "no date"}).{" "}
              </>
            )}
            {proposal.paymentTerms && (
              <>
                Terms {proposal.paymentTerms} (ordered {order.paymentTerms}).
              </>
            )}
          </p>
        )}
        <RuleList rules={decision.matchedRules} currency={order.currency} />
        {explanation.length > 1 && (
          <details className="text-sm text-muted-foreground">
            <summary className="cursor-pointer">How the agent decided</summary>
            <ul className="mt-2 list-disc pl-5">
              {explanation.map((line) => (
                <li key={line}>{line}</li>
              ))}
            </ul>
          </details>
        )}
      </CardContent>
      <CardFooter className="flex flex-wrap gap-2">
        <Button type="button" onClick={() => onDecide("approve")}>
          Approve
        </Button>
        <CounterDialog approval={approval} onCountered={onCountered} />
        <Button type="button" variant="outline" onClick={() => onDecide("reject")}>
          Reject
        </Button>
      </CardFooter>
    </Card>
  );
}
