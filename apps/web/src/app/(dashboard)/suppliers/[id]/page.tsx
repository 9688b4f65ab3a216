import {
  countOrdersBySupplier,
  getSupplier,
  listSupplierOrders,
  parseId,
  type SupplierId,
} from "@po-pro/db";
import { tagSupplier } from "@po-pro/observability";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { cache } from "react";
import { OrderStatusBadge } from "../../../../components/order-status";
import { RelativeTime } from "../../../../components/relative-time";
import {
  Card,
  CardContent,
  CardDescription,
  CardHeader,
  CardTitle,
} from "../../../../components/ui/card";
import { requireMerchant } from "../../../../server/auth/session";
import { getServices } from "../../../../server/services";
import { explainSenderChecks } from "../../../../server/supplier-sender";
import { SupplierEditor } from "../supplier-editor";
import { ArchiveButton } from "./archive-button";
import { SenderCheck } from "./sender-check";

type Params = { params: Promise<{ id: string }> };

const RECENT_ORDERS = 8;

/** The supplier, if the id is one and the supplier is this merchant's; otherwise the same 404. */
const loadSupplier = cache(async (raw: string) => {
  const me = await requireMerchant();
  let id: SupplierId;
  try {
    id = parseId("supplier", raw);
  } catch {
    notFound();
  }
  const { db } = await getServices();
  const supplier = await getSupplier(db, me.merchantId, id);
  if (supplier === undefined) notFound();
  tagSupplier(supplier.supplierId);
  return { me, db, supplier };
});

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const { supplier } = await loadSupplier((await params).id);
  return { title: supplier.name };
}

export default async function SupplierPage({ params }: Params) {
  const { me, db, supplier } = await loadSupplier((await params).id);
  const [recent, counts] = await Promise.all([
    listSupplierOrders(db, me.merchantId, supplier.supplierId, { limit: RECENT_ORDERS }),
    countOrdersBySupplier(db, me.merchantId),
  ]);
  const orderCount = counts.get(supplier.supplierId) ?? 0;
  const senders = explainSenderChecks(supplier);
  const archived = supplier.archivedAt !== null;

  return (
    <div className="grid gap-6">
      <Link href="/suppliers" className="-mb-3 text-sm text-muted-foreground hover:underline">
        ← Suppliers
      </Link>
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div className="flex flex-wrap items-center gap-3">
          <h1 className="text-2xl font-semibold tracking-tight">{supplier.name}</h1>
          {archived && (
            <span className="inline-flex rounded-full border px-2 py-0.5 text-xs font-medium">
              Archived
            </span>
          )}
        </div>
        <ArchiveButton supplierId={supplier.supplierId} archived={archived} />
      </div>
      {archived && supplier.archivedAt && (
        <p className="text-muted-foreground">
          Archived <RelativeTime date={supplier.archivedAt} />: it is not offered for new orders.
          Replies about its existing orders are still read and checked as below.
        </p>
      )}

      <div className="grid items-start gap-6 lg:grid-cols-[3fr_2fr]">
        <Card>
          <CardHeader>
            <CardTitle>
              <h2>Details</h2>
            </CardTitle>
          </CardHeader>
          <CardContent>
            <SupplierEditor
              supplierId={supplier.supplierId}
              initial={{
                name: supplier.name,
                contactName: supplier.contactName ?? "",
                contactEmail: supplier.contactEmail,
                notes: supplier.notes ?? "",
              }}
            />
          </CardContent>
        </Card>

        <div className="grid gap-6">
          <Card>
            <CardHeader>
              <CardTitle>
                <h2>How replies are checked</h2>
              </CardTitle>
              <CardDescription>
                What the agent does with a reply about this supplier’s orders.
              </CardDescription>
            </CardHeader>
            <CardContent className="grid gap-4">
              <ul className="grid list-disc gap-2 pl-5 text-sm" aria-label="Sender checks">
                {senders.sentences.map((sentence) => (
                  <li key={sentence}>{sentence}</li>
                ))}
              </ul>
              <SenderCheck supplierId={supplier.supplierId} />
            </CardContent>
          </Card>

          <Card>
            <CardHeader>
              <CardTitle>
                <h2>Orders</h2>
              </CardTitle>
              <CardDescription>
                {orderCount === 0
                  ? "No orders with this supplier yet."
                  : `${orderCount} ${orderCount === 1 ? "order" : "orders"} in all${
                      orderCount > recent.length ? `; the ${recent.length} latest:` : "."
                    }`}
              </CardDescription>
            </CardHeader>
            {recent.length > 0 && (
              <CardContent>
                <ul className="grid gap-2 text-sm" aria-label="Recent orders">
                  {recent.map((order) => (
                    <li key={order.id} className="flex items-center justify-between gap-3">
                      <Link href={`/orders/${order.id}`} className="font-medium hover:underline">
                        {order.poNumber}
                      </Link>
                      <span className="flex items-center gap-3">
                        <OrderStatusBadge status={order.status} />
                        <span className="w-28 text-right text-muted-foreground">
                          <RelativeTime date={order.updatedAt} />
                        </span>
                      </span>
                    </li>
                  ))}
                </ul>
              </CardContent>
            )}
          </Card>
        </div>
      </div>
    </div>
  );
}
