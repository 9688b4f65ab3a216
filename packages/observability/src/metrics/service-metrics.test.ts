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
