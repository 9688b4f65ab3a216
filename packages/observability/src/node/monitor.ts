import * as Sentry from "@sentry/node";
import { TAG } from "../core/tags.js";

export interface MonitorJobOptions {
  /** Minutes after the expected time before a run counts as missed; default 5. */
  checkinMargin?: number;
  /** Minutes a run may stay in progress before it counts as failed; default 30. */
  maxRuntime?: number;
  /** tz database name for the crontab; default "UTC". */
  timezone?: string;
  failureIssueThreshold?: number;
  recoveryThreshold?: number;
  /** Job metrics sink, e.g. `serviceMetrics.recordJobRun` from `@po-pro/observability/metrics`. */
  recordRun?: (job: string, status: "ok" | "error", durationSeconds: number) => void;
}

/**
 * Runs a scheduled job with Sentry cron check-ins (`in_progress`, then `ok` or `error`, with the
 * monitor config upserted so Sentry can tell a missed run) in its own isolation scope.
 */
export async function monitorJob<T>(
  slug: string,
  schedule: string,
  fn: () => T | Promise<T>,
  options: MonitorJobOptions = {},
): Promise<T> {
  const monitorConfig = {
    schedule: { type: "crontab" as const, value: schedule },
    checkinMargin: options.checkinMargin ?? 5,
    maxRuntime: options.maxRuntime ?? 30,
    timezone: options.timezone ?? "UTC",
    ...(options.failureIssueThreshold !== undefined
      ? { failureIssueThreshold: options.failureIssueThreshold }
      : {}),
    ...(options.recoveryThreshold !== undefined
      ? { recoveryThreshold: options.recoveryThreshold }
      : {}),
  };
  return Sentry.withIsolationScope(async (scope) => {
    scope.setTag(TAG.job, slug);
    scope.setTag("monitor.slug", slug);
    const started = performance.now();
    const checkInId = Sentry.captureCheckIn(
      { monitorSlug: slug, status: "in_progress" },
      monitorConfig,
    );
    const finish = (status: "ok" | "error") => {
      const duration = (performance.now() - started) / 1000;
      Sentry.captureCheckIn({ checkInId, monitorSlug: slug, status, duration });
      options.recordRun?.(slug, status, duration);
    };
    try {
      const result = await fn();
      finish("ok");
      return result;
    } catch (error) {
      Sentry.captureException(error);
      finish("error");
      throw error;
    }
  });
}
