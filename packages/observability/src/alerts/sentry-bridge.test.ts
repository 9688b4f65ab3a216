import { createHmac } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { eventAlertPayload, issuePayload, metricAlertPayload } from "./fixtures/sentry-payloads.js";
import type { AlertWebhookOutcome } from "./http.js";
import { createSentryWebhookHandler } from "./sentry-bridge.js";
import type { PostableAlert } from "./sentry-webhook.js";

const SECRET = "sentry-client-secret-0123456789";

/**
 * A stand-in for Alertmanager's `POST /api/v2/alerts` that can also refuse or hang, the failure
 * modes a real Alertmanager cannot be made to show on demand. The real one is in bridges.ops.test.ts.
 */
let server: Server;
let amUrl: string;
let posted: PostableAlert[][] = [];
let requests = 0;
let behaviour: "accept" | "500" | "hang" = "accept";

beforeAll(async () => {
  server = createServer((req, res) => {
    requests += 1;
    if (behaviour === "hang") return;
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk));
    req.on("end", () => {
      if (req.method !== "POST" || req.url !== "/api/v2/alerts") return res.writeHead(404).end();
      if (behaviour === "500") return res.writeHead(500).end("boom");
      posted.push(JSON.parse(body) as PostableAlert[]);
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  amUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterEach(() => {
  posted = [];
  requests = 0;
  behaviour = "accept";
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

function setup(overrides: { url?: string; defaults?: boolean } = {}) {
  const outcomes: AlertWebhookOutcome[] = [];
  const handler = createSentryWebhookHandler({
    clientSecret: SECRET,
    alertmanager: overrides.defaults
      ? { url: overrides.url ?? amUrl }
      : {
          url: overrides.url ?? amUrl,
          deadlineMs: 5000,
          retries: 2,
          attemptTimeoutMs: 300,
          initialBackoffMs: 20,
          maxBackoffMs: 50,
        },
    metrics: { recordAlertWebhook: (_source, outcome) => outcomes.push(outcome) },
    staticLabels: { team: "po-pro" },
  });
  return { handler, outcomes };
}

function delivery(
  resource: string,
  payload: unknown,
  headers: Record<string, string | undefined> = {},
): Request {
  const body = typeof payload === "string" ? payload : JSON.stringify(payload);
  const signature = createHmac("sha256", SECRET).update(body).digest("hex");
  const all: Record<string, string> = {
    "content-type": "application/json",
    "sentry-hook-resource": resource,
    "sentry-hook-signature": signature,
    "sentry-hook-timestamp": "1764763200",
    "request-id": crypto.randomUUID(),
  };
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) delete all[name];
    else all[name] = value;
  }
  return new Request("http://127.0.0.1/api/alerts/sentry", { method: "POST", headers: all, body });
}

async function errorOf(response: Response) {
  return ((await response.json()) as { error: { code: string; fields?: Record<string, string> } })
    .error;
}

describe("Sentry webhook → Alertmanager", () => {
  it("posts an issue alert to /api/v2/alerts with our labels", async () => {
    const { handler, outcomes } = setup();
    const response = await handler(delivery("event_alert", eventAlertPayload()));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ forwarded: 1 });
    expect(posted).toHaveLength(1);
    expect(posted[0]?.[0]?.labels).toMatchObject({
      alertname: "Gmail API down",
      category: "gmail",
      service: "worker",
      team: "po-pro",
    });
    expect(outcomes).toEqual(["forwarded"]);
  });

  it("posts a metric alert's two severities and an issue's one alert", async () => {
    const { handler } = setup();
    expect((await handler(delivery("metric_alert", metricAlertPayload("critical")))).status).toBe(
      200,
    );
    expect((await handler(delivery("issue", issuePayload("resolved")))).status).toBe(200);
    expect(posted.map((batch) => batch.length)).toEqual([2, 1]);
  });

  it("posts once when Sentry delivers the same Request-ID twice, even concurrently", async () => {
    const { handler, outcomes } = setup();
    const id = crypto.randomUUID();
    const [first, second] = await Promise.all([
      handler(delivery("event_alert", eventAlertPayload(), { "request-id": id })),
      handler(delivery("event_alert", eventAlertPayload(), { "request-id": id })),
    ]);
    const third = await handler(delivery("event_alert", eventAlertPayload(), { "request-id": id }));
    expect([first.status, second.status, third.status]).toEqual([200, 200, 200]);
    expect(await third.json()).toEqual({ forwarded: 0, duplicate: true });
    expect(posted).toHaveLength(1);
    expect(outcomes.sort()).toEqual(["duplicate", "duplicate", "forwarded"]);
    // Another delivery id is another delivery.
    await handler(delivery("event_alert", eventAlertPayload()));
    expect(posted).toHaveLength(2);
  });

  it("refuses a bad signature with 401 before parsing the body, and posts nothing", async () => {
    const { handler, outcomes } = setup();
    for (const signature of [undefined, "", "00".repeat(32), "abc"]) {
      const response = await handler(
        delivery("event_alert", "not even json", { "sentry-hook-signature": signature }),
      );
      expect(response.status).toBe(401);
      expect((await errorOf(response)).code).toBe("invalid_signature");
    }
    const signed = delivery("event_alert", eventAlertPayload());
    const tampered = new Request(signed, {
      body: JSON.stringify(eventAlertPayload({ rule: "Something else" })),
    });
    expect((await handler(tampered)).status).toBe(401);
    expect(posted).toEqual([]);
    expect(outcomes).toEqual(Array(5).fill("unauthorized"));
  });

  it("answers 400 naming the field for a malformed body or a missing resource", async () => {
    const { handler, outcomes } = setup();
    const notJson = await handler(delivery("event_alert", "{nope"));
    expect(notJson.status).toBe(400);
    expect((await errorOf(notJson)).fields).toEqual({ "(root)": "must be a JSON document" });

    const payload = metricAlertPayload("critical") as { data: { metric_alert: object } };
    payload.data.metric_alert = { alert_rule: {} };
    const missing = await handler(delivery("metric_alert", payload));
    expect(missing.status).toBe(400);
    expect(Object.keys((await errorOf(missing)).fields ?? {})).toContain(
      "data.metric_alert.alert_rule.name",
    );

    const noResource = await handler(
      delivery("event_alert", eventAlertPayload(), { "sentry-hook-resource": undefined }),
    );
    expect(noResource.status).toBe(400);
    expect((await errorOf(noResource)).fields).toEqual({ "Sentry-Hook-Resource": "is required" });
    expect(outcomes).toEqual(["invalid", "invalid", "invalid"]);
    expect(posted).toEqual([]);
  });

  it("refuses a body over 1 MiB with 413 before checking anything else", async () => {
    const { handler, outcomes } = setup();
    const response = await handler(delivery("event_alert", "x".repeat(1024 * 1024 + 1)));
    expect(response.status).toBe(413);
    expect(outcomes).toEqual(["invalid"]);
    expect(posted).toEqual([]);
  });

  it("acknowledges resources it does not bridge without posting", async () => {
    const { handler, outcomes } = setup();
    const response = await handler(delivery("installation", { action: "created", data: {} }));
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ ignored: "installation" });
    expect(outcomes).toEqual(["ignored"]);
    expect(posted).toEqual([]);
  });

  it("retries a failing Alertmanager a bounded number of times, then answers 502", async () => {
    const { handler, outcomes } = setup();
    behaviour = "500";
    const response = await handler(delivery("event_alert", eventAlertPayload()));
    expect(response.status).toBe(502);
    expect((await errorOf(response)).code).toBe("alertmanager_unavailable");
    expect(requests).toBe(3);
    expect(outcomes).toEqual(["upstream_error"]);
  });

  it("answers 502 within the bound when Alertmanager hangs or is unreachable", async () => {
    const { handler } = setup();
    behaviour = "hang";
    let started = performance.now();
    expect((await handler(delivery("event_alert", eventAlertPayload()))).status).toBe(502);
    // 3 attempts × 300 ms + two backoffs ≤ 50 ms each, plus slack.
    expect(performance.now() - started).toBeLessThan(2000);
    expect(requests).toBe(3);

    const closed = setup({ url: "http://127.0.0.1:9" });
    started = performance.now();
    expect((await closed.handler(delivery("event_alert", eventAlertPayload()))).status).toBe(502);
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it("answers within Sentry's 1 s webhook timeout with the default bounds", async () => {
    const { handler } = setup({ defaults: true });
    behaviour = "hang";
    const started = performance.now();
    expect((await handler(delivery("event_alert", eventAlertPayload()))).status).toBe(502);
    const elapsed = performance.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(850);
    expect(elapsed).toBeLessThan(1000);
    // Two or three attempts fit in the deadline, depending on the jittered backoff.
    expect(requests).toBeGreaterThanOrEqual(2);
  });

  it("posts again a Request-ID whose first delivery failed (Sentry's retry)", async () => {
    const { handler } = setup();
    const id = crypto.randomUUID();
    behaviour = "500";
    expect(
      (await handler(delivery("event_alert", eventAlertPayload(), { "request-id": id }))).status,
    ).toBe(502);
    behaviour = "accept";
    expect(
      (await handler(delivery("event_alert", eventAlertPayload(), { "request-id": id }))).status,
    ).toBe(200);
    expect(posted).toHaveLength(1);
  });
});
