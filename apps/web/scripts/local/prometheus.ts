/**
 * A Prometheus scraping both apps, for `pnpm start` when the `prometheus` binary is on PATH: its
 * configuration is generated into the data directory with 127.0.0.1 targets, and loads the
 * repository's rule files (ops/prometheus/rules) when there are any.
 */
import { accessSync, constants, existsSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { delimiter, join } from "node:path";
import type { LocalProcesses, Say, Service } from "./processes";

export const PROMETHEUS_DEFAULT_PORT = 9090;

/** The `prometheus` executable on PATH, or undefined. */
export function findPrometheus(path = process.env.PATH ?? ""): string | undefined {
  for (const dir of path.split(delimiter)) {
    if (dir === "") continue;
    const candidate = join(dir, "prometheus");
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // Not here.
    }
  }
  return undefined;
}

export interface PrometheusTargets {
  /** host:port of the dashboard (scraped at /api/metrics). */
  web: string;
  /** host:port of the worker (scraped at /metrics). */
  worker: string;
  /** The dashboard's METRICS_TOKEN, when it has one. */
  webToken?: string;
}

/**
 * The configuration, as JSON (which YAML reads as is). A token goes in a file beside it (mode
 * 0600), not into the configuration.
 */
export function prometheusConfig(
  targets: PrometheusTargets,
  files: { rulesDir: string; webTokenFile: string; self: string },
): string {
  const rules =
    existsSync(files.rulesDir) &&
    readdirSync(files.rulesDir).some((f) => f.endsWith(".yml") || f.endsWith(".yaml"))
      ? [join(files.rulesDir, "*.yml"), join(files.rulesDir, "*.yaml")]
      : [];
  const config = {
    global: { scrape_interval: "5s", evaluation_interval: "5s" },
    rule_files: rules,
    scrape_configs: [
      {
        job_name: "web",
        metrics_path: "/api/metrics",
        ...(targets.webToken !== undefined
          ? { authorization: { credentials_file: files.webTokenFile } }
          : {}),
        static_configs: [{ targets: [targets.web], labels: { service: "web" } }],
      },
      {
        job_name: "worker",
        metrics_path: "/metrics",
        static_configs: [{ targets: [targets.worker], labels: { service: "worker" } }],
      },
      { job_name: "prometheus", static_configs: [{ targets: [files.self] }] },
    ],
  };
  return `${JSON.stringify(config, null, 2)}\n`;
}

export async function startPrometheus(
  processes: LocalProcesses,
  options: {
    binary: string;
    root: string;
    dataDir: string;
    port: number;
    targets: PrometheusTargets;
    env: NodeJS.ProcessEnv;
    say: Say;
  },
): Promise<{ service: Service; url: string } | undefined> {
  const dir = join(options.dataDir, "prometheus");
  mkdirSync(dir, { recursive: true });
  const self = `127.0.0.1:${options.port}`;
  const webTokenFile = join(dir, "web-metrics-token");
  if (options.targets.webToken !== undefined)
    writeFileSync(webTokenFile, options.targets.webToken, { mode: 0o600 });
  const configFile = join(dir, "prometheus.yml");
  writeFileSync(
    configFile,
    prometheusConfig(options.targets, {
      rulesDir: join(options.root, "ops/prometheus/rules"),
      webTokenFile,
      self,
    }),
  );
  const service = processes.service(
    "Prometheus",
    options.binary,
    [
      `--config.file=${configFile}`,
      `--storage.tsdb.path=${join(dir, "data")}`,
      "--storage.tsdb.retention.time=7d",
      `--web.listen-address=${self}`,
      "--enable-feature=exemplar-storage",
    ],
    { cwd: dir, env: options.env, logFile: join(dir, "prometheus.log"), optional: true },
  );
  let ended = false;
  void service.exited.then(() => {
    ended = true;
  });
  const url = `http://${self}`;
  const deadline = Date.now() + 30_000;
  while (!ended && !processes.stopping && Date.now() < deadline) {
    try {
      const response = await fetch(`${url}/-/ready`);
      if (response.ok) {
        service.ready();
        return { service, url };
      }
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  if (!ended) {
    options.say("Prometheus did not become ready within 30 s; carrying on without it");
    processes.stopService(service);
  }
  return undefined;
}
