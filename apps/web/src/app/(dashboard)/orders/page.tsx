import type { Metadata } from "next";
import Link from "next/link";
import { Button } from "../../../components/ui/button";
import { requireMerchant } from "../../../server/auth/session";
import { firstValues, loadOrderList, orderListQuery } from "../../../server/order-list";
import { OrderFilters } from "./order-filters";
import { OrderTable } from "./order-table";

export const metadata: Metadata = { title: "Orders" };

export default async function OrdersPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const me = await requireMerchant();
  // A hand-edited URL with a bad parameter shows the unfiltered list rather than an error.
  const parsed = orderListQuery.safeParse(firstValues(await searchParams));
  const params = parsed.success ? parsed.data : orderListQuery.parse({});
  const list = await loadOrderList(me.merchantId, params);
  return (
    <div className="grid gap-4">
      <div className="flex items-center justify-between gap-4">
        <h1 className="text-2xl font-semibold tracking-tight">Orders</h1>
        <Button asChild>
          <Link href="/orders/new">New order</Link>
        </Button>
      </div>
      <OrderFilters counts={list.counts} status={params.status} q={params.q} />
      <OrderTable orders={list.orders} />
      <nav aria-label="Pages" className="flex items-center justify-end gap-2">
        {params.after !== undefined && (
          <Button asChild variant="outline" size="sm">
            <Link href={{ pathname: "/orders", query: listQuery(params) }}>Newest</Link>
          </Button>
        )}
        {list.next !== undefined && (
          <Button asChild variant="outline" size="sm">
            <Link href={{ pathname: "/orders", query: { ...listQuery(params), after: list.next } }}>
              Older orders
            </Link>
          </Button>
        )}
      </nav>
    </div>
  );
}

function listQuery(params: { status: string[]; q: string }): Record<string, string> {
  return {
    ...(params.status.length > 0 ? { status: params.status.join(",") } : {}),
    ...(params.q ? { q: params.q } : {}),
  };
}
