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
    const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
    const captured = (await lines.next()).value as string;
    expect(captured).toBe('captured {"enabled":true}');
    // 300 ms after the capture nothing has been sent: edge I/O waits for the flush.
    expect(receiver.requestCount()).toBe(0);

    child.stdin.write("flush\n");
    expect((await lines.next()).value).toBe("flushed true");
    await once(child, "exit");

    const event = await receiver.waitForEvent((e) => e.tags?.service === "edge-route", 5000);
    expect(event.sdk?.name).toBe("sentry.javascript.nextjs");
    expect(event.contexts?.runtime?.name).toBe("vercel-edge");
    expect(event.exception?.values?.[0]?.value).toBe("edge failure for [Filtered]");
    expect(receiver.rawBodies().join("\n")).not.toContain("jane.doe@acme-supplies.com");
  });
});
