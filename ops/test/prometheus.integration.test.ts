/**
 * A real Prometheus (Debian's `prometheus`) scraping a real worker (`node src/main.ts`, as
 * `pnpm start` runs it, on a fresh test database) with the worker job of
 * ops/prometheus/prometheus.yml and every rule file: the target is up, the worker's metrics
 * arrive with our labels (service, environment, release, and the pg-boss job name as `job`), a
 * traced job run leaves its trace id as an exemplar (what Grafana links to Sentry), every rule
 * evaluates without error, and every query of the Grafana dashboards runs without error.
 */
import { randomBytes } from "node:crypto";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  type ConnectableDatabase,
  connectableUrl,
  createTestDatabase,
  type TestDatabase,
} from "@po-pro/db/testing";
import { type EnvelopeReceiver, startEnvelopeReceiver } from "@po-pro/observability/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import type { PoProDashboard } from "../grafana/schema.js";
import { freePort, type RunningProcess, startProcess, waitFor } from "./servers.js";

const ops = join(dirname(fileURLToPath(import.meta.url)), "..");
const WORKER_ROOT = join(ops, "../apps/worker");
const ENVIRONMENT = "ops-test";
const RELEASE = `ops-test-${randomBytes(4).toString("hex")}`;
const SECRET = randomBytes(24).toString("hex");
const TRACE_ID = randomBytes(16).toString("hex");

let dir: string;
let database: TestDatabase | undefined;
let served: ConnectableDatabase | undefined;
let receiver: EnvelopeReceiver | undefined;
let worker: RunningProcess | undefined;
let prometheus: RunningProcess | undefined;
let workerUrl: string;
let prometheusUrl: string;

interface ScrapeConfig {
  job_name: string;
  [key: string]: unknown;
}

/** The compose config's worker job, pointed at one local worker; the repository's rule files. */
async function prometheusConfig(workerPort: number): Promise<string> {
  const compose = parse(await readFile(join(ops, "prometheus/prometheus.yml"), "utf8")) as {
    scrape_configs: ScrapeConfig[];
  };
  const job = compose.scrape_configs.find((c) => c.job_name === "worker");
  if (job === undefined) throw new Error("no worker job in ops/prometheus/prometheus.yml");
  const { dns_sd_configs: _dns, ...rest } = job;
  return stringify({
    global: { scrape_interval: "1s", scrape_timeout: "1s", evaluation_interval: "1s" },
    rule_files: [join(ops, "prometheus/rules/*.yml")],
    scrape_configs: [{ ...rest, static_configs: [{ targets: [`127.0.0.1:${workerPort}`] }] }],
  });
}

type Sample = { metric: Record<string, string>; value: [number, string] };

async function query(expr: string): Promise<Sample[]> {
  const response = await fetch(`${prometheusUrl}/api/v1/query`, {
    method: "POST",
    body: new URLSearchParams({ query: expr }),
  });
  const body = (await response.json()) as {
    status: string;
    error?: string;
    data?: { resultType: string; result: Sample[] | [number, string] };
  };
  if (body.status !== "success") throw new Error(`${expr}: ${body.error ?? response.status}`);
  const result = body.data?.result ?? [];
  // Scalars (a panel may compute one) come back as [time, value].
  return body.data?.resultType === "scalar" ? [] : (result as Sample[]);
}

const logs = () =>
  `--- worker ---\n${worker?.output().slice(-4000)}\n--- prometheus ---\n${prometheus?.output().slice(-2000)}`;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "po-pro-prometheus-"));
  database = await createTestDatabase();
  served = await connectableUrl(database);
  receiver = await startEnvelopeReceiver();

  const workerPort = await freePort();
  workerUrl = `http://127.0.0.1:${workerPort}`;
  worker = startProcess(
    process.execPath,
    ["--conditions=@po-pro/source", "--import", "tsx", "src/main.ts"],
    {
      cwd: WORKER_ROOT,
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        DATABASE_URL: served.url,
        WORKER_HOST: "127.0.0.1",
        WORKER_PORT: String(workerPort),
        WORKER_TRIGGER_SECRET: SECRET,
        WORKER_SCHEDULES: "false",
        WORKER_SHUTDOWN_SECONDS: "5",
        MAILBOX_PROVIDER: "local",
        DEMO_ORDERS: "0",
        SUPPLIER_SIMULATOR: "false",
        LOG_FORMAT: "json",
        SENTRY_DSN: receiver.dsn,
        SENTRY_ENVIRONMENT: ENVIRONMENT,
        SENTRY_RELEASE: RELEASE,
        SENTRY_TRACES_SAMPLE_RATE: "1",
      },
    },
  );

  const prometheusPort = await freePort();
  prometheusUrl = `http://127.0.0.1:${prometheusPort}`;
  await writeFile(join(dir, "prometheus.yml"), await prometheusConfig(workerPort));
  prometheus = startProcess("prometheus", [
    `--config.file=${join(dir, "prometheus.yml")}`,
    `--storage.tsdb.path=${join(dir, "data")}`,
    `--web.listen-address=127.0.0.1:${prometheusPort}`,
    "--enable-feature=exemplar-storage",
  ]);

  await waitFor(
    "the worker to be ready",
    async () => (await fetch(`${workerUrl}/ready`)).ok,
    60_000,
    logs,
  );
  await waitFor(
    "Prometheus to be ready",
    async () => (await fetch(`${prometheusUrl}/-/ready`)).ok,
    20_000,
    logs,
  );
}, 90_000);

