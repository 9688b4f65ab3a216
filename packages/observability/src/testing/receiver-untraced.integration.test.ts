import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import * as Sentry from "@sentry/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { init, type ObservabilityHandle } from "../node/init.js";
import { type EnvelopeReceiver, startEnvelopeReceiver } from "./receiver.js";

// The SDK's own request instrumentation (not the package's lean one) in the same process as the
// receiver: the receiver's requests must not be traced and sent back to it.
let receiver: EnvelopeReceiver;
let handle: ObservabilityHandle;
let app: Server;

beforeAll(async () => {
  receiver = await startEnvelopeReceiver();
  handle = init({
    service: "receiver-untraced",
    dsn: receiver.dsn,
    tracesSampleRate: 1,
    requestInstrumentation: "sentry",
    flushOnShutdown: false,
    env: {},
    spanStreaming: { maxWaitMs: 20 },
    sentry: { enableRuntimeChannelInjection: false },
  });
  app = createServer((_req, res) => res.end("ok"));
  await new Promise<void>((resolve) => app.listen(0, "127.0.0.1", resolve));
});

afterAll(async () => {
  await new Promise((resolve) => app.close(resolve));
  await handle.close(2000);
  await receiver.close();
});

const serverPaths = () =>
  receiver
    .spans()
    .filter((s) => s.attributes?.["sentry.op"]?.value === "http.server")
    .map((s) => s.attributes?.["url.path"]?.value);

describe("receiver under requestInstrumentation: 'sentry'", () => {
  it("traces the app's requests but never its own", async () => {
    const { port } = app.address() as AddressInfo;
    await fetch(`http://127.0.0.1:${port}/orders`);
    Sentry.captureMessage("one event");
    await handle.flush(2000);
    // The app's request arrives as a server span: the SDK's instrumentation is really on.
    // The app's request arrives as a server span: the SDK's instrumentation is really on.
    await receiver.until(() => serverPaths().includes("/orders"), 5000);
    await receiver.waitForEvent((e) => e.message === "one event");
    // Give a loop time to show: each envelope request would become a span, sent in turn.
    for (let i = 0; i < 5; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      await handle.flush(1000);
    }
    expect(serverPaths()).toEqual(["/orders"]);
    expect(receiver.requestCount()).toBeLessThan(10);
  });
});
