import { env } from "../../../env";
import { bearerMatches } from "../../../server/api/bearer";
import { jsonError } from "../../../server/api/json-error";
import { webMetrics } from "../../../server/metrics";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/**
 * The dashboard's Prometheus metrics in OpenMetrics (exemplars carry the Sentry trace id). With
 * METRICS_TOKEN set, only a scraper sending it as Bearer is answered.
 */
export async function GET(request: Request): Promise<Response> {
  const token = env().web.METRICS_TOKEN;
  if (token !== undefined && !bearerMatches(request.headers.get("authorization"), token)) {
    return jsonError(401, "unauthenticated", "Send METRICS_TOKEN as a Bearer token.");
  }
  const metrics = webMetrics();
  return new Response(await metrics.metrics(), {
    headers: { "content-type": metrics.contentType, "cache-control": "no-store" },
  });
}
