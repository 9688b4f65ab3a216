import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import * as Sentry from "@sentry/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type EnvelopeReceiver, startEnvelopeReceiver } from "../testing/receiver.js";
import { init } from "./init.js";

let receiver: EnvelopeReceiver;
let downDsn: string;
let app: Server;
let appUrl: string;

beforeAll(async () => {
  receiver = await startEnvelopeReceiver();
  const closed = await startEnvelopeReceiver();
  downDsn = closed.dsn;
  await closed.close();
  // Every request fails and is reported, the worst case for an app whose Sentry is unwell.
  app = createServer((_req, res) => {
    Sentry.startSpan({ name: "POST /orders" }, () => {
      Sentry.captureException(new Error("order failed"));
    });
    res.end("ok");
  });
  await new Promise<void>((resolve) => app.listen(0, "127.0.0.1", resolve));
  appUrl = `http://127.0.0.1:${(app.address() as AddressInfo).port}/orders`;
});

afterAll(async () => {
  await new Promise((resolve) => app.close(resolve));
  await receiver.close();
});

async function load(requests: number, concurrency: number): Promise<number[]> {
  const latencies: number[] = [];
  let next = 0;
  const worker = async () => {
    while (next < requests) {
      next += 1;
      const started = performance.now();
      const response = await fetch(appUrl, { method: "POST" });
      expect(response.status).toBe(200);
      await response.text();
      latencies.push(performance.now() - started);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return latencies.sort((a, b) => a - b);
}

const p95 = (sorted: number[]) => sorted[Math.floor(sorted.length * 0.95)] ?? Number.NaN;

// The app never waits for Sentry. The hanging case proves it without timing: its requests to
// Sentry are held open for longer than the whole load may take, so an app that waited on them
// could not finish. Latencies are printed, not compared: on a shared machine their noise is
// larger than anything a healthy-versus-unwell comparison could show.
const HUNG_FOR_MS = 60_000;

describe("an unwell Sentry does not hurt the app", () => {
  it.each([
    ["healthy", "ok"],
    ["hanging", "hang"],
    ["answering 500", "500"],
    ["down", "down"],
  ] as const)(
    "keeps requests flowing and memory bounded when Sentry is %s",
    {
      timeout: 45_000,
    },
    async (label, mode) => {
      receiver.reset();
      receiver.respondWith(
        mode === "hang"
          ? { kind: "hang" }
          : mode === "500"
            ? { kind: "status", status: 500 }
            : { kind: "accept" },
      );
      const handle = init({
        service: "resilience",
        dsn: mode === "down" ? downDsn : receiver.dsn,
        tracesSampleRate: 1,
        flushOnShutdown: false,
        transport: { timeoutMs: mode === "hang" ? HUNG_FOR_MS : 500, queueSize: 20 },
        env: {},
        sentry: { enableRuntimeChannelInjection: false },
      });
      try {
        const heapBefore = process.memoryUsage().heapUsed;
        const latencies = await load(250, 8);
        expect(latencies).toHaveLength(250);
        console.info(`Sentry ${label}: app p95 ${p95(latencies).toFixed(1)} ms over 250 requests`);
        if (mode === "hang") {
          // Every app request is answered while Sentry still holds the first envelopes open.
          expect(receiver.requestCount()).toBeGreaterThan(0);
          // At most `queueSize` envelopes are ever in flight or waiting; the rest are dropped.
          // A little slack for the receiver's own bookkeeping. Without the bound this grows with
          // the load (250 here).
          expect(receiver.maxInFlight()).toBeLessThanOrEqual(25);
        }
        expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(64 * 1024 * 1024);
        // flush gives up after its timeout instead of waiting for the held requests.
        const started = performance.now();
        await handle.flush(300);
        expect(performance.now() - started).toBeLessThan(HUNG_FOR_MS / 10);
      } finally {
        receiver.respondWith({ kind: "accept" });
        await handle.close(500);
      }
    },
  );
});