afterAll(async () => {
  await Promise.allSettled([worker?.stop(), prometheus?.stop()]);
  await receiver?.close();
  await served?.close();
  await database?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe("Prometheus scraping the worker", () => {
  it("scrapes the worker's target with the worker job's labels", async () => {
    type Target = { health: string; labels: Record<string, string>; lastError: string };
    const target = await waitFor(
      "the worker target to be up",
      async () => {
        const body = (await (await fetch(`${prometheusUrl}/api/v1/targets`)).json()) as {
          data: { activeTargets: Target[] };
        };
        const [first] = body.data.activeTargets;
        return first?.health === "up" ? first : undefined;
      },
      20_000,
      logs,
    );
    expect(target.labels).toMatchObject({ job: "worker", service: "worker" });
    expect(await query('up{job="worker", service="worker"} == 1')).toHaveLength(1);
  });

  it("receives the worker's metrics with service, environment and release", async () => {
    const [sample] = await waitFor("po_pro_database_up", async () => {
      const samples = await query("po_pro_database_up");
      return samples.length > 0 ? samples : undefined;
    });
    expect(sample?.metric).toMatchObject({
      service: "worker",
      environment: ENVIRONMENT,
      release: RELEASE,
      job: "worker",
    });
    expect(sample?.value[1]).toBe("1");
    const depth = await query(`po_pro_queue_depth{queue="process-email", release="${RELEASE}"}`);
    expect(depth).toHaveLength(1);
    // EmailPollerMissed and the dashboard's environment variable read the process start time.
    const started = await query(
      `po_pro_process_start_time_seconds{service="worker", environment="${ENVIRONMENT}"}`,
    );
    expect(started).toHaveLength(1);
  });

  it("keeps the job name as `job` and the trace id as an exemplar of a traced job run", async () => {
    const response = await fetch(`${workerUrl}/jobs/requeue-stalled`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${SECRET}`,
        "content-type": "application/json",
        "sentry-trace": `${TRACE_ID}-${randomBytes(8).toString("hex")}-1`,
        baggage: `sentry-trace_id=${TRACE_ID},sentry-sampled=true,sentry-environment=${ENVIRONMENT}`,
      },
      body: "{}",
    });
    expect(response.status).toBe(202);

    const [success] = await waitFor(
      "the job's last success in Prometheus",
      async () => {
        const samples = await query(
          'po_pro_job_last_success_timestamp_seconds{job="requeue-stalled", service="worker"}',
        );
        return samples.length > 0 ? samples : undefined;
      },
      20_000,
      logs,
    );
    expect(Number(success?.value[1])).toBeGreaterThan(Date.now() / 1000 - 120);

    type Exemplars = { data: { exemplars: { labels: Record<string, string> }[] }[] };
    const exemplars = await waitFor("the run's exemplar", async () => {
      const now = Date.now() / 1000;
      const params = new URLSearchParams({
        query: 'po_pro_job_runs_total{job="requeue-stalled"}',
        start: String(now - 300),
        end: String(now + 60),
      });
      const body = (await (
        await fetch(`${prometheusUrl}/api/v1/query_exemplars?${params}`)
      ).json()) as Exemplars;
      const found = body.data.flatMap((series) => series.exemplars);
      return found.length > 0 ? found : undefined;
    });
    expect(exemplars.map((e) => e.labels.trace_id)).toContain(TRACE_ID);
  });

  it("evaluates every recording and alerting rule without error", async () => {
    type Rule = { name: string; type: string; health: string; lastError?: string };
    const files = (await readdir(join(ops, "prometheus/rules"))).filter((f) => f.endsWith(".yml"));
    const expected = (
      await Promise.all(
        files.map(async (f) => {
          const { groups } = parse(await readFile(join(ops, "prometheus/rules", f), "utf8")) as {
            groups: { rules: unknown[] }[];
          };
          return groups.flatMap((g) => g.rules);
        }),
      )
    ).flat().length;
    const rules = await waitFor("every rule to have been evaluated", async () => {
      const body = (await (await fetch(`${prometheusUrl}/api/v1/rules`)).json()) as {
        data: { groups: { rules: Rule[] }[] };
      };
      const all = body.data.groups.flatMap((g) => g.rules);
      return all.length === expected && all.every((r) => r.health !== "unknown") ? all : undefined;
    });
    expect(rules.filter((r) => r.health !== "ok")).toEqual([]);
    expect(rules.filter((r) => r.type === "alerting").length).toBeGreaterThanOrEqual(14);

    // A recording rule computed from the worker's own series.
    const ages = await waitFor("the last-success recording rule", async () => {
      const samples = await query(
        `time() - job:po_pro_job_last_success_timestamp_seconds:max{environment="${ENVIRONMENT}"}`,
      );
      return samples.length > 0 ? samples : undefined;
    });
    expect(ages.map((s) => s.metric.job)).toContain("requeue-stalled");
  });

  it("runs every query of the Grafana dashboards without error", async () => {
    const folder = join(ops, "grafana/dashboards");
    const names = (await readdir(folder)).filter((f) => f.endsWith(".json"));
    const exprs: { where: string; expr: string }[] = [];
    for (const name of names) {
      const dashboard = JSON.parse(await readFile(join(folder, name), "utf8")) as PoProDashboard;
      for (const panel of dashboard.panels) {
        if (panel.type === "row") continue;
        for (const target of panel.targets)
          exprs.push({ where: `${name}: ${panel.title}`, expr: target.expr });
      }
    }
    expect(exprs.length).toBeGreaterThan(10);
    const failures: string[] = [];
    for (const { where, expr } of exprs) {
      // Grafana's variables, as Grafana would fill them in.
      const filled = expr
        .replaceAll("$__rate_interval", "1m")
        .replaceAll("$environment", ENVIRONMENT);
      expect(filled, where).not.toContain("$");
      await query(filled).catch((error: unknown) => failures.push(`${where}: ${String(error)}`));
    }
    expect(failures).toEqual([]);
  });
});
