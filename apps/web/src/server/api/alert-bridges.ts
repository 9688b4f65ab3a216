import "server-only";
import {
  createAlertmanagerWebhookHandler,
  createSentryWebhookHandler,
} from "@po-pro/observability/alerts";
import { env } from "../../env";
import { webMetrics } from "../metrics";
import { jsonError } from "./json-error";

type Handler = (request: Request) => Promise<Response>;

// One handler per process: the Sentry bridge remembers the Request-IDs it forwarded.
let sentryBridge: Handler | undefined;
let alertmanagerBridge: Handler | undefined;

/**
 * `/api/alerts/sentry`'s handler, or the answer when it is off: 404 without
 * SENTRY_WEBHOOK_SECRET, 503 without ALERTMANAGER_URL (Sentry retries a 5xx).
 */
export function sentryBridgeHandler(): Handler {
  const { web } = env();
  if (web.SENTRY_WEBHOOK_SECRET === undefined) {
    return unconfigured("sentry", 404, "not_found", "SENTRY_WEBHOOK_SECRET is not set");
  }
  if (web.ALERTMANAGER_URL === undefined) {
    return unconfigured(
      "sentry",
      503,
      "alertmanager_not_configured",
      "ALERTMANAGER_URL is not set",
    );
  }
  sentryBridge ??= createSentryWebhookHandler({
    clientSecret: web.SENTRY_WEBHOOK_SECRET,
    alertmanager: { url: web.ALERTMANAGER_URL },
    metrics: webMetrics(),
  });
  return sentryBridge;
}

/** `/api/alerts/alertmanager`'s handler, or a 404 without ALERTMANAGER_WEBHOOK_TOKEN. */
export function alertmanagerBridgeHandler(): Handler {
  const token = env().web.ALERTMANAGER_WEBHOOK_TOKEN;
  if (token === undefined) {
    return unconfigured("alertmanager", 404, "not_found", "ALERTMANAGER_WEBHOOK_TOKEN is not set");
  }
  alertmanagerBridge ??= createAlertmanagerWebhookHandler({ token, metrics: webMetrics() });
  return alertmanagerBridge;
}

function unconfigured(
  source: "sentry" | "alertmanager",
  status: number,
  code: string,
  reason: string,
): Handler {
  return async () => {
    webMetrics().recordAlertWebhook(source, "unconfigured");
    return jsonError(status, code, `The ${source} alert bridge is off: ${reason}.`);
  };
}

/** Runs a bridge, counting the request like the rest of the JSON API. */
export async function runBridge(route: string, request: Request, handler: Handler) {
  const started = performance.now();
  let status = 500;
  try {
    const response = await handler(request);
    status = response.status;
    return response;
  } finally {
    webMetrics().recordApiRequest(
      route,
      request.method,
      status,
      (performance.now() - started) / 1000,
    );
  }
}
