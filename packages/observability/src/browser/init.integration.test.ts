import * as Sentry from "@sentry/browser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type EnvelopeReceiver, startEnvelopeReceiver } from "../testing/receiver.js";
import { type BrowserObservabilityHandle, captureRenderError, initBrowser } from "./index.js";

// The browser SDK's transport is `fetch`, which Node has, so its init path runs here for real.
let receiver: EnvelopeReceiver;
let handle: BrowserObservabilityHandle;

beforeAll(async () => {
  receiver = await startEnvelopeReceiver();
  handle = initBrowser({ service: "web-client", dsn: receiver.dsn, environment: "test" });
});

afterAll(async () => {
  await Sentry.close(2000);
  await receiver.close();
});

describe("browser init", () => {
  it("sends scrubbed events and loads replay and feedback lazily, after init", async () => {
    expect(handle.enabled).toBe(true);
    const client = Sentry.getClient();
    expect(client?.getIntegrationByName("Replay")).toBeUndefined();
    expect(client?.getOptions()).toMatchObject({
      replaysSessionSampleRate: 0.1,
      replaysOnErrorSampleRate: 1,
    });
    await handle.lazyIntegrationsLoaded;
    expect(client?.getIntegrationByName("Replay")).toBeDefined();
    expect(client?.getIntegrationByName("Feedback")).toBeDefined();
    captureRenderError(
      Object.assign(new Error("render failed for bob@shop.test"), { digest: "d1" }),
    );
    const event = await receiver.waitForEvent((e) =>
      Boolean(e.exception?.values?.[0]?.value?.startsWith("render failed")),
    );
    expect(event.exception?.values?.[0]?.value).toBe("render failed for [Filtered]");
    expect(event.tags).toMatchObject({ service: "web-client", category: "render-error" });
  });
});
