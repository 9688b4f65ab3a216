import { type Event, getActiveSpan, spanToJSON } from "@sentry/core";
import {
  Counter,
  collectDefaultMetrics,
  Gauge,
  Histogram,
  type OpenMetricsContentType,
  Registry,
} from "prom-client";
import { TAG } from "../core/tags.js";

export interface ServiceMetricsOptions {
  service: string;
  environment: string;
  release?: string | undefined;
  /** Standard process metrics (CPU, memory, event loop lag, GC); default true. */
  processMetrics?: boolean;
  /** Prefix for metric names, e.g. "po_pro_"; default none. */
  prefix?: string;
}

type JobStatus = "ok" | "error";

/**
 * A prom-client registry in OpenMetrics format (so counters and histograms can carry the trace
 * id as an exemplar) with the shared labels, and the counters every service reports.
 * LLM metrics are `@po-pro/llm/prometheus`'s, registered on this registry by a service that runs
 * the extraction chain.
 */
export function createServiceMetrics(options: ServiceMetricsOptions) {
  const prefix = options.prefix ?? "";
  const registry = new Registry<OpenMetricsContentType>();
  registry.setContentType(Registry.OPENMETRICS_CONTENT_TYPE);
  registry.setDefaultLabels({
    [TAG.service]: options.service,
    [TAG.environment]: options.environment,
    [TAG.release]: options.release ?? "unknown",
  });
  if (options.processMetrics ?? true) collectDefaultMetrics({ register: registry, prefix });

  const sentryEvents = new Counter({
    name: `${prefix}sentry_events_total`,
    help: "Events sent to Sentry, by level and category (counted in beforeSend, after filtering)",
    labelNames: ["level", TAG.category],
    registers: [registry],
  });
  const jobRuns = new Counter({
    name: `${prefix}job_runs_total`,
    help: "Job runs by job and outcome",
    labelNames: [TAG.job, "status"],
    registers: [registry],
    enableExemplars: true,
  });
  const jobDuration = new Histogram({
    name: `${prefix}job_duration_seconds`,
    help: "Job run duration",
    labelNames: [TAG.job, "status"],
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
    registers: [registry],
    enableExemplars: true,
  });
  // Alerts on a missed schedule compare this with time(): a counter cannot say *when*.
  const jobLastSuccess = new Gauge({
    name: `${prefix}job_last_success_timestamp_seconds`,
    help: "Unix time of the job's last successful run in this process, by job",
    labelNames: [TAG.job],
    registers: [registry],
  });
  const emailsProcessed = new Counter({
    name: `${prefix}emails_processed_total`,
    help: "Inbound supplier emails processed, by outcome",
    labelNames: ["outcome"],
    registers: [registry],
    enableExemplars: true,
  });
  const decisions = new Counter({
    name: `${prefix}decisions_total`,
    help: "Agent decisions by recommended action",
    labelNames: ["action"],
    registers: [registry],
    enableExemplars: true,
  });

  return {
    registry,
    contentType: registry.contentType,
    sentryEvents,
    jobRuns,
    jobDuration,
    jobLastSuccess,
    emailsProcessed,
    decisions,
    /** Pass as `onEventSent` to `init` so Grafana can put Sentry's error rate next to Prometheus'. */
    recordSentryEvent(event: Event): void {
      sentryEvents.inc({
        level: event.level ?? "error",
        [TAG.category]: String(event.tags?.[TAG.category] ?? "uncategorized"),
      });
    },
    /** Pass as `recordRun` to `monitorJob`. */
    recordJobRun(job: string, status: JobStatus, durationSeconds: number): void {
      const exemplarLabels = traceExemplar();
      jobRuns.inc({ labels: { [TAG.job]: job, status }, value: 1, exemplarLabels });
      jobDuration.observe({
        labels: { [TAG.job]: job, status },
        value: durationSeconds,
        exemplarLabels,
      });
      if (status === "ok") jobLastSuccess.set({ [TAG.job]: job }, Date.now() / 1000);
    },
    /** The exposition body for a `/metrics` endpoint. */
    metrics(): Promise<string> {
      return registry.metrics();
    },
  };
}

export type ServiceMetrics = ReturnType<typeof createServiceMetrics>;

/**
 * `{ trace_id }` of the active sampled span, to attach as an exemplar: Grafana links from a
 * spike to a trace that Sentry actually kept. Empty when nothing is traced.
 */
export function traceExemplar(): Record<string, string> {
  const span = getActiveSpan();
  if (!span) return {};
  const context = span.spanContext();
  if ((context.traceFlags & 1) !== 1) return {};
  return { trace_id: spanToJSON(span).trace_id };
}
