import {
  captureEvent,
  Scope,
  type SeverityLevel,
  withIsolationScope,
  withScope,
} from "@sentry/core";
import { z } from "zod";
import {
  type AlertWebhookMetrics,
  alertJsonError,
  bearerTokenMatches,
  fieldsOf,
  NO_ALERT_METRICS,
  parseJson,
  readRawBody,
} from "./http.js";

const labelMap = z.record(z.string(), z.string());
const status = z.enum(["firing", "resolved"], { message: 'must be "firing" or "resolved"' });

/** Alertmanager's webhook body (`webhook_configs`, payload version 4). */
export const alertmanagerWebhook = z.object({
  version: z.literal("4", { message: 'must be "4" (Alertmanager\'s webhook payload version)' }),
  status,
  receiver: z.string().optional(),
  groupKey: z.string().optional(),
  groupLabels: labelMap,
  commonLabels: labelMap.optional(),
  externalURL: z.string().optional(),
  alerts: z
    .array(
      z.object({
        status,
        labels: labelMap.refine((labels) => (labels.alertname ?? "") !== "", {
          message: "must include alertname",
        }),
        annotations: labelMap.default({}),
        startsAt: z.iso.datetime({ offset: true, message: "must be an ISO 8601 date-time" }),
        endsAt: z.string().optional(),
        generatorURL: z.string().optional(),
        fingerprint: z.string().min(1, "must be a non-empty string"),
      }),
    )
    .min(1, "must hold at least one alert"),
});

export type AlertmanagerWebhook = z.infer<typeof alertmanagerWebhook>;
export type AlertmanagerWebhookAlert = AlertmanagerWebhook["alerts"][number];

/** What one Alertmanager alert becomes in Sentry. */
export interface AlertEvent {
  message: string;
  level: SeverityLevel;
  fingerprint: string[];
  tags: Record<string, string>;
  extra: Record<string, string>;
}

// Sentry's tag limits: keys up to 32 characters, values up to 200.
const MAX_TAG_KEY = 32;
const MAX_TAG_VALUE = 200;

export function levelOfSeverity(severity: string | undefined): SeverityLevel {
  switch (severity?.toLowerCase()) {
    case "critical":
    case "page":
      return "fatal";
    case "error":
      return "error";
    case "warning":
    case "ticket":
      return "warning";
    default:
      return "info";
  }
}

/**
 * Maps one alert: one Sentry issue per alert name (`['alertmanager', alertname]`), labels as
 * tags, a firing alert at its severity's level, a resolved one at `info` with
 * `alert_status:resolved`.
 */
export function alertToEvent(alert: AlertmanagerWebhookAlert): AlertEvent {
  const alertname = alert.labels.alertname ?? "unknown";
  const resolved = alert.status === "resolved";
  const tags: Record<string, string> = {};
  for (const [key, value] of Object.entries(alert.labels)) {
    if (key.length <= MAX_TAG_KEY && value !== "") tags[key] = value.slice(0, MAX_TAG_VALUE);
  }
  tags.alert_status = alert.status;
  tags.alert_source = "alertmanager";
  const summary = alert.annotations.summary ?? alert.annotations.description;
  const extra: Record<string, string> = { ...alert.annotations, startsAt: alert.startsAt };
  if (alert.endsAt !== undefined) extra.endsAt = alert.endsAt;
  if (alert.generatorURL) extra.generatorURL = alert.generatorURL;
  extra.alertmanager_fingerprint = alert.fingerprint;
  return {
    // The fingerprint keeps two alerts of one name and summary apart (the SDK drops an event
    // identical to the one before it).
    message: `[${resolved ? "RESOLVED" : "FIRING"}] ${alertname}${summary ? `: ${summary}` : ""} (${alert.fingerprint})`,
    level: resolved ? "info" : levelOfSeverity(alert.labels.severity),
    fingerprint: ["alertmanager", alertname],
    tags,
    extra,
  };
}

export interface AlertmanagerToSentryOptions {
  /** The bearer token Alertmanager's `http_config.authorization` sends. */
  token: string;
  metrics?: AlertWebhookMetrics;
  /** Bodies above this are refused (413); default 1 MiB. */
  maxBodyBytes?: number;
}

/**
 * `POST` handler for Alertmanager's webhook receiver: checks the bearer token in constant time,
 * validates the version-4 body, and captures one Sentry event per alert, each on a fresh
 * isolation scope so no tag of one alert reaches another. Alerts labelled `source="sentry"` (made
 * by the Sentry bridge) are skipped, so a misrouted alert cannot loop. Answers
 * `{ captured: [eventIds], skipped }`.
 */
export function createAlertmanagerWebhookHandler(
  options: AlertmanagerToSentryOptions,
): (request: Request) => Promise<Response> {
  if (options.token === "") throw new TypeError("token: must not be empty");
  const metrics = options.metrics ?? NO_ALERT_METRICS;
  const maxBodyBytes = options.maxBodyBytes ?? 1024 * 1024;
  const count = (outcome: Parameters<AlertWebhookMetrics["recordAlertWebhook"]>[1]) =>
    metrics.recordAlertWebhook("alertmanager", outcome);

  return async (request) => {
    if (request.method !== "POST") {
      return alertJsonError(405, "method_not_allowed", "Alertmanager webhooks are POSTed.");
    }
    if (!bearerTokenMatches(request.headers.get("authorization"), options.token)) {
      count("unauthorized");
      return alertJsonError(401, "unauthenticated", "Send the webhook token as a Bearer token.");
    }
    const body = await readRawBody(request, maxBodyBytes);
    if (body === undefined) {
      count("invalid");
      return alertJsonError(413, "body_too_large", `The body is over ${maxBodyBytes} bytes.`);
    }
    const json = parseJson(body);
    if (!json.ok) {
      count("invalid");
      return alertJsonError(400, "invalid_body", "The body is not JSON.", {
        "(root)": "must be a JSON document",
      });
    }
    const parsed = alertmanagerWebhook.safeParse(json.value);
    if (!parsed.success) {
      count("invalid");
      return alertJsonError(
        400,
        "invalid_body",
        "The Alertmanager webhook is invalid.",
        fieldsOf(parsed.error),
      );
    }
    // Alerts the Sentry bridge made came from Sentry: sending them back would loop.
    const fromSentry = parsed.data.alerts.filter((alert) => alert.labels.source === "sentry");
    const toCapture = parsed.data.alerts.filter((alert) => alert.labels.source !== "sentry");
    const captured = toCapture.map((alert) => {
      const event = alertToEvent(alert);
      // A new isolation scope, not a fork of the request's: nothing of the webhook request or of
      // another alert rides along.
      return withIsolationScope(new Scope(), () =>
        withScope(() =>
          captureEvent({
            message: event.message,
            level: event.level,
            fingerprint: event.fingerprint,
            tags: event.tags,
            extra: event.extra,
          }),
        ),
      );
    });
    count(captured.length > 0 ? "captured" : "ignored");
    return Response.json(
      { captured, skipped: fromSentry.length },
      { headers: { "cache-control": "no-store" } },
    );
  };
}
