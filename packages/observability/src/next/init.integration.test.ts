import * as Sentry from "@sentry/nextjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type EnvelopeReceiver, startEnvelopeReceiver } from "../testing/receiver.js";
import { initNext, type NextObservabilityHandle, onRequestError } from "./init.js";

let receiver: EnvelopeReceiver;
let handle: NextObservabilityHandle;

beforeAll(async () => {
  receiver = await startEnvelopeReceiver();
  handle = initNext({
    service: "web",
    dsn: receiver.dsn,
    environment: "test",
    env: {},
    transport: { timeoutMs: 500 },
    sentry: { enableRuntimeChannelInjection: false },
  });
});

afterAll(async () => {
  await Sentry.close(2000);
  await receiver.close();
});

describe("Next.js server init (Node runtime)", () => {
  it("sends scrubbed events tagged with the service, and warns on double init", async () => {
    expect(handle.enabled).toBe(true);
    const warnings: string[] = [];
    expect(initNext({ service: "x", dsn: receiver.dsn, warn: (m) => warnings.push(m) })).toBe(
      handle,
    );
    expect(warnings).toHaveLength(1);
    Sentry.captureException(new Error("render failed for jane@shop.test"));
    const event = await receiver.waitForEvent((e) =>
      Boolean(e.exception?.values?.[0]?.value?.startsWith("render failed")),
    );
    expect(event.exception?.values?.[0]?.value).toBe("render failed for [Filtered]");
    expect(event.tags?.service).toBe("web");
    expect(event.environment).toBe("test");
  });

  it("gives up on a hanging Sentry after timeoutMs and keeps sending afterwards", async () => {
    receiver.respondWith({ kind: "hang" });
    receiver.reset();
    Sentry.captureException(new Error("while sentry hangs"));
    await receiver.until(() => receiver.requestCount() > 0);
    const started = Date.now();
    expect(await handle.flush(5000)).toBe(true);
    expect(Date.now() - started).toBeLessThan(1500);
    receiver.respondWith({ kind: "accept" });
    Sentry.captureException(new Error("after the outage"));
    const event = await receiver.waitForEvent(
      (e) => e.exception?.values?.[0]?.value === "after the outage",
    );
    // The transport's own requests are neither spans nor breadcrumbs.
    expect(JSON.stringify(event.breadcrumbs ?? [])).not.toContain(receiver.origin);
  });

  it("captures request errors without credentials", async () => {
    // Built at run time: source lines around the call are sent as stack context.
    const [bearer, cookie, token] = ["abcdefgh", "s3cr3t", "abc123"].map((s) => `${s}${s.length}x`);
    onRequestError(
      new Error("route handler crashed"),
      {
        path: `/api/orders?token=${token}`,
        method: "POST",
        headers: {
          authorization: `Bearer ${bearer}`,
          cookie: `session=${cookie}`,
          "user-agent": "test",
        },
      },
      { routerKind: "App Router", routePath: "/api/orders", routeType: "route" },
    );
    const event = await receiver.waitForEvent(
      (e) => e.exception?.values?.[0]?.value === "route handler crashed",
    );
    const body = receiver.rawBodies().join("\n");
    for (const secret of [bearer, cookie, token]) expect(body).not.toContain(secret);
    expect(event.contexts?.nextjs).toMatchObject({
      router_path: "/api/orders",
      route_type: "route",
    });
    expect(event.request?.headers?.["user-agent"]).toBe("test");
  });
});
