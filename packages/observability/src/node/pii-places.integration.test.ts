import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import * as Sentry from "@sentry/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { captureCategorized } from "../core/capture.js";
import { PII_CORPUS, PII_USER, type PiiSample } from "../testing/pii-corpus.js";
import { type EnvelopeReceiver, startEnvelopeReceiver } from "../testing/receiver.js";
import { init, type ObservabilityHandle } from "./init.js";

/**
 * Every sample of the corpus in every place a value can reach Sentry from — event message,
 * exception, extra, context, tag, breadcrumb, request header / query / body / cookie, user, span
 * name and attribute, log body / attribute / `fmt` parameter, metric attribute, scope attribute,
 * fingerprint —
 * through `init`'s defaults (lean request instrumentation included), the real SDK and real HTTP
 * to the receiver. Then every received byte is searched for every secret, raw and
 * percent-encoded.
 */
let receiver: EnvelopeReceiver;
let handle: ObservabilityHandle;
let app: Server;
let port = 0;

beforeAll(async () => {
  receiver = await startEnvelopeReceiver();
  handle = init({
    service: "pii-places",
    dsn: receiver.dsn,
    // Every trace is kept so that every span place is really exercised; the rest is default.
    tracesSampleRate: 1,
    // Everything is captured at once here; the default queue of 30 would drop most of it.
    transport: { queueSize: 2000 },
    flushOnShutdown: false,
    env: {},
    sentry: { enableRuntimeChannelInjection: false },
  });
  app = createServer((req, res) => {
    Sentry.captureException(new Error(`request failed ${decodeURIComponent(req.url ?? "")}`));
    res.end("ok");
  });
  await new Promise<void>((resolve) => app.listen(0, "127.0.0.1", resolve));
  port = (app.address() as AddressInfo).port;
});

afterAll(async () => {
  await new Promise((resolve) => app.close(resolve));
  await handle.close(2000);
  await receiver.close();
});

const unkeyed = PII_CORPUS.filter((s) => s.key === undefined);
const keyed = PII_CORPUS.filter((s) => s.key !== undefined);
const enc = encodeURIComponent;
const user = Object.fromEntries(PII_USER.map((s) => [s.key as string, s.secret]));

/** Puts one piece of text (and one key/value pair) in every place of one error/trace/log set. */
function sendEverywhere(index: number, text: string, key: string, value: string): void {
  Sentry.withScope((scope) => {
    scope.setUser({ id: `u-${index}`, ...user });
    // Scope attributes join logs and metrics after `beforeSendLog` / `beforeSendMetric`.
    scope.setAttributes({ scope_note: text, [key]: value });
    scope.setExtra("note", text);
    scope.setExtra(key, value);
    scope.setContext("supplier_email", { body: text, [key]: value });
    scope.setTag("subject", text.slice(0, 190));
    scope.setTag(key, value);
    scope.setFingerprint(["pii-places", text, `${key}=${value}`]);
    Sentry.addBreadcrumb({
      category: "gmail",
      message: `${text} / ${key}: ${value}`,
      data: { note: text, [key]: value },
    });
    Sentry.captureException(new Error(`extraction failed: ${text}`));
    Sentry.captureMessage(`supplier said ${text} with ${key}=${value}`);
    Sentry.captureEvent({
      message: `request event ${index}`,
      request: {
        method: "POST",
        url: `https://app.test/orders/${index}?note=${enc(text)}&${enc(key)}=${enc(value)}`,
        query_string: `q=${enc(text)}&${enc(key)}=${enc(value)}`,
        headers: { "x-note": text, [key]: value, cookie: `theme=dark; ${key}=${value}` },
        cookies: { sid: text, [key]: value },
        data: { body: text, [key]: value },
      },
    });
    captureCategorized("extraction-failure", new Error("categorized"), { supplierId: text });
    Sentry.startSpan(
      {
        name: `process ${text}`,
        forceTransaction: true,
        attributes: { note: text, [key]: value, "url.query": `?q=${enc(text)}&${key}=${value}` },
      },
      (span) => {
        span.setAttribute("llm.prompt", `${text} ${key}: ${value}`);
        Sentry.startSpan({ name: "db.query", attributes: { "db.query.text": text } }, () => {});
        Sentry.logger.info(`log ${text}`, { note: text, [key]: value });
        // A parameter has no key, so only text whose shape gives it away belongs here.
        Sentry.logger.warn(Sentry.logger.fmt`supplier wrote ${text} at ${index}`);
        Sentry.metrics.count("pii.places", 1, { attributes: { note: text, [key]: value } });
      },
    );
  });
}

function needles(sample: PiiSample): string[] {
  const raw = [sample.secret, ...(sample.pieces ?? [])];
  return [...new Set(raw.flatMap((n) => [n, enc(n), JSON.stringify(n).slice(1, -1)]))];
}

describe("PII corpus in every place, through the real SDK and HTTP", () => {
  it("lets none of the secrets reach the receiver", async () => {
    const all = [...PII_CORPUS, ...PII_USER];
    expect(all.length).toBeGreaterThanOrEqual(80);
    const rounds = Math.max(unkeyed.length, keyed.length);
    for (let i = 0; i < rounds; i++) {
      const text = (unkeyed[i % unkeyed.length] as PiiSample).text;
      const pair = keyed[i % keyed.length] as PiiSample;
      sendEverywhere(i, text, pair.key as string, pair.text);
    }
    // Request data as the lean instrumentation captures it from a real request.
    for (const [i, sample] of unkeyed.entries()) {
      const pair = keyed[i % keyed.length] as PiiSample;
      await fetch(
        `http://127.0.0.1:${port}/x?note=${enc(sample.text)}&${enc(pair.key as string)}=${enc(pair.text)}`,
        {
          headers: {
            "x-note": enc(sample.text),
            authorization: `Bearer ${enc(sample.secret)}`,
            cookie: `${pair.key}=${enc(pair.text)}`,
          },
        },
      );
    }
    await handle.flush(10_000);
    // Everything captured must have arrived, or "nothing leaked" would prove nothing.
    await receiver.until(
      () =>
        receiver.events().length >= rounds * 4 + unkeyed.length &&
        receiver.spans().length >= rounds * 2 &&
        receiver.items("log").length > 0 &&
        receiver.items("trace_metric").length > 0,
      20_000,
    );
    const bodies = receiver.rawBodies().join("\n");
    const leaks = all.flatMap((sample) =>
      needles(sample)
        .filter((needle) => bodies.includes(needle))
        .map((needle) => {
          const at = bodies.indexOf(needle);
          return `${sample.kind} ${needle} in …${bodies.slice(Math.max(0, at - 80), at + needle.length + 20)}…`;
        }),
    );
    expect(leaks).toEqual([]);
  }, 60_000);

  it("keeps a scrubbed `logger.fmt` body as text, with the template", async () => {
    const logs = receiver
      .items("log")
      .flatMap((item) => (item.payload as { items: { body: string; attributes: object }[] }).items);
    const fmt = logs.filter((log) => log.body.startsWith("supplier wrote "));
    expect(fmt.length).toBeGreaterThan(0);
    for (const log of fmt) {
      expect(log.body).not.toContain("[object Object]");
      expect(log.body).toMatch(/^supplier wrote .+ at \d+$/);
      expect(log.attributes).toMatchObject({
        "sentry.message.template": { value: "supplier wrote %s at %s" },
      });
    }
    expect(fmt.some((log) => log.body.includes("[Filtered]"))).toBe(true);
  });
});
