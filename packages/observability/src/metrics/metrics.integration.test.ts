import * as Sentry from "@sentry/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { captureCategorized } from "../core/capture.js";
import { init, type ObservabilityHandle } from "../node/init.js";
import { type EnvelopeReceiver, startEnvelopeReceiver } from "../testing/receiver.js";
import { createServiceMetrics } from "./service-metrics.js";

let receiver: EnvelopeReceiver;
let handle: ObservabilityHandle;
const metrics = createServiceMetrics({
  service: "metrics-test",
  environment: "test",
  release: "r9",
});

beforeAll(async () => {
  receiver = await startEnvelopeReceiver();
  handle = init({
    service: "metrics-test",
    dsn: receiver.dsn,
    tracesSampleRate: 1,
    flushOnShutdown: false,
    env: {},
    onEventSent: metrics.recordSentryEvent,
    sentry: { enableRuntimeChannelInjection: false },
  });
});

afterAll(async () => {
  await handle.close(2000);
  await receiver.close();
});

describe("metrics with the real SDK", () => {
  it("counts events sent to Sentry and carries the trace id as an exemplar", async () => {
    captureCategorized("gmail-token-refresh-failure", new Error("invalid_grant"));
    await receiver.waitForEvent((e) => e.exception?.values?.[0]?.value === "invalid_grant");
    const traceId = Sentry.startSpan(
      { name: "job approval-reminders", forceTransaction: true },
      (span) => {
        metrics.recordJobRun("approval-reminders", "ok", 0.4);
        return span.spanContext().traceId;
      },
    );
    const body = await metrics.metrics();
    expect(body).toMatch(
      /sentry_events_total\{level="error",category="gmail-token-refresh-failure",service="metrics-test"[^}]*\} 1/,
    );
    expect(body).toMatch(
      new RegExp(
        `job_runs_total\\{job="approval-reminders",status="ok"[^}]*\\} 1 # \\{trace_id="${traceId}"\\}`,
      ),
    );
  });
});
