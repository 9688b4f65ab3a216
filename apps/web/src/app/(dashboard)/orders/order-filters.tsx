import type { OrderStatus } from "@po-pro/db";
import Link from "next/link";
import { ORDER_STATUS, ORDER_STATUSES } from "../../../components/order-status";
import { cn } from "../../../components/ui/cn";
import { OrderSearch } from "./order-search";

/**
 * Status chips and the search box. The filters live in the URL (shareable, back-button safe);
 * each chip is a plain link the server renders, so filtering costs the page no JavaScript.
 */
export function OrderFilters({
  counts,
  status,
  q,
}: {
  counts: Record<OrderStatus, number>;
  status: OrderStatus[];
  q: string;
}) {
  const total = ORDER_STATUSES.reduce((sum, s) => sum + counts[s], 0);
  const href = (next: OrderStatus[]) => ({
    pathname: "/orders",
    query: { ...(next.length > 0 ? { status: next.join(",") } : {}), ...(q ? { q } : {}) },
  });
  const chip = (active: boolean) =>
    cn(
      "rounded-full border px-3 py-1 text-sm transition-colors",
      active
        ? "border-primary bg-primary text-primary-foreground"
        : "bg-background hover:bg-accent",
    );
  return (
    <div className="grid gap-3">
      <OrderSearch initial={q} />
      <nav aria-label="Filter by status" className="flex flex-wrap gap-2">
        <Link
          href={href([])}
          aria-current={status.length === 0 ? "true" : undefined}
          className={chip(status.length === 0)}
        >
          All <span className="tabular-nums opacity-80">{total}</span>
        </Link>
        {ORDER_STATUSES.map((s) => {
          const active = status.includes(s);
          return (
            <Link
              key={s}
              href={href(active ? status.filter((other) => other !== s) : [...status, s])}
              aria-current={active ? "true" : undefined}
              className={chip(active)}
            >
              {ORDER_STATUS[s].label} <span className="tabular-nums opacity-80">{counts[s]}</span>
            </Link>
          );
        })}
      </nav>
    </div>
  );
}
