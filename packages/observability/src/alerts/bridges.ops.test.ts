/**
 * Both bridges against a real Alertmanager (Debian's `prometheus-alertmanager` 0.25) on 127.0.0.1:
 * a signed Sentry webhook becomes an alert Alertmanager lists with our labels, and Alertmanager's
 * webhook receiver delivers an alert to the other bridge, whose Sentry event reaches a local
 * receiver through the real SDK.
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { createHmac } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { type AddressInfo, createServer as createNetServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { init, type ObservabilityHandle } from "../node/init.js";
import { type EnvelopeReceiver, startEnvelopeReceiver } from "../testing/receiver.js";
import { createAlertmanagerWebhookHandler } from "./alertmanager-bridge.js";
import { eventAlertPayload, metricAlertPayload } from "./fixtures/sentry-payloads.js";
import type { AlertWebhookOutcome } from "./http.js";
import { createSentryWebhookHandler } from "./sentry-bridge.js";

const SENTRY_SECRET = "sentry-client-secret-for-ops-test";
const AM_TOKEN = "alertmanager-webhook-token-for-ops";

function alertmanagerBinary(): string {
  for (const name of ["prometheus-alertmanager", "alertmanager"]) {
    try {
      return execFileSync("sh", ["-c", `command -v ${name}`], { encoding: "utf8" }).trim();
    } catch {}
  }
  throw new Error(
    "Alertmanager is not installed: `apt-get install prometheus-alertmanager` (.ci/run does)",
  );
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createNetServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
    server.once("error", reject);
  });
}

/** Serves a web-standard handler over node:http, as a framework would. */
function serve(handler: (request: Request) => Promise<Response>): Promise<Server> {
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", async () => {
      const headers = new Headers();
      for (const [name, value] of Object.entries(req.headers)) {
        if (typeof value === "string") headers.set(name, value);
      }
      const request = new Request(`http://127.0.0.1${req.url}`, {
        method: req.method ?? "GET",
        headers,
        ...(req.method === "POST" ? { body: Buffer.concat(chunks) } : {}),
      });
      const response = await handler(request);
      res.writeHead(response.status, Object.fromEntries(response.headers));
      res.end(Buffer.from(await response.arrayBuffer()));
    });
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

let dir: string;
let alertmanager: ChildProcess;
let amUrl: string;
let amOutput = "";
let bridge: Server;
let receiver: EnvelopeReceiver;
let handle: ObservabilityHandle;
const outcomes: string[] = [];
const metrics = {
  recordAlertWebhook: (source: string, outcome: AlertWebhookOutcome) =>
    outcomes.push(`${source}/${outcome}`),
};

beforeAll(async () => {
  receiver = await startEnvelopeReceiver();
  handle = init({
    service: "alert-bridge-ops-test",
    dsn: receiver.dsn,
    environment: "test",
    tracesSampleRate: 0,
    flushOnShutdown: false,
    env: {},
    sentry: { enableRuntimeChannelInjection: false },
  });
  bridge = await serve(createAlertmanagerWebhookHandler({ token: AM_TOKEN, metrics }));
  const bridgePort = (bridge.address() as AddressInfo).port;

  dir = mkdtempSync(join(tmpdir(), "po-pro-alertmanager-"));
  const config = join(dir, "alertmanager.yml");
  writeFileSync(
    config,
    [
      "route:",
      "  receiver: po-pro-sentry",
      "  group_by: [alertname]",
      "  group_wait: 0s",
      "  group_interval: 1s",
      "  repeat_interval: 1h",
      "  routes:",
      "    # Alerts that came from Sentry are not sent back to it.",
      "    - receiver: nobody",
      '      matchers: [source="sentry"]',
      "receivers:",
      "  - name: nobody",
      "  - name: po-pro-sentry",
      "    webhook_configs:",
      `      - url: http://127.0.0.1:${bridgePort}/api/alerts/alertmanager`,
      "        send_resolved: true",
      "        http_config:",
      "          authorization:",
      "            type: Bearer",
      `            credentials: ${AM_TOKEN}`,
      "",
    ].join("\n"),
  );
  const port = await freePort();
  amUrl = `http://127.0.0.1:${port}`;
  alertmanager = spawn(
    alertmanagerBinary(),
    [
      `--config.file=${config}`,
      `--storage.path=${join(dir, "data")}`,
      `--web.listen-address=127.0.0.1:${port}`,
      "--cluster.listen-address=",
      "--log.level=warn",
    ],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  alertmanager.stdout?.on("data", (chunk: Buffer) => (amOutput += chunk));
  alertmanager.stderr?.on("data", (chunk: Buffer) => (amOutput += chunk));
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (alertmanager.exitCode !== null) throw new Error(`alertmanager exited:\n${amOutput}`);
    try {
      if ((await fetch(`${amUrl}/-/ready`)).ok) break;
    } catch {}
    if (Date.now() > deadline) throw new Error(`alertmanager not ready in 20 s:\n${amOutput}`);
    await new Promise((r) => setTimeout(r, 100));
  }
});

