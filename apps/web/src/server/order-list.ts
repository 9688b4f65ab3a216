import "server-only";
import { countOrdersByStatus, listOrders, type MerchantId, type OrderStatus } from "@po-pro/db";
import { z } from "zod";
import { ORDER_STATUSES } from "../components/order-status";
import { decodeCursor, encodeCursor } from "./order-cursor";
import { getServices } from "./services";

export const PAGE_SIZE = 50;

/**
 * The orders list's URL (`?status=a,b&q=…&after=<cursor>&limit=…`), parsed the same way for the
 * page and for /api/orders.
 */
export const orderListQuery = z.object({
  status: z
    .string()
    .optional()
    .transform((raw) => (raw ? raw.split(",") : []))
    .pipe(z.array(z.enum(ORDER_STATUSES as [OrderStatus, ...OrderStatus[]])))
    .meta({
      description: "Comma-separated statuses to include, e.g. `negotiating,needs_approval`.",
    }),
  q: z
    .string()
    .trim()
    .max(100, "must be at most 100 characters")
    .default("")
    .meta({ description: "Part of a PO number, or of the supplier's name." }),
  after: z.string().max(200).optional().meta({ description: "The previous page's `next` cursor." }),
  limit: z.coerce.number().int().min(1).max(200).default(PAGE_SIZE),
});

export type OrderListQuery = z.output<typeof orderListQuery>;

/** A page's search params (first value of each), for `orderListQuery`. */
export function firstValues(
  params: Record<string, string | string[] | undefined>,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(params)) {
    const first = Array.isArray(value) ? value[0] : value;
    if (first !== undefined) out[key] = first;
  }
  return out;
}

/** One page of the merchant's orders and the count per status: the page and /api/orders share it. */
export async function loadOrderList(merchantId: MerchantId, query: OrderListQuery) {
  const { db } = await getServices();
  const { limit } = query;
  const after = decodeCursor(query.after);
  const [rows, counts] = await Promise.all([
    listOrders(db, merchantId, {
      statuses: query.status,
      ...(query.q ? { search: query.q } : {}),
      ...(after !== undefined ? { after } : {}),
      limit: limit + 1,
    }),
    countOrdersByStatus(db, merchantId),
  ]);
  const orders = rows.slice(0, limit);
  const last = orders.at(-1);
  return {
    orders,
    counts,
    next:
      rows.length > limit && last !== undefined
        ? encodeCursor({ updatedAt: last.updatedAt, id: last.id })
        : undefined,
  };
}

export type OrderList = Awaited<ReturnType<typeof loadOrderList>>;
