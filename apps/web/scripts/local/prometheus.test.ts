import { execFileSync } from "node:child_process";
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { findPrometheus, prometheusConfig } from "./prometheus";

const rulesDir = resolve(import.meta.dirname, "../../../../ops/prometheus/rules");
const dir = mkdtempSync(join(tmpdir(), "po-pro-local-prometheus-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("the generated Prometheus configuration", () => {
  it("scrapes both apps on loopback, loads the repository's rules and passes promtool", () => {
    const webTokenFile = join(dir, "web-metrics-token");
    writeFileSync(webTokenFile, "scrape-secret-123", { mode: 0o600 });
    const text = prometheusConfig(
      { web: "127.0.0.1:3000", worker: "127.0.0.1:8787", webToken: "scrape-secret-123" },
      { rulesDir, webTokenFile, self: "127.0.0.1:9090" },
    );
    expect(text).not.toContain("scrape-secret-123");
    const config = JSON.parse(text);
    expect(config.rule_files).toContain(join(rulesDir, "*.yml"));
    const jobs = Object.fromEntries(
      config.scrape_configs.map((job: { job_name: string }) => [job.job_name, job]),
    );
    expect(jobs.web.metrics_path).toBe("/api/metrics");
    expect(jobs.web.authorization).toEqual({ credentials_file: webTokenFile });
    expect(jobs.web.static_configs[0].targets).toEqual(["127.0.0.1:3000"]);
    expect(jobs.worker.metrics_path).toBe("/metrics");
    expect(jobs.worker.static_configs[0].targets).toEqual(["127.0.0.1:8787"]);

    const file = join(dir, "prometheus.yml");
    writeFileSync(file, text);
    const checked = execFileSync("promtool", ["check", "config", file], { encoding: "utf8" });
    expect(checked).toContain("SUCCESS");
  });

  it("has no rule files and no authorization when there are none", () => {
    const config = JSON.parse(
      prometheusConfig(
        { web: "127.0.0.1:3000", worker: "127.0.0.1:8787" },
        { rulesDir: join(dir, "absent"), webTokenFile: join(dir, "t"), self: "127.0.0.1:9090" },
      ),
    );
    expect(config.rule_files).toEqual([]);
    expect(config.scrape_configs[0].authorization).toBeUndefined();
  });
});

describe("findPrometheus", () => {
  it("finds an executable named prometheus on PATH, and nothing on a PATH without one", () => {
    const bin = join(dir, "bin");
    execFileSync("mkdir", ["-p", bin]);
    writeFileSync(join(bin, "prometheus"), "#!/bin/sh\n");
    chmodSync(join(bin, "prometheus"), 0o755);
    expect(findPrometheus(`${join(dir, "none")}:${bin}`)).toBe(join(bin, "prometheus"));
    expect(findPrometheus(join(dir, "none"))).toBeUndefined();
  });
});
