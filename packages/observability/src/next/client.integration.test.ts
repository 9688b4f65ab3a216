import { getClient } from "@sentry/core";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { type EnvelopeReceiver, startEnvelopeReceiver } from "../testing/receiver.js";
import {
  type BrowserObservabilityHandle,
  captureRenderError,
  initNextClient,
  onRouterTransitionStart,
} from "./client.js";

// Node resolves `@sentry/nextjs` to its server build; a browser bundler picks the client build,
// so load that one (CommonJS: its ESM build imports `next/router` without an extension).
vi.mock("@sentry/nextjs", async () => {
  const { createRequire } = await import("node:module");
  const require = createRequire(import.meta.url);
  const root = require.resolve("@sentry/nextjs/package.json").replace(/package\.json$/, "");
  return require(`${root}build/cjs/index.client.js`) as object;
});

// The least of a page that Next's router instrumentation reads (an App Router page: no
// `__NEXT_DATA__`); the SDK's fetch transport runs on Node's own `fetch`.
function installPage(url: string): void {
  const page = globalThis as Record<string, unknown>;
  const window = new EventTarget();
  page.location = new URL(url);
  page.addEventListener = window.addEventListener.bind(window);
  page.removeEventListener = window.removeEventListener.bind(window);
  page.document = Object.assign(new EventTarget(), {
    readyState: "complete",
    visibilityState: "visible",
    getElementById: () => null,
    querySelector: () => null,
    querySelectorAll: () => [],
  });
}

let receiver: EnvelopeReceiver;
let handle: BrowserObservabilityHandle;

beforeAll(async () => {
  installPage("http://127.0.0.1/orders/42");
  receiver = await startEnvelopeReceiver();
  handle = initNextClient({
    service: "dashboard-client",
    dsn: receiver.dsn,
    environment: "test",
    tracesSampleRate: 1,
  });
});

afterAll(async () => {
  await getClient()?.close(2000);
  await receiver.close();
});

describe("Next.js client init", () => {
  it("runs on @sentry/nextjs's client SDK with Next's browser tracing", async () => {
    expect(handle.enabled).toBe(true);
    const client = getClient();
    expect(client?.getOptions()._metadata?.sdk?.name).toBe("sentry.javascript.nextjs");
    expect(client?.getIntegrationByName("BrowserTracing")).toBeDefined();
    expect(client?.getIntegrationByName("NextjsClientStackFrameNormalization")).toBeDefined();
    expect(client?.getOptions()).toMatchObject({
      replaysSessionSampleRate: 0.1,
      replaysOnErrorSampleRate: 1,
    });
    expect(client?.getIntegrationByName("Replay")).toBeUndefined();
    await handle.lazyIntegrationsLoaded;
    expect(client?.getIntegrationByName("Replay")).toBeDefined();
    expect(client?.getIntegrationByName("Feedback")).toBeDefined();
  });

  it("warns and keeps the first configuration on a second init", () => {
    const warnings: string[] = [];
    expect(initNextClient({ service: "x", dsn: receiver.dsn, warn: (m) => warnings.push(m) })).toBe(
      handle,
    );
    expect(warnings).toEqual([expect.stringContaining("initNextClient() called after")]);
  });

  it("sends scrubbed events", async () => {
    captureRenderError(
      Object.assign(new Error("render failed for bob@shop.test"), { digest: "d1" }),
    );
    const event = await receiver.waitForEvent((e) =>
      Boolean(e.exception?.values?.[0]?.value?.startsWith("render failed")),
    );
    expect(event.exception?.values?.[0]?.value).toBe("render failed for [Filtered]");
    expect(event.tags).toMatchObject({ service: "dashboard-client", category: "render-error" });
    expect(event.sdk?.name).toBe("sentry.javascript.nextjs");
    expect(receiver.rawBodies().join("\n")).not.toContain("bob@shop.test");
  });

  it("turns an App Router transition into a navigation span", async () => {
    onRouterTransitionStart("/orders/43?token=abc123", "push");
    await receiver.until(() =>
      receiver.spans().some((s) => s.attributes?.["sentry.op"]?.value === "navigation"),
    );
    const navigation = receiver
      .spans()
      .find((s) => s.attributes?.["sentry.op"]?.value === "navigation");
    expect(navigation?.is_segment).toBe(true);
    expect(navigation?.attributes).toMatchObject({
      "sentry.origin": { value: "auto.navigation.nextjs.app_router_instrumentation" },
      "navigation.type": { value: "router.push" },
      "url.path": { value: "/orders/43" },
    });
    expect(receiver.rawBodies().join("\n")).not.toContain("abc123");
  });
});
