// Imported by `sentry.server.config.ts` too, which is outside React's server layer: no
// "server-only" here, and the labels come from the Sentry init rather than `env()`.
import type { AlertWebhookOutcome, AlertWebhookSource } from "@po-pro/observability/alerts";
import { createServiceMetrics, traceExemplar } from "@po-pro/observability/metrics";
import { Counter, Histogram } from "prom-client";

const PREFIX = "po_pro_";

interface Labels {
  environment: string;
  release: string | undefined;
}

function createWebMetrics(labels: Labels) {
  const service = createServiceMetrics({
    service: "web",
    environment: labels.environment,
    release: labels.release,
    prefix: PREFIX,
  });
  const apiRequests = new Histogram({
    name: `${PREFIX}http_request_duration_seconds`,
    help: "JSON API requests by route, method and status class, with the Sentry trace as exemplar",
    labelNames: ["route", "method", "status"],
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [service.registry],
    enableExemplars: true,
  });
  const alertWebhooks = new Counter({
    name: `${PREFIX}alert_webhooks_total`,
    help: "Alert webhooks received by the bridges, by source (sentry, alertmanager) and outcome",
    labelNames: ["source", "outcome"],
    registers: [service.registry],
  });
  return {
    ...service,
    /** One delivery to `/api/alerts/sentry` or `/api/alerts/alertmanager`, by what became of it. */
    recordAlertWebhook(source: AlertWebhookSource, outcome: AlertWebhookOutcome): void {
      alertWebhooks.inc({ source, outcome });
    },
    /** One API request: `route` is the route's pattern (`/api/orders`), never a raw URL. */
    recordApiRequest(route: string, method: string, status: number, seconds: number): void {
      apiRequests.observe({
        labels: { route, method, status: `${Math.floor(status / 100)}xx` },
        value: seconds,
        exemplarLabels: traceExemplar(),
      });
    },
  };
}

export type WebMetrics = ReturnType<typeof createWebMetrics>;

// Next bundles instrumentation and route handlers separately: one registry per process, kept on
// globalThis, so the Sentry hook and /api/metrics count into the same place.
const KEY = Symbol.for("po-pro.web.metrics");
const holder = globalThis as { [KEY]?: { labels?: Labels; metrics?: WebMetrics } };

/**
 * The environment and release the metrics are labelled with: the Sentry init's own, so both
 * tools tag alike. Called once at startup, before the first request.
 */
export function labelWebMetrics(labels: Labels): void {
  holder[KEY] = { ...holder[KEY], labels };
}

/** The dashboard's Prometheus registry, created on first use. */
export function webMetrics(): WebMetrics {
  holder[KEY] ??= {};
  const state = holder[KEY];
  state.metrics ??= createWebMetrics(
    state.labels ?? { environment: "development", release: undefined },
  );
  return state.metrics;
}
