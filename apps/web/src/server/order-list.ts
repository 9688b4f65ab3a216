import "server-only";
import { countOrdersByStatus, listOrders, type MerchantId, type OrderStatus } from "@po-pro/db";
import { decodeCursor, encodeCursor } from "./order-cursor";
import { getServices } from "./services";

export const PAGE_SIZE = 50;

export interface OrderListQuery {
  status: OrderStatus[];
  q: string;
  after: string | null;
  limit?: number;
}

/** One page of the merchant's orders and the count per status: the page and /api/orders share it. */
export async function loadOrderList(merchantId: MerchantId, query: OrderListQuery) {
  const { db } = await getServices();
  const limit = query.limit ?? PAGE_SIZE;
  const after = decodeCursor(query.after);
  const [rows, counts] = await Promise.all([
    listOrders(db, merchantId, {
      statuses: query.status,
      ...(query.q.trim() ? { search: query.q.trim() } : {}),
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
