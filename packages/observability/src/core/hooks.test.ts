import { type Log, type Metric, parameterize, type StreamedSpanJSON } from "@sentry/core";
import { describe, expect, it } from "vitest";
import { createPrivacyHooks } from "./hooks.js";
import { FILTERED } from "./scrubber.js";

const hooks = createPrivacyHooks();
const personal = {
  "user.id": "u-58",
  "user.name": "priya_okafor",
  "user.email": "p.okafor@example.test",
  "user.ip_address": "192.0.2.44",
};

describe("privacy hooks", () => {
  it("reduces the user on a span to its id", () => {
    const span = { name: "GET /orders", attributes: { ...personal, "url.path": "/orders" } };
    const out = hooks.beforeSendSpan(span as unknown as StreamedSpanJSON);
    expect(out.attributes).toEqual({ "user.id": "u-58", "url.path": "/orders" });
  });

  it("reduces the user on a log and a metric to its id", () => {
    const log = { level: "info", message: "hello", attributes: { ...personal } } as Log;
    expect(hooks.beforeSendLog(log)?.attributes).toEqual({ "user.id": "u-58" });
    const metric = { name: "m", type: "counter", value: 1, attributes: { ...personal } };
    expect(hooks.beforeSendMetric(metric as Metric)?.attributes).toEqual({ "user.id": "u-58" });
  });

  it("keeps a `logger.fmt` body a string when a parameter is scrubbed", () => {
    const message = parameterize`invoice for ${"ap@harbour-foods.test"} rejected`;
    const log = { level: "warn", message } as Log;
    const out = hooks.beforeSendLog(log);
    expect(String(out?.message)).toBe(`invoice for ${FILTERED} rejected`);
  });
});
