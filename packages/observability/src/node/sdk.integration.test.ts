import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Writable } from "node:stream";
import * as Sentry from "@sentry/node";
import pino from "pino";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { addDomainBreadcrumb } from "../core/breadcrumbs.js";
import { captureCategorized } from "../core/capture.js";
import { setLlmContext, setMerchant, tagOrder } from "../core/context.js";
import { markExpected } from "../core/filters.js";
import { type EnvelopeReceiver, startEnvelopeReceiver } from "../testing/receiver.js";
import { init, type ObservabilityHandle } from "./init.js";
import { processTracedJob, publishTracedJob, TRACE_KEY } from "./job-trace.js";
import { monitorJob } from "./monitor.js";
import { pinoMixin, pinoObservabilityOptions } from "./pino.js";
import { runWithRequestContext } from "./request-context.js";
import { withRequestId } from "./request-id.js";

let receiver: EnvelopeReceiver;
let handle: ObservabilityHandle;
const sentEvents: string[] = [];

beforeAll(async () => {
  receiver = await startEnvelopeReceiver();
  handle = init({
    service: "sdk-test",
    dsn: receiver.dsn,
    environment: "test",
    release: "r1",
    tracesSampleRate: 1,
    flushOnShutdown: false,
    env: {},
    onEventSent: (event) => sentEvents.push(event.event_id ?? ""),
    // The module-loader hooks (needed only to patch libraries such as postgres.js at load time)
    // hold a test worker open for ~5 s after it finishes.
    sentry: { enableRuntimeChannelInjection: false },
  });
});

afterAll(async () => {
  await handle.close(2000);
  await receiver.close();
});

beforeEach(() => receiver.reset());

const byMessage = (text: string) => (event: Sentry.Event) =>
  event.exception?.values?.[0]?.value === text || event.message === text;

