/**
 * ops/alertmanager/alertmanager.yml as Alertmanager runs it: amtool's routing tree for
 * representative label sets, then a real `prometheus-alertmanager` on 127.0.0.1 holding back a
 * symptom while its cause fires, and posting the cause to the bridge with the bearer token from
 * its credentials file. The bridge (the dashboard's POST /api/alerts/alertmanager) is played by
 * a local server that records what it receives.
 */
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createServer, type IncomingMessage, type Server } from "node:http";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort, type RunningProcess, startProcess, waitFor } from "./servers.js";

const run = promisify(execFile);
const CONFIG = join(dirname(fileURLToPath(import.meta.url)), "../alertmanager/alertmanager.yml");
const BRIDGE_URL = "http://web:3000/api/alerts/alertmanager";
const TOKEN_FILE = "/run/secrets/alertmanager_webhook_token";

async function receiverFor(labels: Record<string, string>): Promise<string> {
  const pairs = Object.entries(labels).map(([name, value]) => `${name}=${value}`);
  const { stdout } = await run("amtool", [
    "config",
    "routes",
    "test",
    "--config.file",
    CONFIG,
    ...pairs,
  ]);
  return stdout.trim();
}

describe("Alertmanager routing (amtool config routes test)", () => {
  it.each([
    [{ alertname: "QueueStalled", severity: "page", service: "worker" }, "worker-page"],
    [{ alertname: "HighErrorRate", severity: "page", service: "web" }, "web-page"],
    [{ alertname: "DeadJobs", severity: "ticket", service: "worker" }, "worker-ticket"],
    [{ alertname: "SlowOrdersApi", severity: "ticket", service: "web" }, "web-ticket"],
    // A service without a route of its own still pages; an alert without severity reaches Sentry.
    [{ alertname: "TargetDown", severity: "page", service: "billing" }, "page"],
    [{ alertname: "Watchdog" }, "sentry"],
    // What the bridge brought from Sentry never goes back to it, whatever its severity.
    [{ alertname: "Gmail API down", severity: "critical", source: "sentry" }, "from-sentry"],
  ])("%o goes to %s", async (labels, receiver) => {
    expect(await receiverFor(labels)).toBe(receiver);
  });

  it("every receiver but from-sentry posts to the bridge with a bearer token from a file", async () => {
    const config = await readFile(CONFIG, "utf8");
    expect(config).toContain(`url: ${BRIDGE_URL}`);
    expect(config).toContain(`credentials_file: ${TOKEN_FILE}`);
    const { stdout } = await run("amtool", ["check-config", CONFIG]);
    expect(stdout).toContain("8 receivers");
  });
});

interface Delivery {
  authorization: string | undefined;
  body: {
    receiver: string;
    status: string;
    alerts: { status: string; labels: Record<string, string> }[];
  };
}

describe("a real Alertmanager with this config", () => {
  const token = randomBytes(24).toString("hex");
  const deliveries: Delivery[] = [];
  let dir: string;
  let bridge: Server;
  let alertmanager: RunningProcess | undefined;
  let base: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "po-pro-alertmanager-"));
    bridge = createServer((request: IncomingMessage, response) => {
      let body = "";
      request.on("data", (chunk: Buffer) => (body += chunk));
      request.on("end", () => {
        deliveries.push({
          authorization: request.headers.authorization,
          body: JSON.parse(body) as Delivery["body"],
        });
        response.writeHead(200).end("{}");
      });
    });
    await new Promise<void>((resolve) => bridge.listen(0, "127.0.0.1", resolve));
    const bridgePort = (bridge.address() as { port: number }).port;

    await writeFile(join(dir, "token"), `${token}\n`);
    const config = (await readFile(CONFIG, "utf8"))
      .replaceAll(BRIDGE_URL, `http://127.0.0.1:${bridgePort}/api/alerts/alertmanager`)
      .replaceAll(TOKEN_FILE, join(dir, "token"));
    await writeFile(join(dir, "alertmanager.yml"), config);

    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    alertmanager = startProcess("prometheus-alertmanager", [
      `--config.file=${join(dir, "alertmanager.yml")}`,
      `--storage.path=${join(dir, "data")}`,
      `--web.listen-address=127.0.0.1:${port}`,
      // No gossip: a single instance, no port of its own.
      "--cluster.listen-address=",
    ]);
    const am = alertmanager;
    await waitFor(
      "Alertmanager to be ready",
      async () => (await fetch(`${base}/-/ready`)).ok,
      20_000,
      () => am.output(),
    );
  });

  afterAll(async () => {
    await alertmanager?.stop();
    await new Promise((resolve) => bridge?.close(resolve));
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("holds back a symptom while its cause fires, and sends the cause to the bridge with the token", async () => {
    const endsAt = new Date(Date.now() + 10 * 60_000).toISOString();
    const alert = (labels: Record<string, string>) => ({
      labels,
      annotations: { summary: labels.alertname },
      endsAt,
    });
    const posted = await fetch(`${base}/api/v2/alerts`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify([
        alert({
          alertname: "TargetDown",
          severity: "page",
          service: "worker",
          environment: "test",
          instance: "10.0.0.7:8787",
          job: "worker",
        }),
        alert({
          alertname: "QueueStalled",
          severity: "page",
          service: "worker",
          environment: "test",
          queue: "process-email",
        }),
        // The same symptom elsewhere: its cause is not firing there.
        alert({
          alertname: "QueueStalled",
          severity: "page",
          service: "worker",
          environment: "staging",
          queue: "process-email",
        }),
      ]),
    });
    expect(posted.status).toBe(200);

    type Listed = {
      labels: Record<string, string>;
      status: { state: string; inhibitedBy: string[] };
    };
    const listed = await waitFor("the inhibition to apply", async () => {
      const alerts = (await (await fetch(`${base}/api/v2/alerts`)).json()) as Listed[];
      const inhibited = alerts.find(
        (a) => a.labels.alertname === "QueueStalled" && a.labels.environment === "test",
      );
      return inhibited?.status.state === "suppressed" ? alerts : undefined;
    });
    const state = (alertname: string, environment: string) =>
      listed.find((a) => a.labels.alertname === alertname && a.labels.environment === environment)
        ?.status;
    expect(state("QueueStalled", "test")?.inhibitedBy).toHaveLength(1);
    expect(state("QueueStalled", "staging")).toMatchObject({ state: "active", inhibitedBy: [] });
    expect(state("TargetDown", "test")).toMatchObject({ state: "active", inhibitedBy: [] });

    // Pages wait 10 s (group_wait) before the first notification.
    await waitFor("both pages at the bridge", async () => deliveries.length >= 2, 30_000);
    for (const delivery of deliveries) {
      expect(delivery.authorization).toBe(`Bearer ${token}`);
      expect(delivery.body.receiver).toBe("worker-page");
      expect(delivery.body.status).toBe("firing");
    }
    const sent = deliveries.flatMap((d) =>
      d.body.alerts.map((a) => `${a.labels.alertname}/${a.labels.environment}`),
    );
    expect(sent.sort()).toEqual(["QueueStalled/staging", "TargetDown/test"]);
  });
});
