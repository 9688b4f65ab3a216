import * as Sentry from "@sentry/node";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { init, type ObservabilityHandle } from "../node/init.js";
import { type EnvelopeReceiver, startEnvelopeReceiver } from "../testing/receiver.js";
import { createAlertmanagerWebhookHandler, levelOfSeverity } from "./alertmanager-bridge.js";
import { alertmanagerAlert, alertmanagerWebhookBody } from "./fixtures/alertmanager-payloads.js";
import type { AlertWebhookOutcome } from "./http.js";

const TOKEN = "alertmanager-webhook-token-0123";

let receiver: EnvelopeReceiver;
let handle: ObservabilityHandle;
const outcomes: AlertWebhookOutcome[] = [];
const handler = createAlertmanagerWebhookHandler({
  token: TOKEN,
  metrics: { recordAlertWebhook: (_source, outcome) => outcomes.push(outcome) },
});

beforeAll(async () => {
  receiver = await startEnvelopeReceiver();
  handle = init({
    service: "alert-bridge-test",
    dsn: receiver.dsn,
    environment: "test",
    release: "r1",
    tracesSampleRate: 0,
    flushOnShutdown: false,
    env: {},
    sentry: { enableRuntimeChannelInjection: false },
  });
});

afterAll(async () => {
  await handle.close(2000);
  await receiver.close();
});

beforeEach(() => {
  receiver.reset();
  outcomes.length = 0;
});

function webhook(body: unknown, authorization: string | null = `Bearer ${TOKEN}`) {
  return new Request("http://127.0.0.1/api/alerts/alertmanager", {
    method: "POST",
    headers: {
      "content-type": "application/json",
      ...(authorization !== null ? { authorization } : {}),
    },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

describe("Alertmanager webhook → Sentry (real SDK, local receiver)", () => {
  it("captures one event per alert: level from severity, tags from labels, one issue per alert name", async () => {
    const response = await handler(
      webhook(
        alertmanagerWebhookBody([
          alertmanagerAlert({ severity: "critical", labels: { instance: "worker-1" } }),
          alertmanagerAlert({ severity: "warning", labels: { instance: "worker-2" } }),
        ]),
      ),
    );
    expect(response.status).toBe(200);
    const { captured } = (await response.json()) as { captured: string[] };
    expect(captured).toHaveLength(2);
    await receiver.until(() => receiver.events().length === 2, 10_000);
    const [first, second] = captured.map((id) =>
      receiver.events().find((event) => event.event_id === id),
    );
    expect(first?.level).toBe("fatal");
    expect(second?.level).toBe("warning");
    expect(first?.fingerprint).toEqual(["alertmanager", "JobFailuresHigh"]);
    expect(second?.fingerprint).toEqual(first?.fingerprint);
    expect(first?.message).toMatch(
      /^\[FIRING\] JobFailuresHigh: process-email fails more than 10 % of runs \([0-9a-f]{16}\)$/,
    );
    expect(first?.tags).toMatchObject({
      alertname: "JobFailuresHigh",
      severity: "critical",
      service: "worker",
      environment: "production",
      job: "process-email",
      instance: "worker-1",
      alert_status: "firing",
      alert_source: "alertmanager",
    });
    expect(second?.tags?.instance).toBe("worker-2");
    expect(first?.extra?.alertmanager_fingerprint).toMatch(/^[0-9a-f]{16}$/);
    expect(outcomes).toEqual(["captured"]);
  });

  it("marks a resolved alert as resolved, at info level", async () => {
    const response = await handler(
      webhook(alertmanagerWebhookBody([alertmanagerAlert({ status: "resolved" })])),
    );
    expect(response.status).toBe(200);
    const event = await receiver.waitForEvent(() => true, 10_000);
    expect(event.level).toBe("info");
    expect(event.tags?.alert_status).toBe("resolved");
    expect(event.message).toMatch(/^\[RESOLVED\] JobFailuresHigh/);
    expect(event.fingerprint).toEqual(["alertmanager", "JobFailuresHigh"]);
  });

  it("lets nothing of the request's scope or of another alert leak into an alert's event", async () => {
    await Sentry.withIsolationScope(async (scope) => {
      scope.setTag("merchant_id", "m-should-not-leak");
      const response = await handler(
        webhook(
          alertmanagerWebhookBody([
            alertmanagerAlert({ alertname: "A", labels: { only_a: "yes" } }),
            alertmanagerAlert({ alertname: "B" }),
          ]),
        ),
      );
      expect(response.status).toBe(200);
    });
    await receiver.until(() => receiver.events().length === 2, 10_000);
    const b = receiver.events().find((event) => event.tags?.alertname === "B");
    expect(b?.tags?.only_a).toBeUndefined();
    for (const event of receiver.events()) expect(event.tags?.merchant_id).toBeUndefined();
  });

  it("skips alerts that came from Sentry (source=sentry), so nothing loops", async () => {
    const response = await handler(
      webhook(alertmanagerWebhookBody([alertmanagerAlert({ labels: { source: "sentry" } })])),
    );
    expect(await response.json()).toEqual({ captured: [], skipped: 1 });
    expect(outcomes).toEqual(["ignored"]);
    await Sentry.flush(2000);
    expect(receiver.events()).toEqual([]);
  });

  it("refuses a missing or wrong token with 401 and captures nothing", async () => {
    const body = alertmanagerWebhookBody([alertmanagerAlert({})]);
    for (const authorization of [null, `Bearer ${TOKEN}x`, `Basic ${TOKEN}`]) {
      expect((await handler(webhook(body, authorization))).status).toBe(401);
    }
    expect(outcomes).toEqual(["unauthorized", "unauthorized", "unauthorized"]);
    await Sentry.flush(2000);
    expect(receiver.events()).toEqual([]);
  });

  it("answers 400 naming the field for a malformed body", async () => {
    const errorOf = async (body: unknown) => {
      const response = await handler(webhook(body));
      expect(response.status).toBe(400);
      return ((await response.json()) as { error: { fields: Record<string, string> } }).error
        .fields;
    };
    expect(await errorOf("{")).toEqual({ "(root)": "must be a JSON document" });
    const body = alertmanagerWebhookBody([alertmanagerAlert({})]);
    expect(Object.keys(await errorOf({ ...body, version: "3" }))).toEqual(["version"]);
    const noName = alertmanagerAlert({});
    const { alertname: _dropped, ...labels } = noName.labels;
    expect(await errorOf({ ...body, alerts: [{ ...noName, labels }] })).toEqual({
      "alerts.0.labels": "must include alertname",
    });
    expect(Object.keys(await errorOf({ ...body, alerts: [{ ...noName, status: "on" }] }))).toEqual([
      "alerts.0.status",
    ]);
    expect(outcomes).toEqual(["invalid", "invalid", "invalid", "invalid"]);
  });
});

describe("levelOfSeverity", () => {
  it.each([
    ["critical", "fatal"],
    ["page", "fatal"],
    ["error", "error"],
    ["warning", "warning"],
    ["ticket", "warning"],
    ["info", "info"],
    [undefined, "info"],
  ] as const)("severity %s is Sentry level %s", (severity, level) => {
    expect(levelOfSeverity(severity)).toBe(level);
  });
});
