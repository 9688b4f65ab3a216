import { type ChildProcess, spawn } from "node:child_process";
import { createHmac } from "node:crypto";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { createApiToken, revokeApiToken } from "@po-pro/db";
import { queryRows } from "@po-pro/db/testing";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { orderListJson } from "../src/server/api/orders-schema";
import { freePort, queuedJobs, signIn, startWebHarness, type WebHarness } from "./harness";

const CRON_SECRET = "cron-secret-0123456789abcdef";
const TRIGGER_SECRET = "worker-trigger-secret-0123456789";
const METRICS_TOKEN = "metrics-token-0123456789abcdef";
const SENTRY_WEBHOOK_SECRET = "sentry-client-secret-0123456789";
const ALERTMANAGER_WEBHOOK_TOKEN = "alertmanager-token-0123456789";
const workerDir = join(dirname(fileURLToPath(import.meta.url)), "../../worker");

let h: WebHarness;
let worker: ChildProcess;
let workerOutput = "";
let cookieA: string;

async function startWorker(port: number): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    ["--conditions=@po-pro/source", "--import", "tsx", "src/main.ts"],
    {
      cwd: workerDir,
      env: {
        PATH: process.env.PATH,
        NODE_ENV: "production",
        DATABASE_URL: h.databaseUrl,
        WORKER_HOST: "127.0.0.1",
        WORKER_PORT: String(port),
        WORKER_TRIGGER_SECRET: TRIGGER_SECRET,
        WORKER_SCHEDULES: "false",
        SUPPLIER_SIMULATOR: "false",
        DEMO_ORDERS: "0",
        LOG_LEVEL: "warn",
        SENTRY_DSN: h.receiver.dsn,
        SENTRY_ENVIRONMENT: "test",
        SENTRY_TRACES_SAMPLE_RATE: "1",
      },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  child.stdout?.on("data", (chunk: Buffer) => (workerOutput += chunk));
  child.stderr?.on("data", (chunk: Buffer) => (workerOutput += chunk));
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the worker exited:\n${workerOutput}`);
    try {
      if ((await fetch(`http://127.0.0.1:${port}/health`)).ok) return child;
    } catch {}
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`the worker did not answer within 60 s:\n${workerOutput}`);
}

beforeAll(async () => {
  const workerPort = await freePort();
  h = await startWebHarness({
    env: {
      CRON_SECRET,
      WORKER_URL: `http://127.0.0.1:${workerPort}`,
      WORKER_TRIGGER_SECRET: TRIGGER_SECRET,
      METRICS_TOKEN,
      SENTRY_WEBHOOK_SECRET,
      // Nothing listens there: the bridge must answer 502 promptly (the real Alertmanager is in
      // @po-pro/observability's test:ops).
      ALERTMANAGER_URL: `http://127.0.0.1:${await freePort()}`,
      ALERTMANAGER_WEBHOOK_TOKEN,
    },
  });
  worker = await startWorker(workerPort);
  cookieA = await signIn(h.baseUrl, h.merchantA.email);
});

afterAll(async () => {
  if (worker && worker.exitCode === null) {
    const exited = new Promise((r) => worker.once("exit", r));
    worker.kill("SIGTERM");
    await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
    if (worker.exitCode === null) worker.kill("SIGKILL");
  }
  await h?.close();
});

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describe("/api/orders with an API token", () => {
  it("answers the token's merchant only, in the documented shape", async () => {
    const a = await createApiToken(h.db, h.merchantA.merchantId, { name: "ERP" });
    const b = await createApiToken(h.db, h.merchantB.merchantId, { name: "B's ERP" });
    const asA = await fetch(`${h.baseUrl}/api/orders?limit=200`, { headers: bearer(a.token) });
    expect(asA.status).toBe(200);
    const listA = orderListJson.parse(await asA.json());
    expect(listA.orders.length).toBeGreaterThan(1);
    expect(listA.orders.map((o) => o.poNumber)).not.toContain(h.merchantB.poNumber);
    const asB = orderListJson.parse(
      await (await fetch(`${h.baseUrl}/api/orders`, { headers: bearer(b.token) })).json(),
    );
    expect(asB.orders.map((o) => o.poNumber)).toEqual([h.merchantB.poNumber]);
  });

  it("refuses a revoked or unknown token, even beside a valid session cookie", async () => {
    const { token, summary } = await createApiToken(h.db, h.merchantA.merchantId, { name: "old" });
    await revokeApiToken(h.db, h.merchantA.merchantId, summary.id);
    for (const headers of [
      bearer(token),
      bearer("popro_not-a-token"),
      { authorization: "Basic abc" },
      { ...bearer("popro_not-a-token"), cookie: cookieA },
    ]) {
      const response = await fetch(`${h.baseUrl}/api/orders`, { headers });
      expect(response.status).toBe(401);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe(
        "unauthenticated",
      );
    }
  });
});

