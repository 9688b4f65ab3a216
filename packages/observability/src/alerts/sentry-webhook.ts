import { z } from "zod";
import { TAG } from "../core/tags.js";

/**
 * Sentry integration-platform webhooks the bridge understands (`Sentry-Hook-Resource`). Only the
 * fields the mapping reads are declared; everything else in Sentry's payload is ignored.
 */
export const SENTRY_ALERT_RESOURCES = ["event_alert", "metric_alert", "issue"] as const;
export type SentryAlertResource = (typeof SENTRY_ALERT_RESOURCES)[number];

const text = z.string().trim().min(1, "must be a non-empty string");
const optionalText = z.string().nullish();
const isoDate = z.iso.datetime({ offset: true, message: "must be an ISO 8601 date-time" });
// Sentry serialises event tags as [key, value] pairs; its API elsewhere uses { key, value }.
const tagList = z
  .array(
    z.union([
      z.tuple([z.string(), z.string().nullable()]),
      z.object({ key: z.string(), value: z.string().nullable() }),
    ]),
  )
  .nullish();

export const eventAlertWebhook = z.object({
  action: z.literal("triggered", { message: 'must be "triggered"' }),
  data: z.object({
    triggered_rule: text,
    event: z.object({
      title: optionalText,
      level: optionalText,
      environment: optionalText,
      release: optionalText,
      datetime: isoDate.nullish(),
      issue_id: z.union([z.string(), z.number()]).nullish(),
      issue_url: optionalText,
      web_url: optionalText,
      tags: tagList,
    }),
  }),
});

export const metricAlertWebhook = z.object({
  action: z.enum(["critical", "warning", "resolved"], {
    message: 'must be "critical", "warning" or "resolved"',
  }),
  data: z.object({
    description_title: optionalText,
    description_text: optionalText,
    web_url: optionalText,
    metric_alert: z.object({
      title: optionalText,
      date_started: isoDate.nullish(),
      alert_rule: z.object({
        name: text,
        environment: optionalText,
        projects: z.array(z.string()).nullish(),
      }),
    }),
  }),
});

export const issueWebhook = z.object({
  action: text,
  data: z.object({
    issue: z.object({
      id: z.union([text, z.number()]),
      shortId: optionalText,
      title: text,
      level: optionalText,
      firstSeen: isoDate.nullish(),
      web_url: optionalText,
      permalink: optionalText,
      project: z.object({ slug: optionalText }).nullish(),
    }),
  }),
});

export type EventAlertWebhook = z.infer<typeof eventAlertWebhook>;
export type MetricAlertWebhook = z.infer<typeof metricAlertWebhook>;
export type IssueWebhook = z.infer<typeof issueWebhook>;

export const SENTRY_WEBHOOK_SCHEMAS = {
  event_alert: eventAlertWebhook,
  metric_alert: metricAlertWebhook,
  issue: issueWebhook,
} as const satisfies Record<SentryAlertResource, z.ZodType>;

/** An alert as Alertmanager's `POST /api/v2/alerts` takes it. */
export interface PostableAlert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: string;
  endsAt: string;
  generatorURL?: string;
}

export type Severity = "critical" | "error" | "warning" | "info";

/**
 * Event tags that become Alertmanager labels: the shared, low-cardinality ones. Ids (merchant,
 * order, supplier, request) and the release stay out, so an alert's identity and its routing
 * never depend on one customer's data or on a deploy.
 */
export const LABEL_TAGS = [
  TAG.service,
  TAG.environment,
  TAG.category,
  TAG.job,
  TAG.llmProvider,
  TAG.llmModel,
  TAG.usedFallback,
] as const;

export interface SentryMappingOptions {
  /** The time the webhook is handled; resolved alerts end at it. */
  now: Date;
  /** How long a firing alert from a resource Sentry later resolves (metric_alert, issue) stays up. */
  firingHoldMs: number;
  /** How long an issue alert (event_alert, which Sentry never resolves) stays up. */
  eventAlertHoldMs: number;
  /** Labels added to every alert (e.g. `{ team: "payments" }`); mapped labels win. */
  staticLabels?: Record<string, string>;
}

/** Alertmanager ≤ 0.26 accepts only these label names. */
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const MAX_ANNOTATION = 1000;

export function severityOfLevel(level: string | null | undefined): Severity {
  switch (level) {
    case "fatal":
      return "critical";
    case "error":
      return "error";
    case "warning":
      return "warning";
    default:
      return "info";
  }
}

function tagsOf(tags: EventAlertWebhook["data"]["event"]["tags"]): Map<string, string> {
  const found = new Map<string, string>();
  for (const tag of tags ?? []) {
    const [key, value] = Array.isArray(tag) ? tag : [tag.key, tag.value];
    if (value !== null && value !== "") found.set(key, value);
  }
  return found;
}

function labelsFrom(
  options: SentryMappingOptions,
  labels: Record<string, string | null | undefined>,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries({ ...options.staticLabels, ...labels })) {
    if (value !== undefined && value !== null && value !== "" && LABEL_NAME.test(name)) {
      out[name] = value;
    }
  }
  return out;
}

function annotationsFrom(annotations: Record<string, string | null | undefined>) {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(annotations)) {
    if (value !== undefined && value !== null && value !== "") {
      out[name] = value.length > MAX_ANNOTATION ? `${value.slice(0, MAX_ANNOTATION - 1)}…` : value;
    }
  }
  return out;
}

function earlier(iso: string | null | undefined, now: Date): string {
  const time = iso ? Date.parse(iso) : Number.NaN;
  return new Date(Number.isNaN(time) ? now.getTime() : Math.min(time, now.getTime())).toISOString();
}

