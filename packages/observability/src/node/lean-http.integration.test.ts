import { once } from "node:events";
import { createServer, get, type IncomingHttpHeaders, type Server } from "node:http";
import { type AddressInfo, connect } from "node:net";
import * as Sentry from "@sentry/node";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  type EnvelopeReceiver,
  type ReceivedSpan,
  startEnvelopeReceiver,
} from "../testing/receiver.js";
import { init, type ObservabilityHandle } from "./init.js";
import { pinoMixin } from "./pino.js";
import { withRequestId } from "./request-id.js";

// Lean request instrumentation (the `init` default) with the real SDK: the SDK's own incoming
// HTTP instrumentation is off, the package's takes its place.
let receiver: EnvelopeReceiver;
let handle: ObservabilityHandle;
let app: Server;
let target: Server;
let appOrigin: string;
let targetOrigin: string;
const targetHeaders: IncomingHttpHeaders[] = [];
let logFields: ReturnType<typeof pinoMixin> = {};
let lastIncomingTrace: string | string[] | undefined;

const listen = async (server: Server) => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
};

beforeAll(async () => {
  receiver = await startEnvelopeReceiver();
  handle = init({
    service: "lean-test",
    dsn: receiver.dsn,
    environment: "test",
    tracesSampleRate: 1,
    samplingRules: [{ match: "/quiet", rate: 0 }],
    flushOnShutdown: false,
    env: {},
    sentry: { enableRuntimeChannelInjection: false },
  });
  target = createServer((req, res) => {
    targetHeaders.push(req.headers);
    res.end("target");
  });
  targetOrigin = await listen(target);
  // A plain `node:http` server: the package instruments it by itself; `withRequestId` only
  // echoes the id the instrumentation already chose.
  app = createServer(
    withRequestId(async (req, res) => {
      const path = (req.url ?? "/").split("?")[0];
      lastIncomingTrace = req.headers["sentry-trace"];
      if (path === "/quiet/fail") {
        logFields = pinoMixin();
        Sentry.captureException(new Error("quiet request failure"));
      }
      if (path === "/calls-out") {
        await (await fetch(`${targetOrigin}/from-fetch`)).text();
        await new Promise<void>((resolve) => {
          get(`${targetOrigin}/from-http`, (response) => {
            response.resume();
            response.on("end", resolve);
          });
        });
      }
      res.statusCode = path?.startsWith("/created") ? 201 : 200;
      res.end("ok");
    }),
  );
  appOrigin = await listen(app);
});

afterAll(async () => {
  await new Promise((resolve) => app.close(resolve));
  await new Promise((resolve) => target.close(resolve));
  await handle.close(2000);
  await receiver.close();
});

beforeEach(() => {
  receiver.reset();
  targetHeaders.length = 0;
});

const attr = (span: ReceivedSpan, name: string) => span.attributes?.[name]?.value;

/** A GET with no `sentry-trace` or `baggage`, as from an uninstrumented client. */
async function rawGet(origin: string, path: string): Promise<string> {
  const { hostname, port } = new URL(origin);
  const socket = connect(Number(port), hostname);
  socket.end(`GET ${path} HTTP/1.1\r\nHost: ${hostname}\r\nConnection: close\r\n\r\n`);
  const chunks: Buffer[] = [];
  for await (const chunk of socket) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString();
}
const serverSpans = () => receiver.spans().filter((s) => attr(s, "sentry.op") === "http.server");

