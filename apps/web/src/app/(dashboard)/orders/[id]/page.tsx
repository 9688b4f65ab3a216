import {
  getApprovalForReview,
  getLiveStatus,
  getOrder,
  getOrderTrail,
  getPendingApproval,
  type OrderId,
  parseId,
  type SupplierProposal,
} from "@po-pro/db";
import { tagOrder, tagSupplier } from "@po-pro/observability";
import { formatMoney } from "@po-pro/policy";
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { cache } from "react";
import { OrderStatusBadge } from "../../../../components/order-status";
import { ProposalLines } from "../../../../components/proposal-lines";
import { Card, CardContent, CardHeader, CardTitle } from "../../../../components/ui/card";
import { requireMerchant } from "../../../../server/auth/session";
import { getServices } from "../../../../server/services";
import { EmailThread } from "./email-thread";
import { OrderApproval } from "./order-approval";
import { OrderRefresher } from "./order-refresher";
import { Timeline } from "./timeline";

type Params = { params: Promise<{ id: string }> };

/** The order, if the id is one and the order is this merchant's; otherwise the same 404. */
const loadOrder = cache(async (raw: string) => {
  const me = await requireMerchant();
  let id: OrderId;
  try {
    id = parseId("order", raw);
  } catch {
    notFound();
  }
  const { db } = await getServices();
  const order = await getOrder(db, me.merchantId, id);
  if (order === undefined) notFound();
  tagOrder({ id: order.id, status: order.status });
  tagSupplier(order.supplierId);
  return { me, db, order };
});

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const { order } = await loadOrder((await params).id);
  return { title: order.poNumber };
}

export default async function OrderPage({ params }: Params) {
  const { me, db, order } = await loadOrder((await params).id);
  // The version first, then what it versions: a change in between makes them differ, and the
  // open page refreshes once more rather than missing it.
  const live = await getLiveStatus(db, me.merchantId, { orderId: order.id });
  const [trail, pending] = await Promise.all([
    getOrderTrail(db, me.merchantId, order.id),
    getPendingApproval(db, me.merchantId, order.id),
  ]);
  const review = pending ? await getApprovalForReview(db, me.merchantId, pending.id) : undefined;
  const entries = trail ?? [];
  // What the supplier proposed last, as the latest extraction read it.
  const latestReading = entries.findLast((entry) => entry.kind === "extraction");
  const latestProposal = (latestReading?.response as SupplierProposal | undefined) ?? null;
  const total = order.lines.reduce((sum, line) => sum + line.quantity * line.unitPriceMinor, 0);
  const emails = entries.filter((entry) => entry.kind === "email");

  return (
    <div className="grid gap-6">
      <OrderRefresher orderId={order.id} trailVersion={live.order?.trailVersion ?? ""} />
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="text-2xl font-semibold tracking-tight">{order.poNumber}</h1>
        <OrderStatusBadge status={order.status} />
        <span className="text-muted-foreground">
          {order.supplierName} · {formatMoney(total, order.currency)} · {order.paymentTerms}
          {order.requestedDeliveryDate && ` · wanted by ${order.requestedDeliveryDate}`}
          {order.negotiationRound > 0 &&
            ` · ${order.negotiationRound} counter-offer${order.negotiationRound === 1 ? "" : "s"} sent`}
        </span>
      </div>

      {review !== undefined && <OrderApproval approval={review} />}

      <Card>
        <CardHeader>
          <CardTitle>
            <h2>
              Lines{latestProposal !== null && ", as ordered and as the supplier last proposed"}
            </h2>
          </CardTitle>
        </CardHeader>
        <CardContent>
          <ProposalLines lines={order.lines} proposal={latestProposal} currency={order.currency} />
        </CardContent>
      </Card>

      <div className="grid gap-6 lg:grid-cols-[3fr_2fr]">
        <section aria-labelledby="trail-heading" className="grid content-start gap-3">
          <h2 id="trail-heading" className="text-lg font-semibold">
            Decision trail
          </h2>
          <Timeline entries={entries} currency={order.currency} />
        </section>
        <section aria-labelledby="thread-heading" className="grid content-start gap-3">
          <h2 id="thread-heading" className="text-lg font-semibold">
            Email thread
          </h2>
          <EmailThread emails={emails} />
        </section>
      </div>
    </div>
  );
}
