"use client";

import type { OrderStatus } from "@po-pro/db";
import { Search } from "lucide-react";
import { useQueryStates } from "nuqs";
import { ORDER_STATUS, ORDER_STATUSES } from "../../../components/order-status";
import { cn } from "../../../components/ui/cn";
import { Input } from "../../../components/ui/input";
import { orderListParams } from "./search-params";

/** Status chips and the search box; both live in the URL, so a filtered list can be shared. */
export function OrderFilters({ counts }: { counts: Record<OrderStatus, number> }) {
  const [params, setParams] = useQueryStates(orderListParams, {
    shallow: false,
    history: "replace",
  });
  const total = ORDER_STATUSES.reduce((sum, status) => sum + counts[status], 0);
  const chip = (active: boolean) =>
    cn(
      "rounded-full border px-3 py-1 text-sm transition-colors",
      active
        ? "border-primary bg-primary text-primary-foreground"
        : "bg-background hover:bg-accent",
    );
  return (
    <div className="grid gap-3">
      <div className="relative max-w-sm">
        <Search
          aria-hidden
          className="pointer-events-none absolute top-2.5 left-2.5 size-4 text-muted-foreground"
        />
        <Input
          type="search"
          aria-label="Search by PO number or supplier"
          placeholder="Search PO number or supplier"
          className="pl-8"
          defaultValue={params.q}
          onChange={(event) =>
            void setParams(
              { q: event.target.value || null, after: null },
              { limitUrlUpdates: { method: "debounce", timeMs: 300 } },
            )
          }
        />
      </div>
      <fieldset className="flex flex-wrap gap-2">
        <legend className="sr-only">Status</legend>
        <button
          type="button"
          aria-pressed={params.status.length === 0}
          className={chip(params.status.length === 0)}
          onClick={() => void setParams({ status: null, after: null })}
        >
          All <span className="tabular-nums opacity-80">{total}</span>
        </button>
        {ORDER_STATUSES.map((status) => {
          const active = params.status.includes(status);
          return (
            <button
              key={status}
              type="button"
              aria-pressed={active}
              className={chip(active)}
              onClick={() =>
                void setParams({
                  status: active
                    ? params.status.filter((s) => s !== status)
                    : [...params.status, status],
                  after: null,
                })
              }
            >
              {ORDER_STATUS[status].label}{" "}
              <span className="tabular-nums opacity-80">{counts[status]}</span>
            </button>
          );
        })}
      </fieldset>
    </div>
  );
}
