import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { parseEnvelopeBytes } from "./envelope.js";
import { type EnvelopeReceiver, startEnvelopeReceiver } from "./receiver.js";

let receiver: EnvelopeReceiver;

beforeAll(async () => {
  receiver = await startEnvelopeReceiver({ maxBodyBytes: 64 * 1024 });
});
afterAll(() => receiver.close());
beforeEach(() => receiver.reset());

const url = () => `${receiver.origin}/api/1/envelope/?sentry_version=7&sentry_key=public`;

const envelope = [
  JSON.stringify({ event_id: "a".repeat(32), dsn: "x" }),
  JSON.stringify({ type: "event" }),
  JSON.stringify({ event_id: "a".repeat(32), message: "hello" }),
  JSON.stringify({ type: "attachment", length: 5, filename: "a.txt" }),
  "ab\ncd",
  JSON.stringify({ type: "check_in" }),
  JSON.stringify({ check_in_id: "c1", monitor_slug: "m", status: "ok" }),
  JSON.stringify({
    type: "span",
    item_count: 2,
    content_type: "application/vnd.sentry.items.span.v2+json",
  }),
  JSON.stringify({
    items: [
      { span_id: "1", trace_id: "t", name: "a" },
      { span_id: "2", trace_id: "t", name: "b" },
    ],
  }),
].join("\n");

describe("envelope receiver", () => {
  it("gives a loopback DSN", () => {
    expect(receiver.dsn).toMatch(/^http:\/\/public@127\.0\.0\.1:\d+\/1$/);
  });

  it("parses plain and gzipped envelopes with length-prefixed items", async () => {
    expect((await fetch(url(), { method: "POST", body: envelope })).status).toBe(200);
    const gz = await fetch(url(), {
      method: "POST",
      body: gzipSync(envelope),
      headers: { "content-encoding": "gzip" },
    });
    expect(gz.status).toBe(200);
    expect(receiver.events().map((e) => e.message)).toEqual(["hello", "hello"]);
    expect(receiver.checkIns()[0]).toMatchObject({ monitor_slug: "m", status: "ok" });
    expect(receiver.spans().map((s) => s.name)).toEqual(["a", "b", "a", "b"]);
    expect(Buffer.isBuffer(receiver.items("attachment")[0]?.payload)).toBe(true);
    expect(receiver.rawBodies()[1]).toBe(envelope);
  });

  it("waits for an item that arrives later and times out otherwise", async () => {
    const waiting = receiver.waitForEvent((e) => e.message === "hello");
    await fetch(url(), { method: "POST", body: envelope });
    await expect(waiting).resolves.toMatchObject({ message: "hello" });
    await expect(receiver.waitFor((i) => i.type === "nope", 50)).rejects.toThrow(/within 50 ms/);
  });

  it("answers 400 to garbage, 404 elsewhere, 413 when too big, and the chosen status", async () => {
    expect((await fetch(url(), { method: "POST", body: "not json\n{" })).status).toBe(400);
    expect((await fetch(`${receiver.origin}/other`, { method: "POST", body: "" })).status).toBe(
      404,
    );
    const big = await fetch(url(), { method: "POST", body: "x".repeat(70 * 1024) });
    expect(big.status).toBe(413);
    receiver.respondWith({ kind: "status", status: 503 });
    expect((await fetch(url(), { method: "POST", body: envelope })).status).toBe(503);
    receiver.respondWith({ kind: "accept" });
    expect(receiver.events()).toHaveLength(0);
  });

  it("rejects an envelope whose item claims more bytes than it has", () => {
    const bad = `{}\n${JSON.stringify({ type: "attachment", length: 99 })}\nab`;
    expect(() => parseEnvelopeBytes(Buffer.from(bad))).toThrow(/longer than the body/);
  });
});