describe("/api/openapi.json", () => {
  it("documents the API from the routes' own schemas", async () => {
    const response = await fetch(`${h.baseUrl}/api/openapi.json`);
    expect(response.status).toBe(200);
    const doc = (await response.json()) as {
      openapi: string;
      servers: { url: string }[];
      paths: Record<string, Record<string, { parameters?: { name: string; in: string }[] }>>;
      components: { schemas: Record<string, unknown>; securitySchemes: Record<string, unknown> };
    };
    expect(doc.openapi).toBe("3.1.0");
    expect(doc.servers[0]?.url).toBe(h.baseUrl);
    const orderParams = doc.paths["/api/orders"]?.get?.parameters ?? [];
    expect(orderParams.map((p) => `${p.in}:${p.name}`).sort()).toEqual([
      "query:after",
      "query:limit",
      "query:q",
      "query:status",
    ]);
    expect(Object.keys(doc.paths["/api/suppliers"] ?? {}).sort()).toEqual(["get", "post"]);
    expect(Object.keys(doc.components.schemas)).toEqual(
      expect.arrayContaining([
        "OrderSummary",
        "OrderList",
        "Error",
        "Supplier",
        "SupplierList",
        "SupplierCreated",
        "NewSupplier",
      ]),
    );
    expect(Object.keys(doc.components.securitySchemes)).toContain("apiToken");
  });
});

