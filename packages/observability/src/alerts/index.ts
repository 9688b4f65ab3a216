export {
  type AlertEvent,
  type AlertmanagerToSentryOptions,
  type AlertmanagerWebhook,
  type AlertmanagerWebhookAlert,
  alertmanagerWebhook,
  alertToEvent,
  createAlertmanagerWebhookHandler,
  levelOfSeverity,
} from "./alertmanager-bridge.js";
export {
  type AlertmanagerClient,
  type AlertmanagerClientOptions,
  AlertmanagerUnavailableError,
  createAlertmanagerClient,
} from "./alertmanager-client.js";
export {
  type AlertWebhookMetrics,
  type AlertWebhookOutcome,
  type AlertWebhookSource,
  alertJsonError,
  bearerTokenMatches,
  NO_ALERT_METRICS,
  sentrySignatureMatches,
} from "./http.js";
export { createSentryWebhookHandler, type SentryToAlertmanagerOptions } from "./sentry-bridge.js";
export {
  type EventAlertWebhook,
  eventAlertWebhook,
  type IssueWebhook,
  issueWebhook,
  LABEL_TAGS,
  labelSetKey,
  type MappedSentryWebhook,
  type MetricAlertWebhook,
  mapEventAlert,
  mapIssue,
  mapMetricAlert,
  mapSentryWebhook,
  metricAlertWebhook,
  type PostableAlert,
  SENTRY_ALERT_RESOURCES,
  type SentryAlertResource,
  type SentryMappingOptions,
  type Severity,
  severityOfLevel,
} from "./sentry-webhook.js";
