/**
 * PO Pro's Sentry alerts, as code. `pnpm ops:sentry:plan` shows how the live project differs from
 * this file; `pnpm ops:sentry:apply` makes it match. Tag values are the ones the app sends:
 * `captureCategorized` sets the `category` tag to a fingerprint category of
 * `@po-pro/observability`, and `monitorJob` checks in under the job's name.
 */
import { SCHEDULES, type ScheduledJobName } from "@po-pro/jobs/contract";
import { type PoProCategory, TAG } from "@po-pro/observability";
import type { AlertDeclaration, CronMonitorSpec } from "./declaration.js";

/** Every Gmail failure category starts with this (token refresh, send, poll). */
export const GMAIL_CATEGORY_PREFIX = "gmail-";
/** Raised once every LLM provider, fallbacks included, has failed an extraction. */
export const LLM_TOTAL_FAILURE: PoProCategory = "llm-all-providers-failed";

/** One monitor per schedule the worker keeps, with exactly the config `monitorJob` upserts. */
export const CRON_MONITORS: readonly CronMonitorSpec[] = (
  Object.keys(SCHEDULES) as ScheduledJobName[]
).map((slug) => ({
  slug,
  cron: SCHEDULES[slug].cron,
  checkinMargin: SCHEDULES[slug].checkinMargin,
  maxRuntime: SCHEDULES[slug].maxRuntime,
  timezone: "UTC",
}));

export const ALERTS: AlertDeclaration = {
  issueAlerts: [
    {
      // The Gmail categories group into one issue each, so "first seen" fires once per outage
      // kind; "regression" fires again when a resolved outage comes back.
      name: "Gmail API down",
      when: [{ type: "first_seen" }, { type: "regression" }],
      tags: [{ key: TAG.category, match: "starts_with", value: GMAIL_CATEGORY_PREFIX }],
      notifyAtMostEveryMinutes: 30,
    },
    {
      name: "LLM total failure",
      when: [{ type: "more_than", count: 3, interval: "1h" }],
      tags: [{ key: TAG.category, match: "equals", value: LLM_TOTAL_FAILURE }],
      notifyAtMostEveryMinutes: 60,
    },
  ],
  metricAlerts: [
    {
      // Share of requests and job runs (transaction spans) that ended in error.
      name: "Error rate above 5 % in 15 min",
      source: "spans",
      aggregate: "failure_rate()",
      query: "is_transaction:true",
      windowMinutes: 15,
      above: 0.05,
    },
    {
      name: "Slow /api/orders (p95 above 5 s)",
      source: "spans",
      aggregate: "p95(span.duration)",
      query: 'is_transaction:true transaction:"GET /api/orders"',
      windowMinutes: 15,
      above: 5000,
    },
  ],
  missedRuns: [
    { name: "Email poller missed (30 min)", job: "email-poller", afterMinutes: 30 },
    { name: "Approval reminder missed (2 h)", job: "approval-reminders", afterMinutes: 120 },
  ],
  monitors: CRON_MONITORS,
};
