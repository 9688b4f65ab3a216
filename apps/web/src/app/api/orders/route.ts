import { setRequestId } from "@po-pro/observability";
import { merchantOfRequest } from "../../../server/auth/session";
import { jsonError } from "../../../server/json-error";
import { loadOrderList, orderListQuery } from "../../../server/order-list";

/** The merchant's orders as JSON: `?status=a,b&q=…&after=<cursor>&limit=…`, newest change first. */
export async function GET(request: Request): Promise<Response> {
  const requestId = request.headers.get("x-request-id");
  if (requestId) setRequestId(requestId);
  const me = await merchantOfRequest(request);
  if (me === undefined) return jsonError(401, "unauthenticated", "Sign in first.");
  const parsed = orderListQuery.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success) {
    const fields = Object.fromEntries(
      parsed.error.issues.map((i) => [i.path.join("."), i.message]),
    );
    return jsonError(400, "invalid_query", "The query has invalid parameters.", fields);
  }
  const list = await loadOrderList(me.merchantId, parsed.data);
  return Response.json(
    {
      orders: list.orders,
      counts: list.counts,
      next: list.next ?? null,
    },
    { headers: { "cache-control": "private, no-store" } },
  );
}
