import { describe, expect, it } from "vitest";
import { createServiceMetrics } from "./service-metrics.js";

describe("service metrics", () => {
  it("exposes OpenMetrics with shared labels, process metrics and the Sentry events counter", async () => {
    const metrics = createServiceMetrics({
      service: "worker",
      environment: "test",
      release: "abc",
    });
    metrics.recordSentryEvent({ level: "error", tags: { category: "llm-primary-failure" } });
    metrics.recordSentryEvent({ level: "warning" });
    metrics.recordJobRun("approval-reminders", "ok", 0.2);
    const body = await metrics.metrics();
    expect(metrics.contentType).toMatch(/^application\/openmetrics-text/);
    expect(body).toContain(
      'sentry_events_total{level="error",category="llm-primary-failure",service="worker",environment="test",release="abc"} 1',
    );
    expect(body).toContain('sentry_events_total{level="warning",category="uncategorized"');
    expect(body).toMatch(/process_cpu_user_seconds_total\{service="worker"/);
    expect(body).toMatch(/job_runs_total\{job="approval-reminders",status="ok"/);
    expect(body.trimEnd().endsWith("# EOF")).toBe(true);
  });
});

describe("job last success", () => {
  function lastSuccess(body: string, job: string): number | undefined {
    const line = body
      .split("\n")
      .find((l) => l.startsWith(`job_last_success_timestamp_seconds{job="${job}"`));
    return line === undefined ? undefined : Number(line.split(" ").at(-1));
  }

  it("records the time of a job's last successful run, and a failure leaves it alone", async () => {
    const metrics = createServiceMetrics({
      service: "worker",
      environment: "test",
      processMetrics: false,
    });
    metrics.recordJobRun("email-poller", "error", 0.1);
    expect(lastSuccess(await metrics.metrics(), "email-poller")).toBeUndefined();

    const before = Date.now() / 1000;
    metrics.recordJobRun("email-poller", "ok", 0.1);
    const after = Date.now() / 1000;
    const body = await metrics.metrics();
    expect(body).toContain("# TYPE job_last_success_timestamp_seconds gauge");
    expect(body).toMatch(
      /job_last_success_timestamp_seconds\{job="email-poller",service="worker",environment="test",release="unknown"\}/,
    );
    const recorded = lastSuccess(body, "email-poller") as number;
    expect(recorded).toBeGreaterThanOrEqual(before);
    expect(recorded).toBeLessThanOrEqual(after);

    metrics.recordJobRun("email-poller", "error", 0.1);
    expect(lastSuccess(await metrics.metrics(), "email-poller")).toBe(recorded);
    expect(lastSuccess(body, "approval-reminders")).toBeUndefined();
  });
});
