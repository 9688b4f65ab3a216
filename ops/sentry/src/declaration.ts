/**
 * The vocabulary of `alerts.ts`: what an alert means to us, in our words (tags from
 * `@po-pro/observability`, jobs from `@po-pro/jobs`). `desired.ts` turns it into Sentry's payloads.
 */
import type { ScheduledJobName } from "@po-pro/jobs/contract";
import type { TagName } from "@po-pro/observability";

/**
 * Every rule and monitor this tool creates carries this prefix in its name: the one mark that
 * survives on Sentry's side on all three kinds (see README, "Ownership"). Anything without it
 * is a human's and is never changed or deleted.
 */
export const MANAGED_PREFIX = "[po-pro] ";

/** Windows Sentry's issue-alert frequency condition accepts. */
export type IssueInterval = "1m" | "5m" | "15m" | "1h" | "1d" | "1w" | "30d";

export type IssueCondition =
  /** A new issue is created. */
  | { readonly type: "first_seen" }
  /** A resolved issue comes back. */
  | { readonly type: "regression" }
  /** The issue is seen more than `count` times in `interval`. */
  | { readonly type: "more_than"; readonly count: number; readonly interval: IssueInterval };

/** `monitor.slug` is the tag Sentry puts on a cron monitor's own issues (missed, failed runs). */
export interface TagFilter {
  readonly key: TagName | "monitor.slug";
  readonly match: "equals" | "starts_with";
  readonly value: string;
}

export interface IssueAlertSpec {
  /** Shown in Sentry after `MANAGED_PREFIX`; also this alert's identity, so keep it stable. */
  readonly name: string;
  /** Fires when any of these holds… */
  readonly when: readonly [IssueCondition, ...IssueCondition[]];
  /** …for an event whose tags match all of these. */
  readonly tags: readonly TagFilter[];
  /** Minimum minutes between two notifications for one issue (Sentry: 5 to 43 200). */
  readonly notifyAtMostEveryMinutes: number;
}

/** Windows (minutes) Sentry's metric alerts accept. */
export type MetricWindow = 1 | 5 | 10 | 15 | 30 | 60 | 120 | 240 | 1440;

export interface MetricAlertSpec {
  readonly name: string;
  /**
   * `spans`: the SDK (v11) streams spans, which Sentry stores in its span dataset (EAP);
   * `errors`: error events.
   */
  readonly source: "spans" | "errors";
  /** Sentry's aggregate, e.g. `p95(span.duration)` (milliseconds) or `failure_rate()` (0..1). */
  readonly aggregate: string;
  readonly query: string;
  readonly windowMinutes: MetricWindow;
  /** Critical when the aggregate rises above this. */
  readonly above: number;
}

/**
 * A scheduled job that has not run for `afterMinutes`: its monitor opens an issue only after
 * that many minutes of consecutive missed or failed check-ins, and an issue alert notifies on it.
 */
export interface MissedRunSpec {
  readonly name: string;
  readonly job: ScheduledJobName;
  readonly afterMinutes: number;
}

export interface CronMonitorSpec {
  readonly slug: ScheduledJobName;
  readonly cron: string;
  readonly checkinMargin: number;
  readonly maxRuntime: number;
  readonly timezone: "UTC";
}

export interface AlertDeclaration {
  readonly issueAlerts: readonly IssueAlertSpec[];
  readonly metricAlerts: readonly MetricAlertSpec[];
  readonly missedRuns: readonly MissedRunSpec[];
  readonly monitors: readonly CronMonitorSpec[];
}
