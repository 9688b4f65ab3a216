import { getLiveStatus, type OrderId, parseId } from "@po-pro/db";
import { jsonError } from "../../../server/api/json-error";
import { merchantOfRequest } from "../../../server/auth/session";
import { getServices } from "../../../server/services";

/** What an open tab polls: pending approvals, and the open order's trail version. */
export async function GET(request: Request): Promise<Response> {
  const me = await merchantOfRequest(request);
  if (me === undefined) return jsonError(401, "unauthenticated", "Sign in first.");
  const raw = new URL(request.url).searchParams.get("order");
  let orderId: OrderId | undefined;
  if (raw !== null) {
    try {
      orderId = parseId("order", raw);
    } catch {
      return jsonError(404, "not_found", "No such order.");
    }
  }
  const { db } = await getServices();
  const status = await getLiveStatus(db, me.merchantId, orderId !== undefined ? { orderId } : {});
  if (orderId !== undefined && status.order === undefined) {
    return jsonError(404, "not_found", "No such order.");
  }
  return Response.json(
    {
      pendingApprovals: status.pendingApprovals,
      ...(status.order !== undefined
        ? {
            order: { status: status.order.status, trailVersion: String(status.order.trailVersion) },
          }
        : {}),
    },
    { headers: { "cache-control": "no-store" } },
  );
}
