import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import * as Sentry from "@sentry/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PII_CORPUS } from "../testing/pii-corpus.js";
import { type EnvelopeReceiver, startEnvelopeReceiver } from "../testing/receiver.js";
import { init, type ObservabilityHandle } from "./init.js";

let receiver: EnvelopeReceiver;
let handle: ObservabilityHandle;
let server: Server;
let port = 0;

beforeAll(async () => {
  receiver = await startEnvelopeReceiver();
  handle = init({
    service: "pii-test",
    // Everything is captured at once here; the default queue of 30 would drop most of it.
    transport: { queueSize: 1000 },
    dsn: receiver.dsn,
    tracesSampleRate: 1,
    flushOnShutdown: false,
    env: {},
    sentry: { enableRuntimeChannelInjection: false },
  });
  server = createServer((req, res) => {
    Sentry.captureException(new Error(`request failed ${decodeURIComponent(req.url ?? "")}`));
    res.end("ok");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await handle.close(2000);
  await receiver.close();
});

const unkeyed = PII_CORPUS.filter((s) => s.key === undefined);
const keyed = PII_CORPUS.filter((s) => s.key !== undefined);

describe("PII corpus through the real SDK", () => {
  it(`lets none of ${PII_CORPUS.length} secrets reach the receiver`, async () => {
    expect(PII_CORPUS.length).toBeGreaterThanOrEqual(40);
    const keyedData = Object.fromEntries(keyed.map((s) => [s.key as string, s.text]));
    for (const [index, sample] of unkeyed.entries()) {
      Sentry.withScope((scope) => {
        scope.setExtra("note", sample.text);
        scope.setContext("supplier_email", { body: sample.text, ...keyedData });
        scope.setTag("subject", sample.text.slice(0, 190));
        Sentry.addBreadcrumb({ category: "gmail", message: sample.text, data: keyedData });
        Sentry.captureException(new Error(`extraction failed: ${sample.text}`));
        Sentry.captureMessage(`supplier said ${sample.text}`);
        Sentry.captureEvent({
          message: `event ${index}`,
          request: {
            url: `https://app.test/orders?note=${encodeURIComponent(sample.text)}`,
            query_string: `q=${encodeURIComponent(sample.text)}`,
            headers: { ...keyedData, "x-note": sample.text },
            cookies: { sid: sample.text },
            data: { body: sample.text, ...keyedData },
          },
        });
      });
      Sentry.startSpan(
        {
          name: `process ${sample.text}`,
          forceTransaction: true,
          attributes: { note: sample.text, ...keyedData },
        },
        () => {
          Sentry.startSpan(
            { name: "db.query", attributes: { "db.query.text": sample.text } },
            () => {},
          );
        },
      );
    }
    // Request data captured by the SDK's own HTTP instrumentation.
    const secretHeaders = Object.fromEntries(
      keyed.map((s) => [s.key as string, s.text.replace(/[^\x20-\x7e]/g, "")]),
    );
    for (const sample of unkeyed.slice(0, 10)) {
      await fetch(`http://127.0.0.1:${port}/x?token=${encodeURIComponent(sample.secret)}`, {
        headers: { ...secretHeaders, authorization: `Bearer ${sample.secret.replace(/\s/g, "")}` },
      });
    }
    await handle.flush(5000);
    // Everything captured must have arrived, or "nothing leaked" would prove nothing.
    await receiver.until(
      () =>
        receiver.events().length >= unkeyed.length * 3 + 10 &&
        receiver.spans().length >= unkeyed.length * 2,
      10_000,
    );
    const bodies = receiver.rawBodies().join("\n");
    const leaked = PII_CORPUS.filter((s) => bodies.includes(s.secret)).map((s) => s.secret);
    expect(leaked).toEqual([]);
    // JSON escapes newlines, so PEM bodies are also checked in escaped form.
    expect(bodies).not.toContain("MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7");
  });
});
