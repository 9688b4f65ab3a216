/**
 * The ops configs as Prometheus' and Alertmanager's own checkers read them (Debian's
 * `prometheus` and `prometheus-alertmanager` packages; `.ci/run` installs them).
 */
import { execFile } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const run = promisify(execFile);
const ops = join(dirname(fileURLToPath(import.meta.url)), "..");

describe("ops configs", () => {
  it("promtool accepts the Prometheus config", async () => {
    const { stdout } = await run("promtool", [
      "check",
      "config",
      join(ops, "prometheus/prometheus.yml"),
    ]);
    expect(stdout).toContain("SUCCESS");
  });

  it("amtool accepts the Alertmanager config", async () => {
    const { stdout } = await run("amtool", [
      "check-config",
      join(ops, "alertmanager/alertmanager.yml"),
    ]);
    expect(stdout).toContain("SUCCESS");
  });
});