afterAll(async () => {
  if (alertmanager && alertmanager.exitCode === null) {
    const exited = new Promise((r) => alertmanager.once("exit", r));
    alertmanager.kill("SIGTERM");
    await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
    if (alertmanager.exitCode === null) alertmanager.kill("SIGKILL");
  }
  bridge?.closeAllConnections();
  await new Promise((r) => bridge?.close(r));
  await handle?.close(2000);
  await receiver?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

interface GettableAlert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  generatorURL?: string;
  status: { state: string };
}

async function activeAlerts(filter: string): Promise<GettableAlert[]> {
  const url = new URL("/api/v2/alerts", amUrl);
  url.searchParams.append("filter", filter);
  const response = await fetch(url);
  expect(response.status).toBe(200);
  return (await response.json()) as GettableAlert[];
}

function signed(resource: string, payload: unknown): Request {
  const body = JSON.stringify(payload);
  return new Request("http://127.0.0.1/api/alerts/sentry", {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "sentry-hook-resource": resource,
      "sentry-hook-signature": createHmac("sha256", SENTRY_SECRET).update(body).digest("hex"),
      "request-id": crypto.randomUUID(),
    },
    body,
  });
}

describe("Sentry → real Alertmanager", () => {
  it("a signed issue alert arrives with our labels, annotations and generator URL", async () => {
    const handler = createSentryWebhookHandler({
      clientSecret: SENTRY_SECRET,
      alertmanager: { url: amUrl },
      metrics,
    });
    const response = await handler(signed("event_alert", eventAlertPayload()));
    expect(response.status, await response.clone().text()).toBe(200);
    const [alert, ...others] = await activeAlerts('alertname="Gmail API down"');
    expect(others).toEqual([]);
    expect(alert?.labels).toEqual({
      alertname: "Gmail API down",
      source: "sentry",
      severity: "error",
      service: "worker",
      environment: "production",
      category: "gmail",
      job: "email-poller",
      sentry_issue_id: "1117540176",
    });
    expect(alert?.annotations.summary).toBe("GmailApiError: token refresh failed");
    expect(alert?.generatorURL).toContain("/issues/1117540176/");
    expect(alert?.status.state).toBe("active");
    expect(outcomes).toContain("sentry/forwarded");
  });

  it("a metric alert fires, then Sentry's resolution ends it", async () => {
    const handler = createSentryWebhookHandler({
      clientSecret: SENTRY_SECRET,
      alertmanager: { url: amUrl },
      metrics,
    });
    expect((await handler(signed("metric_alert", metricAlertPayload("critical")))).status).toBe(
      200,
    );
    const firing = await activeAlerts('alertname="Error rate > 5%"');
    expect(firing.map((a) => a.labels.severity)).toEqual(["critical"]);
    expect(firing[0]?.labels).toMatchObject({ environment: "production", source: "sentry" });

    expect((await handler(signed("metric_alert", metricAlertPayload("resolved")))).status).toBe(
      200,
    );
    expect(await activeAlerts('alertname="Error rate > 5%"')).toEqual([]);
  });
});

describe("real Alertmanager → Sentry", () => {
  it("delivers a firing alert to the bridge's webhook, whose Sentry event reaches the receiver", async () => {
    const posted = await fetch(`${amUrl}/api/v2/alerts`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify([
        {
          labels: {
            alertname: "QueueBacklogHigh",
            severity: "warning",
            service: "worker",
            environment: "production",
          },
          annotations: { summary: "process-email has 500 jobs waiting" },
          startsAt: new Date().toISOString(),
          generatorURL: "http://prometheus:9090/graph?g0.expr=queue_depth",
        },
      ]),
    });
    expect(posted.status).toBe(200);
    const event = await receiver.waitForEvent(
      (e) => e.tags?.alertname === "QueueBacklogHigh",
      20_000,
    );
    expect(event.level).toBe("warning");
    expect(event.fingerprint).toEqual(["alertmanager", "QueueBacklogHigh"]);
    expect(event.tags).toMatchObject({
      service: "worker",
      environment: "production",
      severity: "warning",
      alert_status: "firing",
    });
    expect(event.message).toMatch(
      /^\[FIRING\] QueueBacklogHigh: process-email has 500 jobs waiting/,
    );
    expect(outcomes).toContain("alertmanager/captured");
    // The Sentry-made alerts above were routed elsewhere: none came back.
    expect(receiver.events().filter((e) => e.tags?.source === "sentry")).toEqual([]);
  });
});