function later(now: Date, ms: number): string {
  return new Date(now.getTime() + ms).toISOString();
}

function withGenerator(alert: PostableAlert, url: string | null | undefined): PostableAlert {
  return url ? { ...alert, generatorURL: url } : alert;
}

/** An issue alert rule fired (`event_alert` / `triggered`): one alert named after the rule. */
export function mapEventAlert(payload: EventAlertWebhook, options: SentryMappingOptions) {
  const { event, triggered_rule: rule } = payload.data;
  const tags = tagsOf(event.tags);
  const fromTags = Object.fromEntries(LABEL_TAGS.map((name) => [name, tags.get(name)]));
  const labels = labelsFrom(options, {
    ...fromTags,
    alertname: rule,
    source: "sentry",
    severity: severityOfLevel(event.level ?? tags.get("level")),
    environment: event.environment ?? tags.get(TAG.environment),
    sentry_issue_id:
      event.issue_id === undefined || event.issue_id === null ? undefined : String(event.issue_id),
  });
  const alert: PostableAlert = {
    labels,
    annotations: annotationsFrom({
      summary: event.title ?? rule,
      description: `Sentry issue alert "${rule}" fired.`,
      sentry_url: event.web_url,
      release: event.release ?? tags.get(TAG.release),
    }),
    startsAt: earlier(event.datetime, options.now),
    endsAt: later(options.now, options.eventAlertHoldMs),
  };
  return [withGenerator(alert, event.web_url)];
}

/**
 * A metric alert changed state. Its severity is part of the alert's identity, and a resolution
 * names no severity: every delivery posts both severities, the one Sentry reports firing and the
 * other resolved, so an escalation or de-escalation leaves exactly one firing.
 */
export function mapMetricAlert(payload: MetricAlertWebhook, options: SentryMappingOptions) {
  const { metric_alert: incident } = payload.data;
  const rule = incident.alert_rule;
  const severities = ["critical", "warning"] as const;
  return severities.map((severity) => {
    const firing = payload.action === severity;
    const alert: PostableAlert = {
      labels: labelsFrom(options, {
        alertname: rule.name,
        source: "sentry",
        severity,
        environment: rule.environment,
        sentry_project: rule.projects?.length === 1 ? rule.projects[0] : undefined,
      }),
      annotations: annotationsFrom({
        summary: payload.data.description_title ?? incident.title ?? rule.name,
        description: payload.data.description_text,
        sentry_url: payload.data.web_url,
      }),
      startsAt: earlier(incident.date_started, options.now),
      endsAt: firing ? later(options.now, options.firingHoldMs) : options.now.toISOString(),
    };
    return withGenerator(alert, payload.data.web_url);
  });
}

const ISSUE_FIRING = new Set(["created", "unresolved", "regressed"]);
const ISSUE_RESOLVED = new Set(["resolved", "archived", "ignored"]);

/**
 * An issue changed state: created or unresolved fires `SentryIssue` for it, resolved or archived
 * ends that same alert; other actions (assigned, …) map to nothing.
 */
export function mapIssue(payload: IssueWebhook, options: SentryMappingOptions) {
  const { issue } = payload.data;
  const firing = ISSUE_FIRING.has(payload.action);
  if (!firing && !ISSUE_RESOLVED.has(payload.action)) return [];
  const url = issue.web_url ?? issue.permalink;
  const alert: PostableAlert = {
    labels: labelsFrom(options, {
      alertname: "SentryIssue",
      source: "sentry",
      severity: severityOfLevel(issue.level),
      sentry_project: issue.project?.slug,
      sentry_issue_id: String(issue.id),
    }),
    annotations: annotationsFrom({
      summary: issue.title,
      description: `Sentry issue ${issue.shortId ?? issue.id} ${payload.action}.`,
      sentry_url: url,
    }),
    startsAt: earlier(issue.firstSeen, options.now),
    endsAt: firing ? later(options.now, options.firingHoldMs) : options.now.toISOString(),
  };
  return [withGenerator(alert, url)];
}

/** Maps one parsed payload of `resource` to the Alertmanager alerts it stands for. */
export function mapSentryWebhook(
  resource: SentryAlertResource,
  payload: unknown,
  options: SentryMappingOptions,
): MappedSentryWebhook {
  switch (resource) {
    case "event_alert": {
      const parsed = eventAlertWebhook.safeParse(payload);
      if (!parsed.success) return { ok: false, error: parsed.error };
      return { ok: true, alerts: mapEventAlert(parsed.data, options) };
    }
    case "metric_alert": {
      const parsed = metricAlertWebhook.safeParse(payload);
      if (!parsed.success) return { ok: false, error: parsed.error };
      return { ok: true, alerts: mapMetricAlert(parsed.data, options) };
    }
    case "issue": {
      const parsed = issueWebhook.safeParse(payload);
      if (!parsed.success) return { ok: false, error: parsed.error };
      return { ok: true, alerts: mapIssue(parsed.data, options) };
    }
  }
}

export type MappedSentryWebhook =
  | { ok: true; alerts: PostableAlert[] }
  | { ok: false; error: z.ZodError };

/** The identity Alertmanager gives an alert: its label set, in a stable order. */
export function labelSetKey(labels: Record<string, string>): string {
  return JSON.stringify(Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

export function isSentryAlertResource(resource: string): resource is SentryAlertResource {
  return (SENTRY_ALERT_RESOURCES as readonly string[]).includes(resource);
}
