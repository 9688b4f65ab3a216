import { alertmanagerBridgeHandler, runBridge } from "../../../../server/api/alert-bridges";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/**
 * Alertmanager's webhook receiver (`Authorization: Bearer <ALERTMANAGER_WEBHOOK_TOKEN>`): each
 * firing or resolved alert becomes a Sentry event, one Sentry issue per alert name.
 */
export function POST(request: Request): Promise<Response> {
  return runBridge("/api/alerts/alertmanager", request, alertmanagerBridgeHandler());
}
