/**
 * The worker's HTTP server on a real worker, with the real Sentry SDK sending to a local envelope
 * receiver: health and readiness, OpenMetrics, and job triggers — refused without the secret,
 * validated, and continuing the caller's trace into the job.
 */
import { randomBytes } from "node:crypto";
import { init, type ObservabilityHandle } from "@po-pro/observability/node";
import { type EnvelopeReceiver, startEnvelopeReceiver } from "@po-pro/observability/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningWorker } from "../src/worker.js";
import { createHarness, type Harness, waitFor } from "./harness.js";

const SECRET = randomBytes(24).toString("hex");
const TRACE_ID = randomBytes(16).toString("hex");
const PARENT_SPAN = randomBytes(8).toString("hex");

let receiver: EnvelopeReceiver;
let observability: ObservabilityHandle;
let harness: Harness;
let worker: RunningWorker;
let base: string;

beforeAll(async () => {
  receiver = await startEnvelopeReceiver();
  observability = init({
    service: "worker",
    dsn: receiver.dsn,
    environment: "test",
    tracesSampleRate: 1,
    env: {},
  });
  harness = await createHarness();
  worker = await harness.startWorker({
    http: { host: "127.0.0.1", port: 0, triggerSecret: SECRET, release: "test-release" },
  });
  base = worker.http?.url as string;
});

afterAll(async () => {
  await harness?.close();
  await observability?.close(2000);
  await receiver?.close();
});

async function jobCount(name: string): Promise<number> {
  return (await worker.ctx.boss.findJobs(name)).length;
}

describe("health, readiness and metrics", () => {
  it("answers /health with the release and /ready with each check", async () => {
    const health = await fetch(`${base}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: "ok", release: "test-release" });
    const ready = await fetch(`${base}/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ ok: true, checks: { database: "ok", queue: "ok" } });
  });

  it("serves OpenMetrics with the worker's metrics and queue gauges", async () => {
    const response = await fetch(`${base}/metrics`);
    expect(response.headers.get("content-type")).toContain("application/openmetrics-text");
    const body = await response.text();
    expect(body).toContain("# TYPE po_pro_job_runs counter");
    expect(body).toMatch(/po_pro_queue_depth\{queue="process-email"[^}]*\} \d+/);
    expect(body).toContain("# TYPE po_pro_dead_jobs counter");
    expect(body.trimEnd().endsWith("# EOF")).toBe(true);
  });
});

