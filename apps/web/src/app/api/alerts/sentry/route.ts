import { runBridge, sentryBridgeHandler } from "../../../../server/api/alert-bridges";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/**
 * A Sentry integration's webhook (issue alerts, metric alerts, issues): signature checked over
 * the raw body, then posted to Alertmanager as alerts labelled with our tags.
 */
export function POST(request: Request): Promise<Response> {
  return runBridge("/api/alerts/sentry", request, sentryBridgeHandler());
}