describe("node init with the real SDK", () => {
  it("is enabled, warns on a second init and keeps the first", () => {
    expect(handle.enabled).toBe(true);
    const warnings: string[] = [];
    const again = init({ service: "other", dsn: receiver.dsn, warn: (m) => warnings.push(m) });
    expect(again).toBe(handle);
    expect(warnings[0]).toMatch(/init\(\) called twice/);
  });

  it("groups two messages of one category under one fingerprint with tags, context and breadcrumbs", async () => {
    Sentry.withIsolationScope(() => {
      setMerchant("m-1");
      tagOrder({ id: "o-9", status: "awaiting_supplier" });
      setLlmContext({ provider: "anthropic", model: "claude-x", usedFallback: false });
      addDomainBreadcrumb("llm_service", { message: "extract attempt 1", data: { attempt: 1 } });
      captureCategorized("llm-primary-failure", new Error("upstream 529 overloaded"), {
        provider: "anthropic",
        model: "claude-x",
      });
      captureCategorized("llm-primary-failure", new Error("socket hang up"), {
        provider: "anthropic",
        model: "claude-x",
      });
    });
    const first = await receiver.waitForEvent(byMessage("upstream 529 overloaded"));
    const second = await receiver.waitForEvent(byMessage("socket hang up"));
    expect(first.fingerprint).toEqual(["llm-primary-failure", "anthropic", "claude-x"]);
    expect(second.fingerprint).toEqual(first.fingerprint);
    expect(first.tags).toMatchObject({
      service: "sdk-test",
      category: "llm-primary-failure",
      merchant_id: "m-1",
      order_id: "o-9",
      order_status: "awaiting_supplier",
      llm_provider: "anthropic",
      llm_model: "claude-x",
      used_fallback: "false",
    });
    expect(first.contexts?.llm).toMatchObject({ provider: "anthropic", model: "claude-x" });
    expect(first.breadcrumbs?.some((b) => b.category === "llm_service")).toBe(true);
    expect(first.environment).toBe("test");
    expect(first.release).toBe("r1");
    expect(first.user).toEqual({ id: "m-1" });
    expect(sentEvents).toContain(first.event_id);
  });

  it("drops expected, 404 and validation errors but sends real ones", async () => {
    Sentry.captureException(markExpected(new Error("expected-1")));
    Sentry.captureException(Object.assign(new Error("notfound-1"), { status: 404 }));
    Sentry.captureException(Object.assign(new Error("invalid-1"), { name: "ZodError" }));
    Sentry.captureException(new Error("real-1"));
    await receiver.waitForEvent(byMessage("real-1"));
    await handle.flush(2000);
    const messages = receiver.events().map((e) => e.exception?.values?.[0]?.value);
    expect(messages).toContain("real-1");
    expect(messages).not.toContain("expected-1");
    expect(messages).not.toContain("notfound-1");
    expect(messages).not.toContain("invalid-1");
  });

  it("samples critical flows, drops health checks and respects a parent decision", async () => {
    Sentry.startSpan({ name: "GET /health", forceTransaction: true }, () => {});
    Sentry.startSpan({ name: "POST /orders", forceTransaction: true }, () => {});
    Sentry.continueTrace(
      { sentryTrace: "12345678901234567890123456789012-1234567890123456-0", baggage: undefined },
      () => Sentry.startSpan({ name: "POST /api/approvals/1", forceTransaction: true }, () => {}),
    );
    await receiver.waitFor((i) => i.type === "span");
    await handle.flush(2000);
    const names = receiver.spans().map((s) => s.name);
    expect(names).toContain("POST /orders");
    expect(names).not.toContain("GET /health");
    expect(names).not.toContain("POST /api/approvals/1");
  });

  it("continues a trace through a job payload", async () => {
    let published: Record<string, unknown> = {};
    let consumerTraceId = "";
    const producerTraceId = Sentry.startSpan(
      { name: "POST /orders", forceTransaction: true },
      (span) => {
        publishTracedJob("send-email", { outboxId: "ob-1" }, (payload) => {
          published = payload;
        });
        return span.spanContext().traceId;
      },
    );
    expect(published[TRACE_KEY]).toBeDefined();
    // Simulates the job coming back from the queue: serialised and handled elsewhere.
    const fromQueue = JSON.parse(JSON.stringify(published)) as { outboxId: string };
    processTracedJob("send-email", fromQueue, (payload) => {
      expect(payload).toEqual({ outboxId: "ob-1" });
      consumerTraceId = Sentry.getActiveSpan()?.spanContext().traceId ?? "";
    });
    expect(consumerTraceId).toBe(producerTraceId);
    await receiver.waitFor(
      (i) =>
        i.type === "span" &&
        JSON.stringify(i.payload).includes("queue.process") &&
        JSON.stringify(i.payload).includes(producerTraceId),
    );
    const ops = receiver
      .spans()
      .filter((s) => s.trace_id === producerTraceId)
      .map((s) => s.attributes?.["sentry.op"]?.value);
    expect(ops).toEqual(expect.arrayContaining(["queue.publish", "queue.process"]));
  });

  it("sends cron check-ins with monitor config, ok and error", async () => {
    const runs: string[] = [];
    await monitorJob("approval-reminders", "0 * * * *", async () => "done", {
      maxRuntime: 10,
      recordRun: (job, status) => runs.push(`${job}:${status}`),
    });
    await expect(
      monitorJob("supplier-follow-ups", "30 * * * *", async () => {
        throw new Error("follow-up failed");
      }),
    ).rejects.toThrow("follow-up failed");
    await receiver.waitFor(
      (i) => i.type === "check_in" && JSON.stringify(i.payload).includes('"status":"error"'),
    );
    const checkIns = receiver.checkIns();
    const reminders = checkIns.filter((c) => c.monitor_slug === "approval-reminders");
    expect(reminders.map((c) => c.status)).toEqual(["in_progress", "ok"]);
    expect(reminders[0]?.monitor_config).toMatchObject({
      schedule: { type: "crontab", value: "0 * * * *" },
      checkin_margin: 5,
      max_runtime: 10,
      timezone: "UTC",
    });
    expect(reminders[1]?.check_in_id).toBe(reminders[0]?.check_in_id);
    expect(typeof reminders[1]?.duration).toBe("number");
    const followUps = checkIns.filter((c) => c.monitor_slug === "supplier-follow-ups");
    expect(followUps.map((c) => c.status)).toEqual(["in_progress", "error"]);
    expect(runs).toEqual(["approval-reminders:ok"]);
    const failure = await receiver.waitForEvent(byMessage("follow-up failed"));
    expect(failure.tags?.job).toBe("supplier-follow-ups");
  });

  it("tags events with the request id and logs with request and trace ids", async () => {
    let logFields: ReturnType<typeof pinoMixin> = {};
    const server: Server = createServer(
      withRequestId((_req, res) => {
        logFields = pinoMixin();
        Sentry.captureException(new Error("in-request-failure"));
        res.end("ok");
      }),
    );
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    try {
      const response = await fetch(`http://127.0.0.1:${port}/orders/1`, {
        headers: { "x-request-id": "req-abc-123" },
      });
      expect(response.headers.get("x-request-id")).toBe("req-abc-123");
      const event = await receiver.waitForEvent(byMessage("in-request-failure"));
      expect(event.tags?.request_id).toBe("req-abc-123");
      expect(logFields.request_id).toBe("req-abc-123");
      expect(logFields.trace_id).toMatch(/^[0-9a-f]{32}$/);
      expect(event.contexts?.trace?.trace_id).toBe(logFields.trace_id);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it("decides incoming request sampling before span work: probes and unsampled parents get no span", async () => {
    const seen: string[] = [];
    const server: Server = createServer(
      withRequestId((req, res) => {
        seen.push(String(req.headers["sentry-trace"]));
        res.end("ok");
      }),
    );
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    try {
      await fetch(`http://127.0.0.1:${port}/health`);
      await fetch(`http://127.0.0.1:${port}/orders/77?page=1`, {
        headers: { "sentry-trace": "0123456789abcdef0123456789abcdef-0123456789abcdef-0" },
      });
      await fetch(`http://127.0.0.1:${port}/orders/42`);
      // Only server spans: this process's outgoing fetch spans carry the same paths.
      const pathOf = (span: { attributes?: Record<string, { value: unknown } | undefined> }) =>
        span.attributes?.["sentry.op"]?.value === "http.server"
          ? span.attributes?.["url.path"]?.value
          : undefined;
      await receiver.until(() => receiver.spans().some((s) => pathOf(s) === "/orders/42"), 5000);
      await handle.flush(2000);
      const paths = receiver.spans().map(pathOf);
      expect(seen[1]).toMatch(/-0$/);
      expect(paths).not.toContain("/health");
      expect(paths).not.toContain("/orders/77");
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it("gives pino log lines request, trace and span ids and scrubs them", () => {
    const lines: string[] = [];
    const destination = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const log = pino(pinoObservabilityOptions(), destination);
    const ids = runWithRequestContext({ requestId: "req-log-1" }, () =>
      Sentry.startSpan({ name: "POST /orders", forceTransaction: true }, (span) => {
        log.info({ supplier: "jane@acme.test", password: "hunter2" }, "order created");
        return { traceId: span.spanContext().traceId, spanId: span.spanContext().spanId };
      }),
    );
    const line = JSON.parse(lines[0] ?? "{}") as Record<string, unknown>;
    expect(line).toMatchObject({
      request_id: "req-log-1",
      trace_id: ids.traceId,
      span_id: ids.spanId,
      supplier: "[Filtered]",
      password: "[Filtered]",
      msg: "order created",
    });
  });
  it("sends finished traces in batches, scrubbing span attributes but not the SDK's runtime ones", async () => {
    await handle.flush(2000); // traces other tests left waiting for their batch
    const client = Sentry.getClient();
    let spanEnvelopes = 0;
    const stop = client?.on("beforeEnvelope", (envelope) => {
      for (const [header] of envelope[1]) if (header.type === "span") spanEnvelopes++;
    });
    const trace = (name: string, attributes: Record<string, string> = {}) =>
      Sentry.startNewTrace(() =>
        Sentry.startSpan({ name, forceTransaction: true, attributes }, () => undefined),
      );
    const nextTick = () => new Promise((resolve) => setImmediate(resolve));

    trace("GET /users/bob@shop.test", {
      "url.path": "/users/bob@shop.test",
      "app.note": "password=hunter2",
    });
    await nextTick();
    expect(spanEnvelopes).toBe(0); // waits for its batch (at most 200 ms)
    for (let i = 1; i < 16; i++) trace(`GET /batch/${i}`);
    await nextTick();
    expect(spanEnvelopes).toBe(16); // a full batch goes at once: one envelope per trace
    stop?.();

    await receiver.until(
      () => receiver.spans().some((s) => s.name.startsWith("GET /users/")),
      5000,
    );
    const span = receiver.spans().find((s) => s.name.startsWith("GET /users/"));
    expect(span?.name).toBe("GET /users/[Filtered]");
    expect(span?.attributes?.["url.path"]?.value).toBe("/users/[Filtered]");
    expect(span?.attributes?.["app.note"]?.value).toBe("password=[Filtered]");
    expect(span?.attributes?.["sentry.sdk.integrations"]?.value).toEqual(
      expect.arrayContaining(["Http", "SpanStreaming"]),
    );
    expect(span?.attributes?.["os.name"]?.value).toEqual(expect.any(String));
  });

  it("sends a lone finished trace within the batch wait, and at once on flush", async () => {
    const started = Date.now();
    Sentry.startSpan({ name: "GET /lone", forceTransaction: true }, () => undefined);
    await receiver.until(() => receiver.spans().some((s) => s.name === "GET /lone"), 5000);
    // The SDK on its own would wait 500 ms; the batch waits at most 200 ms.
    expect(Date.now() - started).toBeLessThan(450);

    Sentry.startSpan({ name: "GET /flushed", forceTransaction: true }, () => undefined);
    await handle.flush(2000);
    expect(receiver.spans().some((s) => s.name === "GET /flushed")).toBe(true);
  });
});