describe("/api/health", () => {
  it("reports the database reachable and the release, to anyone", async () => {
    const response = await fetch(`${h.baseUrl}/api/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      status: "ok",
      release: "web-test",
      checks: { database: "ok" },
    });
  });
});

describe("/api/metrics", () => {
  it("is refused without METRICS_TOKEN", async () => {
    expect((await fetch(`${h.baseUrl}/api/metrics`)).status).toBe(401);
    expect(
      (await fetch(`${h.baseUrl}/api/metrics`, { headers: bearer(`${METRICS_TOKEN}x`) })).status,
    ).toBe(401);
  });

  it("serves OpenMetrics with the API's requests and the Sentry events it sent", async () => {
    await fetch(`${h.baseUrl}/api/orders`, { headers: { cookie: cookieA } });
    await fetch(`${h.baseUrl}/api/orders?limit=abc`, { headers: { cookie: cookieA } });
    await fetch(`${h.baseUrl}/api/sentry-example`);
    await h.receiver.waitForEvent((e) => e.tags?.service === "web" && e.level === "error", 15_000);
    const response = await fetch(`${h.baseUrl}/api/metrics`, { headers: bearer(METRICS_TOKEN) });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("application/openmetrics-text");
    const text = await response.text();
    const context = text
      .split("\n")
      .filter((line) => line.startsWith("po_pro_"))
      .join("\n");
    /** The value of `metric`'s sample carrying every one of `labels` (in whatever order). */
    const sample = (metric: string, labels: string[]) => {
      const line = text
        .split("\n")
        .find((l) => l.startsWith(`${metric}{`) && labels.every((label) => l.includes(label)));
      return Number(line?.split("} ")[1]?.split(" ")[0] ?? "NaN");
    };
    const api = ['route="/api/orders"', 'method="GET"'];
    const histogram = "po_pro_http_request_duration_seconds_count";
    expect(sample(histogram, [...api, 'status="2xx"']), context).toBeGreaterThanOrEqual(1);
    expect(sample(histogram, [...api, 'status="4xx"']), context).toBeGreaterThanOrEqual(1);
    expect(sample("po_pro_sentry_events_total", ['level="error"']), context).toBeGreaterThanOrEqual(
      1,
    );
    // Exemplars link a latency bucket to the Sentry trace of a request that fell in it.
    expect(text).toMatch(
      /po_pro_http_request_duration_seconds_bucket\{[^}]*\} \d+ # \{trace_id="[0-9a-f]{32}"\}/,
    );
    expect(text).toMatch(/service="web"/);
    expect(text).toMatch(/environment="test"/);
    expect(text).toMatch(/release="web-test"/);
    expect(text).toContain("# EOF");
  });
});

describe("/api/cron/[job]", () => {
  const cron = (job: string, headers: Record<string, string> = {}) =>
    fetch(`${h.baseUrl}/api/cron/${job}`, { headers });

  it("refuses a missing or wrong secret and starts nothing", async () => {
    const before = (await queuedJobs(h.db, "email-poller")).length;
    for (const headers of [{}, bearer(`${CRON_SECRET}x`), bearer(CRON_SECRET.slice(0, -1))]) {
      const response = await cron("email-poller", headers);
      expect(response.status).toBe(401);
    }
    expect((await queuedJobs(h.db, "email-poller")).length).toBe(before);
  });

  it("starts only scheduled jobs", async () => {
    for (const job of ["send-po", "no-such-job", "..%2Fhealth"]) {
      const response = await cron(job, bearer(CRON_SECRET));
      expect(response.status, job).toBe(404);
    }
  });

  it("starts the job on the worker, continuing the cron request's trace", async () => {
    const response = await cron("approval-reminders", bearer(CRON_SECRET));
    expect(response.status, workerOutput).toBe(202);
    const started = (await response.json()) as { job: string; id: string };
    expect(started.job).toBe("approval-reminders");
    const job = await queryRows<{ name: string }>(
      h.db,
      sql`select name from pgboss.job where id = ${started.id}`,
    );
    expect(job).toEqual([{ name: "approval-reminders" }]);

    // Both services stream spans: the cron request's server span in the web app, and the trigger's
    // transaction in the worker, which must belong to the same trace.
    const spans = () => h.receiver.spans();
    const workerTrigger = () => spans().find((s) => s.name === "POST /jobs/approval-reminders");
    const webCron = () =>
      spans().find(
        (s) =>
          s.is_segment && /\/api\/cron\//.test(s.name) && s.trace_id === workerTrigger()?.trace_id,
      );
    await h.receiver
      .until(() => webCron() !== undefined, 20_000)
      .catch((e) => {
        throw new Error(`${e}: ${JSON.stringify(spans().map((s) => [s.name, s.trace_id]))}`);
      });
    // …as a child of a span the web app sent (the route's execution), not a fresh root.
    const parent = spans().find((s) => s.span_id === workerTrigger()?.parent_span_id);
    expect(parent?.trace_id).toBe(webCron()?.trace_id);
    expect(parent?.name).toMatch(/\/api\/cron\/\[job\]/);
  });
});

describe("/api/alerts/*", () => {
  const sentryHook = (body: string, signature: string, resource = "event_alert") =>
    fetch(`${h.baseUrl}/api/alerts/sentry`, {
      method: "POST",
      redirect: "manual",
      headers: {
        "content-type": "application/json",
        "sentry-hook-resource": resource,
        "sentry-hook-signature": signature,
        "request-id": crypto.randomUUID(),
      },
      body,
    });
  const sign = (body: string) =>
    createHmac("sha256", SENTRY_WEBHOOK_SECRET).update(body).digest("hex");
  const eventAlert = JSON.stringify({
    action: "triggered",
    data: {
      triggered_rule: "Gmail API down",
      event: { title: "token refresh failed", level: "error", tags: [["category", "gmail"]] },
    },
  });
  const alertmanagerHook = (body: unknown, token = ALERTMANAGER_WEBHOOK_TOKEN) =>
    fetch(`${h.baseUrl}/api/alerts/alertmanager`, {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "application/json", ...bearer(token) },
      body: JSON.stringify(body),
    });
  const alertmanagerBody = {
    version: "4",
    status: "firing",
    receiver: "po-pro-sentry",
    groupLabels: { alertname: "WebBridgeCheck" },
    alerts: [
      {
        status: "firing",
        labels: { alertname: "WebBridgeCheck", severity: "critical", service: "worker" },
        annotations: { summary: "checked through the web route" },
        startsAt: new Date().toISOString(),
        endsAt: "0001-01-01T00:00:00Z",
        fingerprint: "0123456789abcdef",
      },
    ],
  };

  it("refuses an unsigned or wrongly signed Sentry webhook with 401 (never a sign-in redirect)", async () => {
    for (const signature of ["", sign(`${eventAlert} `), "ab"]) {
      const response = await sentryHook(eventAlert, signature);
      expect(response.status).toBe(401);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe(
        "invalid_signature",
      );
    }
  });

  it("answers 400 naming the field for a signed but malformed Sentry webhook", async () => {
    const body = JSON.stringify({ action: "triggered", data: { event: {} } });
    const response = await sentryHook(body, sign(body));
    expect(response.status).toBe(400);
    const { error } = (await response.json()) as { error: { fields: Record<string, string> } };
    expect(Object.keys(error.fields)).toEqual(["data.triggered_rule"]);
  });

  it("answers 502 promptly when Alertmanager is unreachable, so Sentry delivers again", async () => {
    const started = performance.now();
    const response = await sentryHook(eventAlert, sign(eventAlert));
    expect(response.status).toBe(502);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe(
      "alertmanager_unavailable",
    );
    // Sentry counts a webhook answered after 1 s as timed out.
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it("turns an Alertmanager alert into a Sentry event, one issue per alert name", async () => {
    expect(
      (await alertmanagerHook(alertmanagerBody, `${ALERTMANAGER_WEBHOOK_TOKEN}x`)).status,
    ).toBe(401);
    const response = await alertmanagerHook(alertmanagerBody);
    expect(response.status).toBe(200);
    const event = await h.receiver.waitForEvent(
      (e) => e.tags?.alertname === "WebBridgeCheck",
      15_000,
    );
    expect(event.level).toBe("fatal");
    expect(event.fingerprint).toEqual(["alertmanager", "WebBridgeCheck"]);
    expect(event.tags).toMatchObject({ service: "worker", alert_status: "firing" });
    const invalid = await alertmanagerHook({ ...alertmanagerBody, alerts: [] });
    expect(invalid.status).toBe(400);
  });

  it("counts every outcome in po_pro_alert_webhooks_total at /api/metrics", async () => {
    const text = await (
      await fetch(`${h.baseUrl}/api/metrics`, { headers: bearer(METRICS_TOKEN) })
    ).text();
    const count = (source: string, outcome: string) =>
      Number(
        new RegExp(
          `^po_pro_alert_webhooks_total\\{[^}]*source="${source}"[^}]*outcome="${outcome}"[^}]*\\} (\\d+)`,
          "m",
        ).exec(text)?.[1] ?? "NaN",
      );
    expect(count("sentry", "unauthorized")).toBeGreaterThanOrEqual(3);
    expect(count("sentry", "invalid")).toBeGreaterThanOrEqual(1);
    expect(count("sentry", "upstream_error")).toBeGreaterThanOrEqual(1);
    expect(count("alertmanager", "captured")).toBeGreaterThanOrEqual(1);
    expect(count("alertmanager", "unauthorized")).toBeGreaterThanOrEqual(1);
    expect(count("alertmanager", "invalid")).toBeGreaterThanOrEqual(1);
  });
});
