import type { Metadata } from "next";
import Link from "next/link";
import type { SearchParams } from "nuqs/server";
import { Button } from "../../../components/ui/button";
import { requireMerchant } from "../../../server/auth/session";
import { loadOrderList } from "../../../server/order-list";
import { OrderFilters } from "./order-filters";
import { OrderTable } from "./order-table";
import { orderListCache } from "./search-params";

export const metadata: Metadata = { title: "Orders" };

export default async function OrdersPage({
  searchParams,
}: {
  searchParams: Promise<SearchParams>;
}) {
  const me = await requireMerchant();
  const params = orderListCache.parse(await searchParams);
  const list = await loadOrderList(me.merchantId, params);
  return (
    <div className="grid gap-4">
      <div className="flex items-center justify-between gap-4">
        <h1 className="text-2xl font-semibold tracking-tight">Orders</h1>
        <Button asChild>
          <Link href="/orders/new">New order</Link>
        </Button>
      </div>
      <OrderFilters counts={list.counts} />
      <OrderTable orders={list.orders} />
      <nav aria-label="Pages" className="flex items-center justify-end gap-2">
        {params.after !== null && (
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
