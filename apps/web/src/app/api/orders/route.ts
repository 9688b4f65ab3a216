import { apiRoute, parseQuery, privateJson } from "../../../server/api/route";
import { loadOrderList, orderListQuery } from "../../../server/order-list";

/** The merchant's orders as JSON: `?status=a,b&q=…&after=<cursor>&limit=…`, newest change first. */
export const GET = apiRoute(async (request, caller) => {
  const list = await loadOrderList(caller.merchantId, parseQuery(request, orderListQuery));
  return privateJson({ orders: list.orders, counts: list.counts, next: list.next ?? null });
});
