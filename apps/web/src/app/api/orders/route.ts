import { setRequestId } from "@po-pro/observability";
import { z } from "zod";
import { ORDER_STATUSES } from "../../../components/order-status";
import { merchantOfRequest } from "../../../server/auth/session";
import { jsonError } from "../../../server/json-error";
import { loadOrderList } from "../../../server/order-list";

const query = z.object({
  status: z
    .string()
    .optional()
    .transform((raw) => (raw ? raw.split(",") : []))
    .pipe(z.array(z.enum(ORDER_STATUSES as [string, ...string[]]))),
  q: z.string().max(100, "must be at most 100 characters").default(""),
  after: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

/** The merchant's orders as JSON: `?status=a,b&q=…&after=<cursor>&limit=…`, newest change first. */
export async function GET(request: Request): Promise<Response> {
  const requestId = request.headers.get("x-request-id");
  if (requestId) setRequestId(requestId);
  const me = await merchantOfRequest(request);
  if (me === undefined) return jsonError(401, "unauthenticated", "Sign in first.");
  const parsed = query.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!parsed.success) {
    const fields = Object.fromEntries(
      parsed.error.issues.map((i) => [i.path.join("."), i.message]),
    );
    return jsonError(400, "invalid_query", "The query has invalid parameters.", fields);
  }
  const { status, q, after, limit } = parsed.data;
  const list = await loadOrderList(me.merchantId, {
    status: status as (typeof ORDER_STATUSES)[number][],
    q,
    after: after ?? null,
    limit,
  });
  return Response.json(
    {
      orders: list.orders,
      counts: list.counts,
      next: list.next ?? null,
    },
    { headers: { "cache-control": "private, no-store" } },
  );
}
