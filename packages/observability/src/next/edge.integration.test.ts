import { spawn } from "node:child_process";
import { once } from "node:events";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type EnvelopeReceiver, startEnvelopeReceiver } from "../testing/receiver.js";

const fixture = fileURLToPath(new URL("./fixtures/edge-route.ts", import.meta.url));
let receiver: EnvelopeReceiver;

beforeAll(async () => {
  receiver = await startEnvelopeReceiver();
});

afterAll(() => receiver.close());

describe("initNext in the edge runtime (the @sentry/nextjs edge build)", {
  timeout: 60_000,
}, () => {
  it("holds envelopes until the SDK flushes, then sends the scrubbed event", async () => {
    const child = spawn(
      process.execPath,
      ["--conditions=edge-light", "--conditions=@po-pro/source", "--import", "tsx", fixture],
      {
        env: { ...process.env, NODE_OPTIONS: "", TEST_SENTRY_DSN: receiver.dsn },
        stdio: ["pipe", "pipe", "inherit"],
      },
    );
    const exited = once(child, "exit");
    const reader = createInterface({ input: child.stdout });
    try {
      const lines = reader[Symbol.asyncIterator]();
      const captured = (await lines.next()).value as string;
      expect(captured).toBe('captured {"enabled":true}');
      // 300 ms after the capture nothing has been sent: edge I/O waits for the flush.
      expect(receiver.requestCount()).toBe(0);

      child.stdin.write("flush\n");
      expect((await lines.next()).value).toBe("flushed true");
      expect(await exited).toEqual([0, null]);
    } finally {
      reader.close();
      child.kill();
    }

    const event = await receiver.waitForEvent(
      (e) =>
        e.message === undefined &&
        e.exception?.values?.[0]?.value?.startsWith("edge failure") === true,
      5000,
    );
    expect(event.tags?.service).toBe("edge-route");
    expect(event.sdk?.name).toBe("sentry.javascript.nextjs");
    expect(event.contexts?.runtime?.name).toBe("vercel-edge");
    expect(event.exception?.values?.[0]?.value).toBe("edge failure for [Filtered]");
    // The second error happened inside a span named after an email: the sampling context in
    // its envelope header carries that name, scrubbed.
    await receiver.waitForEvent(
      (e) => e.exception?.values?.[0]?.value === "failure inside the checkout span",
      5000,
    );
    const inSpan = receiver
      .envelopes()
      .find((e) =>
        e.items.some(
          (item) =>
            item.type === "event" &&
            JSON.stringify(item.payload).includes("failure inside the checkout span"),
        ),
      );
    expect(inSpan?.header.trace).toMatchObject({ transaction: "checkout for [Filtered]" });
    expect(receiver.rawBodies().join("\n")).not.toContain("jane.doe@acme-supplies.com");
  });
});
