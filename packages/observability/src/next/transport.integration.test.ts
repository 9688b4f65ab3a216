import { createEnvelope, type Envelope, type Transport } from "@sentry/core";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type EnvelopeReceiver, startEnvelopeReceiver } from "../testing/receiver.js";
import { boundedFetchTransport, type FetchTransportOptions } from "./transport.js";

let receiver: EnvelopeReceiver;
let url: string;
let dropped: string[];

beforeAll(async () => {
  receiver = await startEnvelopeReceiver();
  url = `${receiver.origin}/api/1/envelope/?sentry_version=7&sentry_key=public`;
});

afterAll(() => receiver.close());

beforeEach(() => {
  receiver.respondWith({ kind: "accept" });
  receiver.reset();
  dropped = [];
});

function transport(options: FetchTransportOptions): Transport {
  return boundedFetchTransport(options)({
    url,
    recordDroppedEvent: (reason) => void dropped.push(reason),
  });
}

function envelope(message: string): Envelope {
  const id = "c".repeat(32);
  return createEnvelope({ event_id: id, sent_at: new Date().toISOString() }, [
    [{ type: "event" }, { event_id: id, message }],
  ]);
}

// Right after a reset the receiver's high-water mark is the number of requests still open.
function openRequests(): number {
  receiver.reset();
  return receiver.maxInFlight();
}

describe("bounded fetch transport", () => {
  it("abandons requests to a hanging Sentry after the timeout, then sends normally", async () => {
    receiver.respondWith({ kind: "hang" });
    const sender = transport({ timeoutMs: 300 });
    const started = Date.now();
    const sends = Promise.allSettled([sender.send(envelope("one")), sender.send(envelope("two"))]);
    await receiver.until(() => receiver.maxInFlight() === 2, 1000);
    const results = await sends;
    const elapsed = Date.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(250);
    expect(elapsed).toBeLessThan(2000);
    expect(results.map((r) => r.status)).toEqual(["rejected", "rejected"]);
    expect((results[0] as PromiseRejectedResult).reason).toMatchObject({
      name: "SentryRequestTimeoutError",
      timeoutMs: 300,
    });
    expect(dropped).toEqual(["network_error", "network_error"]);
    await receiver.until(() => openRequests() === 0, 2000);

    receiver.respondWith({ kind: "accept" });
    await sender.send(envelope("after the outage"));
    const event = await receiver.waitForEvent((e) => e.message === "after the outage");
    expect(event.event_id).toBe("c".repeat(32));
  });

  it("gzips envelopes over 32 KiB and sends smaller ones as they are", async () => {
    const sender = transport({});
    const large = Array.from({ length: 4000 }, (_, i) => `breadcrumb ${i}`).join(" ");
    expect(large.length).toBeGreaterThan(32 * 1024);
    await sender.send(envelope("small"));
    await sender.send(envelope(large));
    await receiver.waitForEvent((e) => e.message === large);
    expect(receiver.events().map((e) => e.message)).toEqual(["small", large]);
    expect(receiver.requestCount()).toBe(2);
    expect(receiver.compressedRequestCount()).toBe(1);
  });

  it("drops envelopes beyond the queue size instead of piling them up", async () => {
    receiver.respondWith({ kind: "hang" });
    const sender = transport({ timeoutMs: 500, queueSize: 2 });
    const sends = Array.from({ length: 5 }, (_, i) => sender.send(envelope(`queued ${i}`)));
    await Promise.allSettled(sends);
    expect(dropped.filter((r) => r === "queue_overflow")).toHaveLength(3);
    expect(receiver.maxInFlight()).toBeLessThanOrEqual(2);
    expect(await sender.flush(2000)).toBe(true);
  });

  it("in send-on-flush mode (edge) sends only when flushed, and a hang costs one timeout", async () => {
    const sender = transport({ timeoutMs: 300, sendOnFlush: true });
    await sender.send(envelope("held"));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(receiver.requestCount()).toBe(0);
    expect(await sender.flush(2000)).toBe(true);
    await receiver.waitForEvent((e) => e.message === "held");

    receiver.respondWith({ kind: "hang" });
    await sender.send(envelope("lost"));
    const started = Date.now();
    expect(await sender.flush(5000)).toBe(true);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(dropped).toEqual(["network_error"]);
    await receiver.until(() => openRequests() === 0, 2000);
  });
});