describe("POST /jobs/:name", () => {
  it("refuses a missing or wrong secret with 401 and queues nothing", async () => {
    const before = await jobCount("approval-reminders");
    for (const authorization of [undefined, "Bearer wrong", `Bearer ${SECRET}x`, SECRET]) {
      const response = await fetch(`${base}/jobs/approval-reminders`, {
        method: "POST",
        headers: authorization === undefined ? {} : { authorization },
      });
      expect(response.status, String(authorization)).toBe(401);
      expect(await response.json()).toMatchObject({ error: { code: "unauthorized" } });
    }
    expect(await jobCount("approval-reminders")).toBe(before);
  });

  it("names an unknown job and every bad field of a payload", async () => {
    const auth = { authorization: `Bearer ${SECRET}` };
    const unknown = await fetch(`${base}/jobs/launch-rockets`, { method: "POST", headers: auth });
    expect(unknown.status).toBe(404);
    const bad = await fetch(`${base}/jobs/process-email`, {
      method: "POST",
      headers: { ...auth, "content-type": "application/json" },
      body: JSON.stringify({ merchantId: "nope" }),
    });
    expect(bad.status).toBe(400);
    const body = (await bad.json()) as { error: { code: string; fields: Record<string, string> } };
    expect(body.error.code).toBe("invalid_payload");
    expect(Object.keys(body.error.fields).sort()).toEqual(["emailMessageId", "merchantId"]);
    const notJson = await fetch(`${base}/jobs/poll-mailbox`, {
      method: "POST",
      headers: auth,
      body: "{merchant",
    });
    expect(notJson.status).toBe(400);
  });

  it("queues the job and continues the caller's trace into it", async () => {
    const response = await fetch(`${base}/jobs/poll-mailbox`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${SECRET}`,
        "content-type": "application/json",
        "sentry-trace": `${TRACE_ID}-${PARENT_SPAN}-1`,
        baggage: `sentry-trace_id=${TRACE_ID},sentry-sampled=true,sentry-environment=test`,
      },
      body: JSON.stringify({ merchantId: harness.merchantId }),
    });
    expect(response.status).toBe(202);
    const { id } = (await response.json()) as { id: string };
    expect(id).toMatch(/[0-9a-f-]{36}/);

    // The job ran: its queue.process transaction is in the caller's trace.
    await observability.flush(2000);
    const inTrace = await waitFor("the job's spans in the caller's trace", async () => {
      await observability.flush(500);
      const spans = [
        ...receiver.spans().map((s) => ({
          trace: s.trace_id,
          name: s.name,
          op: s.attributes?.["sentry.op"]?.value,
        })),
        ...receiver.transactions().map((t) => ({
          trace: t.contexts?.trace?.trace_id,
          name: t.transaction,
          op: t.contexts?.trace?.op,
        })),
      ].filter((s) => s.trace === TRACE_ID);
      return spans.some((s) => s.op === "queue.process" && s.name === "poll-mailbox")
        ? spans
        : undefined;
    });
    expect(inTrace.map((s) => s.op)).toEqual(
      expect.arrayContaining(["http.server", "queue.publish", "queue.process"]),
    );
  });

  it("runs a scheduled job under its Sentry cron monitor", async () => {
    const response = await fetch(`${base}/jobs/approval-reminders`, {
      method: "POST",
      headers: { authorization: `Bearer ${SECRET}` },
    });
    expect(response.status).toBe(202);
    await waitFor("the job's check-ins", async () => {
      await observability.flush(500);
      const statuses = receiver
        .checkIns()
        .filter((c) => c.monitor_slug === "approval-reminders")
        .map((c) => c.status);
      return statuses.includes("ok") ? statuses : undefined;
    });
    const checkIns = receiver.checkIns().filter((c) => c.monitor_slug === "approval-reminders");
    expect(checkIns.map((c) => c.status)).toEqual(["in_progress", "ok"]);
    const config = (checkIns[0] as { monitor_config?: Record<string, unknown> }).monitor_config;
    expect(config).toMatchObject({
      schedule: { type: "crontab", value: "0 * * * *" },
      checkin_margin: 10,
      max_runtime: 30,
    });
  });

  it("dead-letters a job out of retries: counted, logged once, reported", async () => {
    await worker.ctx.boss.updateQueue("send-email", { retryLimit: 0 });
    // A merchant with no mailbox: the send fails, and with no retries left the job dies.
    const missing = "00000000-0000-4000-8000-000000000000";
    const response = await fetch(`${base}/jobs/send-email`, {
      method: "POST",
      headers: { authorization: `Bearer ${SECRET}`, "content-type": "application/json" },
      body: JSON.stringify({ merchantId: missing, outboxId: missing }),
    });
    expect(response.status).toBe(202);
    await waitFor("the dead job to be counted", async () => {
      const metrics = await (await fetch(`${base}/metrics`)).text();
      return /po_pro_dead_jobs_total\{job="send-email"[^}]*\} 1/.test(metrics);
    });
    const lines = harness.logs.filter((record) => record.event === "dead_job");
    expect(lines).toHaveLength(1);
    expect(lines[0]?.job).toBe("send-email");
    await observability.flush(2000);
    const event = await receiver.waitForEvent((e) => e.tags?.category === "job-failure", 10_000);
    expect(event.fingerprint).toEqual(["job-failure", "send-email"]);
  });
});