describe("lean request instrumentation", () => {
  it("turns a sampled request into an http.server transaction continuing the incoming trace", async () => {
    const traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
    const parentSpanId = "00f067aa0ba902b7";
    const response = await fetch(`${appOrigin}/created/jane.doe@example.com?token=abc123`, {
      method: "POST",
      headers: { "sentry-trace": `${traceId}-${parentSpanId}-1` },
    });
    expect(response.status).toBe(201);
    await receiver.until(() => serverSpans().some((s) => s.trace_id === traceId), 5000);
    const span = serverSpans().find((s) => s.trace_id === traceId) as ReceivedSpan;
    expect(span.is_segment).toBe(true);
    expect(span.parent_span_id).toBe(parentSpanId);
    expect(span.name).toBe("POST /created/[Filtered]");
    expect(attr(span, "http.request.method")).toBe("POST");
    expect(attr(span, "url.path")).toBe("/created/[Filtered]");
    expect(attr(span, "http.response.status_code")).toBe(201);
    expect(JSON.stringify(receiver.rawBodies())).not.toContain("jane.doe");
  });

  it("marks the name as a URL, so neither Sentry nor the sampling context treat it as a route", async () => {
    // A raw socket: this process's own fetch would carry its trace (and that trace's context).
    await rawGet(appOrigin, "/orders/1042");
    await receiver.until(() => serverSpans().length === 1, 5000);
    const span = serverSpans()[0] as ReceivedSpan;
    expect(span.name).toBe("GET /orders/1042");
    expect(attr(span, "sentry.segment.name.source")).toBe("url");
    expect(attr(span, "http.route")).toBeUndefined();
    const dsc = receiver
      .envelopes()
      .map((e) => e.header.trace as Record<string, unknown> | undefined)
      .find((trace) => trace?.trace_id === span.trace_id);
    expect(dsc).toMatchObject({ trace_id: span.trace_id, sampled: "true" });
    expect(dsc).not.toHaveProperty("transaction");
  });

  it("sends nothing for an unsampled request, but an error in it carries request data and the request id", async () => {
    const response = await fetch(`${appOrigin}/quiet/fail?card=4111111111111111`, {
      headers: {
        "x-request-id": "req-lean-42",
        authorization: "Bearer abcdefghijklmnopqrstuvwxyz",
        cookie: "session=abcdefghijklmnop",
      },
    });
    expect(response.headers.get("x-request-id")).toBe("req-lean-42");
    const event = await receiver.waitForEvent(
      (e) => e.exception?.values?.[0]?.value === "quiet request failure",
      5000,
    );
    expect(event.tags?.request_id).toBe("req-lean-42");
    expect(logFields.request_id).toBe("req-lean-42");
    expect(event.contexts?.trace?.trace_id).toBe(logFields.trace_id);
    expect(event.request?.method).toBe("GET");
    expect(event.request?.url).toBe(`${appOrigin}/quiet/fail`);
    expect(event.request?.headers?.["x-request-id"]).toBe("req-lean-42");
    expect(event.request?.headers).not.toHaveProperty("authorization");
    expect(event.request?.headers).not.toHaveProperty("cookie");
    await handle.flush(2000);
    expect(serverSpans().map((s) => `${s.name} ${String(attr(s, "url.path"))}`)).toEqual([]);
    expect(receiver.events().filter((e) => e.type === "transaction")).toEqual([]);
  });

  it("gives unsampled requests their own trace ids", async () => {
    const ids: string[] = [];
    for (let i = 0; i < 2; i++) {
      // A raw client outside this process's trace: no sentry-trace header to continue.
      const socket = connect(Number(new URL(appOrigin).port), "127.0.0.1");
      socket.end("GET /quiet/fail HTTP/1.1\r\nHost: app\r\nConnection: close\r\n\r\n");
      socket.resume();
      await once(socket, "close");
      expect(lastIncomingTrace).toBeUndefined();
      ids.push(String(logFields.trace_id));
    }
    expect(ids[0]).toMatch(/^[0-9a-f]{32}$/);
    expect(ids[1]).not.toBe(ids[0]);
  });

  it("propagates the trace on outgoing fetch and http calls of a sampled request", async () => {
    const traceId = "0af7651916cd43dd8448eb211c80319c";
    await fetch(`${appOrigin}/calls-out`, {
      headers: {
        "sentry-trace": `${traceId}-b7ad6b7169203331-1`,
        baggage: `sentry-trace_id=${traceId},sentry-sampled=true,sentry-sample_rate=1`,
      },
    });
    expect(targetHeaders).toHaveLength(2);
    for (const headers of targetHeaders) {
      expect(headers["sentry-trace"]).toMatch(new RegExp(`^${traceId}-[0-9a-f]{16}-1$`));
      expect(String(headers.baggage)).toContain(`sentry-trace_id=${traceId}`);
    }
    await receiver.until(() => serverSpans().some((s) => s.trace_id === traceId), 5000);
  });
});
