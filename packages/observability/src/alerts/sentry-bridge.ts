import {
  type AlertmanagerClientOptions,
  AlertmanagerUnavailableError,
  createAlertmanagerClient,
} from "./alertmanager-client.js";
import {
  type AlertWebhookMetrics,
  alertJsonError,
  fieldsOf,
  NO_ALERT_METRICS,
  parseJson,
  readRawBody,
  sentrySignatureMatches,
} from "./http.js";
import {
  isSentryAlertResource,
  labelSetKey,
  mapSentryWebhook,
  type PostableAlert,
  SENTRY_ALERT_RESOURCES,
} from "./sentry-webhook.js";

export interface SentryToAlertmanagerOptions {
  /** The Sentry integration's client secret, which signs every webhook (`Sentry-Hook-Signature`). */
  clientSecret: string;
  /** Where alerts go, and how hard to try (see `createAlertmanagerClient`). */
  alertmanager: AlertmanagerClientOptions;
  metrics?: AlertWebhookMetrics;
  /** Labels added to every alert, e.g. `{ team: "payments" }`. */
  staticLabels?: Record<string, string>;
  /** How long a metric alert or issue stays firing without news from Sentry; default 24 h. */
  firingHoldMs?: number;
  /** How long an issue alert (never resolved by Sentry) stays firing; default 1 h. */
  eventAlertHoldMs?: number;
  /** How long a delivered `Request-ID` is remembered, so Sentry's retries post once; default 1 h. */
  dedupeWindowMs?: number;
  /** At most this many ids are remembered; default 10 000. */
  dedupeMaxEntries?: number;
  /** Bodies above this are refused (413); default 1 MiB. */
  maxBodyBytes?: number;
  now?: () => Date;
}

const HOUR = 3_600_000;

/** `Request-ID`s already forwarded (or being forwarded), oldest first, bounded in age and count. */
function createDeliveryLog(windowMs: number, maxEntries: number, now: () => number) {
  const seen = new Map<string, { at: number; done: Promise<boolean> }>();
  function prune(): void {
    const cutoff = now() - windowMs;
    for (const [id, entry] of seen) {
      if (entry.at >= cutoff && seen.size <= maxEntries) break;
      seen.delete(id);
    }
  }
  return {
    /** The earlier delivery of `id`, if one succeeded or is still in flight. */
    find(id: string): Promise<boolean> | undefined {
      prune();
      return seen.get(id)?.done;
    },
    /** Remembers `id` while `done` runs; forgets it again if it failed, so a retry posts. */
    track(id: string, done: Promise<boolean>): void {
      seen.set(id, { at: now(), done });
      done.then((ok) => {
        if (!ok) seen.delete(id);
      });
      prune();
    },
  };
}

/**
 * `POST` handler for a Sentry integration's webhook: checks the signature over the raw body
 * before reading anything else, maps issue alerts, metric alerts and issue changes to
 * Alertmanager alerts and posts them (bounded retries; 502 when Alertmanager cannot take them, so
 * Sentry delivers again). A `Request-ID` already forwarded is answered 200 without posting.
 */
export function createSentryWebhookHandler(
  options: SentryToAlertmanagerOptions,
): (request: Request) => Promise<Response> {
  if (options.clientSecret === "") throw new TypeError("clientSecret: must not be empty");
  const metrics = options.metrics ?? NO_ALERT_METRICS;
  const client = createAlertmanagerClient(options.alertmanager);
  const now = options.now ?? (() => new Date());
  const deliveries = createDeliveryLog(
    options.dedupeWindowMs ?? HOUR,
    options.dedupeMaxEntries ?? 10_000,
    () => now().getTime(),
  );
  const maxBodyBytes = options.maxBodyBytes ?? 1024 * 1024;
  const count = (outcome: Parameters<AlertWebhookMetrics["recordAlertWebhook"]>[1]) =>
    metrics.recordAlertWebhook("sentry", outcome);

  async function forward(alerts: PostableAlert[]): Promise<Response> {
    try {
      await client.postAlerts(alerts);
    } catch (error) {
      if (!(error instanceof AlertmanagerUnavailableError)) throw error;
      count("upstream_error");
      return alertJsonError(502, "alertmanager_unavailable", error.message);
    }
    count("forwarded");
    return Response.json(
      { forwarded: alerts.length },
      { headers: { "cache-control": "no-store" } },
    );
  }

  return async (request) => {
    if (request.method !== "POST") {
      return alertJsonError(405, "method_not_allowed", "Sentry webhooks are POSTed.");
    }
    const body = await readRawBody(request, maxBodyBytes);
    if (body === undefined) {
      count("invalid");
      return alertJsonError(413, "body_too_large", `The body is over ${maxBodyBytes} bytes.`);
    }
    const signature = request.headers.get("sentry-hook-signature");
    if (!sentrySignatureMatches(body, signature, options.clientSecret)) {
      count("unauthorized");
      return alertJsonError(
        401,
        "invalid_signature",
        "Sentry-Hook-Signature is missing or is not the HMAC-SHA256 of the body under the client secret.",
      );
    }
    const resource = request.headers.get("sentry-hook-resource");
    if (resource === null || resource === "") {
      count("invalid");
      return alertJsonError(400, "invalid_headers", "Sentry-Hook-Resource is missing.", {
        "Sentry-Hook-Resource": "is required",
      });
    }
    if (!isSentryAlertResource(resource)) {
      // Installation, comment, error… webhooks: acknowledged, so Sentry does not retry them.
      count("ignored");
      return Response.json({ ignored: resource, handles: SENTRY_ALERT_RESOURCES });
    }
    const json = parseJson(body);
    if (!json.ok) {
      count("invalid");
      return alertJsonError(400, "invalid_body", "The body is not JSON.", {
        "(root)": "must be a JSON document",
      });
    }
    const mapped = mapSentryWebhook(resource, json.value, { ...holdsOf(options), now: now() });
    if (!mapped.ok) {
      count("invalid");
      return alertJsonError(
        400,
        "invalid_body",
        `The ${resource} webhook is invalid.`,
        fieldsOf(mapped.error),
      );
    }
    const alerts = uniqueByLabels(mapped.alerts);
    if (alerts.length === 0) {
      count("ignored");
      return Response.json({ forwarded: 0 });
    }

    const requestId = request.headers.get("request-id");
    if (requestId === null || requestId === "") return forward(alerts);
    const earlier = deliveries.find(requestId);
    if (earlier !== undefined && (await earlier)) {
      count("duplicate");
      return Response.json({ forwarded: 0, duplicate: true });
    }
    const answer = forward(alerts);
    deliveries.track(
      requestId,
      answer.then((response) => response.ok),
    );
    return answer;
  };
}

function holdsOf(options: SentryToAlertmanagerOptions) {
  return {
    firingHoldMs: options.firingHoldMs ?? 24 * HOUR,
    eventAlertHoldMs: options.eventAlertHoldMs ?? HOUR,
    ...(options.staticLabels !== undefined ? { staticLabels: options.staticLabels } : {}),
  };
}

/** Alertmanager treats alerts with identical labels as one; the last of a batch wins. */
function uniqueByLabels(alerts: PostableAlert[]): PostableAlert[] {
  return [...new Map(alerts.map((alert) => [labelSetKey(alert.labels), alert])).values()];
}
