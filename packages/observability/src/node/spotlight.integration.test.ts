import * as Sentry from "@sentry/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type EnvelopeReceiver, startEnvelopeReceiver } from "../testing/receiver.js";
import { init, type ObservabilityHandle } from "./init.js";

// The receiver stands in for the Spotlight sidecar (`POST /stream`).
let sidecar: EnvelopeReceiver;
let handle: ObservabilityHandle;

beforeAll(async () => {
  sidecar = await startEnvelopeReceiver();
  handle = init({
    service: "dev-service",
    spotlight: `${sidecar.origin}/stream`,
    flushOnShutdown: false,
    env: { NODE_ENV: "development" },
    sentry: { enableRuntimeChannelInjection: false },
  });
});

afterAll(async () => {
  await handle.close(2000);
  await sidecar.close();
});

describe("development without a DSN", () => {
  it("sends scrubbed events to the Spotlight sidecar", async () => {
    expect(handle.enabled).toBe(true);
    Sentry.captureException(new Error("local failure for dev@shop.test"));
    const event = await sidecar.waitForEvent(
      (e) => e.exception?.values?.[0]?.value === "local failure for [Filtered]",
    );
    expect(event.tags?.service).toBe("dev-service");
  });
});
